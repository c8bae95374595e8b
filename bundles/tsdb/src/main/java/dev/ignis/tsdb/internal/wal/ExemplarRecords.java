package dev.ignis.tsdb.internal.wal;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;

/**
 * Exemplar WAL records as Prometheus's {@code tsdb/record} encodes them: the type, then
 * {@code firstRef(8) | firstT(8)} and per exemplar {@code varint (ref - firstRef) | varint
 * (t - firstT) | value bits (8) | uvarint #labels | (uvarint-len name, uvarint-len value)*}.
 * The memory snapshot uses the same body after its own type byte.
 */
public final class ExemplarRecords {

    private ExemplarRecords() {
    }

    /** Encodes {@code n} exemplars as a WAL record into {@code buf} (reset first); {@code n > 0}. */
    public static void encode(ByteBuf buf, long[] refs, long[] ts, long[] vBits, Labels[] labels, int n) {
        buf.reset().putByte(Records.EXEMPLARS);
        encodeBody(buf, refs, ts, vBits, labels, n);
    }

    /** Appends the record body of {@code n > 0} exemplars to {@code buf}. */
    public static void encodeBody(ByteBuf buf, long[] refs, long[] ts, long[] vBits, Labels[] labels, int n) {
        long ref0 = refs[0];
        long t0 = ts[0];
        buf.putBE64(ref0);
        buf.putBE64(t0);
        for (int i = 0; i < n; i++) {
            buf.putVarint(refs[i] - ref0);
            buf.putVarint(ts[i] - t0);
            buf.putBE64(vBits[i]);
            Records.putLabels(buf, labels[i]);
        }
    }

    /** Receives decoded exemplars. */
    @FunctionalInterface
    public interface Sink {
        void exemplar(long ref, long t, double v, Labels labels);
    }

    /**
     * Decodes an exemplar WAL record.
     *
     * @throws IllegalArgumentException if malformed
     */
    public static void decode(ByteReader r, Sink sink) {
        if (r.getByte() != Records.EXEMPLARS) {
            throw new IllegalArgumentException("not an exemplars record");
        }
        decodeBody(r, sink);
    }

    /**
     * Decodes a record body (what follows the type byte).
     *
     * @throws IllegalArgumentException if malformed
     */
    public static void decodeBody(ByteReader r, Sink sink) {
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
            sink.exemplar(ref, t, v, Records.readLabels(r, b));
        }
    }
}
