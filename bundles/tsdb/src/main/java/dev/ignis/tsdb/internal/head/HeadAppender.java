package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.util.LongIntMap;

/**
 * Buffers one batch of samples and applies it to the head on {@link #commit()}. Checks each
 * sample when appended: too old for the head's window (OUT_OF_BOUNDS), older than the
 * series' newest sample in the head or in this batch (OUT_OF_ORDER), or at the same timestamp
 * with different value bits (DUPLICATE_SAMPLE). An identical repeat is accepted and dropped,
 * as Prometheus does. With a valid ref nothing is allocated per sample.
 */
final class HeadAppender implements Appender {

    // Stack-less exceptions, shared: rejects are frequent and carry no per-sample state.
    private static final StorageException OUT_OF_BOUNDS = new StorageException(StorageException.Kind.OUT_OF_BOUNDS);
    private static final StorageException OUT_OF_ORDER = new StorageException(StorageException.Kind.OUT_OF_ORDER);
    private static final StorageException DUPLICATE = new StorageException(StorageException.Kind.DUPLICATE_SAMPLE);

    private final Head head;
    private AppendBatch batch;

    HeadAppender(Head head, AppendBatch batch) {
        this.head = head;
        this.batch = batch;
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) throws StorageException {
        AppendBatch b = open();
        if (t < head.appendableMinValidTime()) {
            head.metrics.outOfBoundSamples.increment();
            throw OUT_OF_BOUNDS;
        }
        MemSeries s = ref != 0 ? head.series.getByRef(ref) : null;
        if (s == null) {
            if (labels == null || labels.isEmpty()) {
                throw new StorageException(StorageException.Kind.INTERNAL, "invalid sample: empty labelset", null);
            }
            s = head.getOrCreate(labels);
        }
        long bits = Double.doubleToRawLongBits(v);
        int i = b.indexOf(s);
        long lastT;
        long lastBits;
        if (i != LongIntMap.MISSING) {
            lastT = b.t[i];
            lastBits = b.v[i];
        } else {
            lastT = s.lastT();
            lastBits = s.lastVBits();
            if (lastT == Long.MIN_VALUE && !s.hasSamples()) {
                return added(b, s, t, v, bits);
            }
        }
        if (t < lastT) {
            head.metrics.outOfOrderSamples.increment();
            throw OUT_OF_ORDER;
        }
        if (t == lastT) {
            if (bits != lastBits) {
                throw DUPLICATE;
            }
            return s.ref;
        }
        return added(b, s, t, v, bits);
    }

    private long added(AppendBatch b, MemSeries s, long t, double v, long bits) throws StorageException {
        while (!b.add(s, t, bits)) {
            // Head truncation is removing the series (it holds the commit lock meanwhile): it
            // either keeps it after all, and the next add succeeds, or takes it out of the maps,
            // and the sample goes to the series made anew.
            if (head.getOrCreate(s.labels) != s) {
                return append(0, s.labels, t, v);
            }
            Thread.yield();
        }
        return s.ref;
    }

    @Override
    public void commit() throws StorageException {
        AppendBatch b = open();
        batch = null;
        try {
            if (b.n > 0) {
                head.commit(b);
            }
        } finally {
            head.release(b);
        }
    }

    @Override
    public void rollback() {
        AppendBatch b = batch;
        if (b != null) {
            batch = null;
            head.release(b);
        }
    }

    private AppendBatch open() {
        AppendBatch b = batch;
        if (b == null) {
            throw new IllegalStateException("appender already committed or rolled back");
        }
        return b;
    }
}
