package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.Records;

/**
 * Exemplar WAL records as Prometheus's {@code tsdb/record} encodes them: the type, then
 * {@code firstRef(8) | firstT(8)} and per exemplar {@code varint (ref - firstRef) | varint
 * (t - firstT) | value bits (8) | uvarint #labels | (uvarint-len name, uvarint-len value)*}.
 */
final class ExemplarRecords {

    private ExemplarRecords() {
    }

    /** Encodes {@code n} exemplars into {@code buf} (reset first); {@code n > 0}. */
    static void encode(ByteBuf buf, long[] refs, long[] ts, long[] vBits, Labels[] labels, int n) {
        buf.reset().putByte(Records.EXEMPLARS);
        long ref0 = refs[0];
        long t0 = ts[0];
        buf.putBE64(ref0);
        buf.putBE64(t0);
        for (int i = 0; i < n; i++) {
            buf.putVarint(refs[i] - ref0);
            buf.putVarint(ts[i] - t0);
            buf.putBE64(vBits[i]);
            buf.putUvarint(labels[i].size());
            for (int k = 0; k < labels[i].size(); k++) {
                buf.putUvarintStr(labels[i].name(k));
                buf.putUvarintStr(labels[i].value(k));
            }
        }
    }

    /** Receives decoded exemplars. */
    @FunctionalInterface
    interface Sink {
        void exemplar(long ref, long t, double v, Labels labels);
    }

    /**
     * Decodes an exemplar record.
     *
     * @throws IllegalArgumentException if malformed
     */
    static void decode(ByteReader r, Sink sink) {
        if (r.getByte() != Records.EXEMPLARS) {
            throw new IllegalArgumentException("not an exemplars record");
        }
        if (r.remaining() == 0) {
            return;
        }
        long ref0 = r.getBE64();
        long t0 = r.getBE64();
        Labels.Builder b = Labels.builder(4);
        while (r.remaining() > 0) {
            long ref = ref0 + r.getVarint();
            long t = t0 + r.getVarint();
            double v = Double.longBitsToDouble(r.getBE64());
            long n = r.getUvarint();
            if (n > r.remaining()) {
                throw new IllegalArgumentException("label count exceeds the record");
            }
            b.reset();
            for (long i = 0; i < n; i++) {
                b.add(r.getUvarintStr(), r.getUvarintStr());
            }
            sink.exemplar(ref, t, v, b.build());
        }
    }
}
