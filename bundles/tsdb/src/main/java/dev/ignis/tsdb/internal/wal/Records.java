package dev.ignis.tsdb.internal.wal;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import java.util.Arrays;

/**
 * WAL record payloads as Prometheus's {@code tsdb/record} encodes them. The first byte is the
 * type. Series: repeated {@code ref(8, BE) | uvarint #labels | (uvarint-len name, uvarint-len
 * value)*}. Samples: {@code firstRef(8) | firstT(8)} then repeated {@code varint (ref -
 * firstRef) | varint (t - firstT) | value bits (8)}; an empty samples record is the type alone.
 * Tombstones: repeated {@code ref(8) | varint mint | varint maxt}, one deleted interval each.
 */
public final class Records {

    public static final int SERIES = 1;
    public static final int SAMPLES = 2;
    public static final int TOMBSTONES = 3;
    public static final int EXEMPLARS = 4;
    public static final int MMAP_MARKERS = 5;
    public static final int METADATA = 6;

    private Records() {
    }

    /** Starts a series record in {@code buf}. */
    public static void startSeries(ByteBuf buf) {
        buf.reset().putByte(SERIES);
    }

    /** Adds one series to a record started by {@link #startSeries}. */
    public static void addSeries(ByteBuf buf, long ref, Labels labels) {
        buf.putBE64(ref);
        putLabels(buf, labels);
    }

    /**
     * Appends a label set as Prometheus's records carry one (series, exemplars, the memory
     * snapshot's series): uvarint count, then each name and value as uvarint length and bytes.
     */
    public static void putLabels(ByteBuf buf, Labels labels) {
        buf.putUvarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            buf.putUvarintStr(labels.name(i));
            buf.putUvarintStr(labels.value(i));
        }
    }

    /**
     * Reads a label set written by {@link #putLabels}, through {@code b}.
     *
     * @throws IllegalArgumentException if its count exceeds the record
     */
    static Labels readLabels(ByteReader r, Labels.Builder b) {
        long n = r.getUvarint();
        if (n > r.remaining()) {
            throw new IllegalArgumentException("label count exceeds the record");
        }
        b.reset();
        for (long i = 0; i < n; i++) {
            b.add(r.getUvarintStr(), r.getUvarintStr());
        }
        return b.build();
    }

    /** Encodes a samples record of {@code n} samples. */
    public static void samples(ByteBuf buf, long[] refs, long[] ts, long[] vBits, int n) {
        buf.reset().putByte(SAMPLES);
        if (n == 0) {
            return;
        }
        long ref0 = refs[0];
        long t0 = ts[0];
        buf.putBE64(ref0);
        buf.putBE64(t0);
        for (int i = 0; i < n; i++) {
            buf.putVarint(refs[i] - ref0);
            buf.putVarint(ts[i] - t0);
            buf.putBE64(vBits[i]);
        }
    }

    /** Receives decoded series. */
    @FunctionalInterface
    public interface SeriesSink {
        void series(long ref, Labels labels);
    }

    /**
     * Decodes a series record.
     *
     * @throws IllegalArgumentException if malformed
     */
    public static void decodeSeries(ByteReader r, SeriesSink sink) {
        if (r.getByte() != SERIES) {
            throw new IllegalArgumentException("not a series record");
        }
        Labels.Builder b = Labels.builder(8);
        while (r.remaining() > 0) {
            long ref = r.getBE64();
            sink.series(ref, readLabels(r, b));
        }
    }

    /** Decoded samples in reusable arrays. */
    public static final class SampleBuffer {
        public long[] refs = new long[256];
        public long[] ts = new long[256];
        public long[] vBits = new long[256];
        public int size;

        void add(long ref, long t, long v) {
            if (size == refs.length) {
                int cap = size * 2;
                refs = Arrays.copyOf(refs, cap);
                ts = Arrays.copyOf(ts, cap);
                vBits = Arrays.copyOf(vBits, cap);
            }
            refs[size] = ref;
            ts[size] = t;
            vBits[size] = v;
            size++;
        }
    }

    /**
     * Decodes a samples record into {@code out} (cleared first).
     *
     * @throws IllegalArgumentException if malformed
     */
    public static void decodeSamples(ByteReader r, SampleBuffer out) {
        out.size = 0;
        if (r.getByte() != SAMPLES) {
            throw new IllegalArgumentException("not a samples record");
        }
        if (r.remaining() == 0) {
            return;
        }
        long ref0 = r.getBE64();
        long t0 = r.getBE64();
        while (r.remaining() > 0) {
            long ref = ref0 + r.getVarint();
            long t = t0 + r.getVarint();
            out.add(ref, t, r.getBE64());
        }
    }

    /** Encodes a tombstones record: one deleted interval [mints[i], maxts[i]] of series refs[i] each. */
    public static void tombstones(ByteBuf buf, long[] refs, long[] mints, long[] maxts, int n) {
        buf.reset().putByte(TOMBSTONES);
        for (int i = 0; i < n; i++) {
            buf.putBE64(refs[i]);
            buf.putVarint(mints[i]);
            buf.putVarint(maxts[i]);
        }
    }

    /** Receives decoded tombstones, one interval at a time. */
    @FunctionalInterface
    public interface TombstoneSink {
        void interval(long ref, long mint, long maxt);
    }

    /**
     * Decodes a tombstones record.
     *
     * @throws IllegalArgumentException if malformed
     */
    public static void decodeTombstones(ByteReader r, TombstoneSink sink) {
        if (r.getByte() != TOMBSTONES) {
            throw new IllegalArgumentException("not a tombstones record");
        }
        while (r.remaining() > 0) {
            long ref = r.getBE64();
            long mint = r.getVarint();
            long maxt = r.getVarint();
            sink.interval(ref, mint, maxt);
        }
    }
}
