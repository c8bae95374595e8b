package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
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
    private static final StorageException OUT_OF_ORDER_EXEMPLAR =
            new StorageException(StorageException.Kind.OUT_OF_ORDER_EXEMPLAR);
    private static final StorageException EXEMPLAR_LABEL_LENGTH =
            new StorageException(StorageException.Kind.EXEMPLAR_LABEL_LENGTH);

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
    public long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, double v)
            throws StorageException {
        return appendExemplar(ref, seriesLabels, exemplarLabels, t, true, v);
    }

    /**
     * Checks the exemplar against the series' newest stored one and keeps it for the commit,
     * as Prometheus's head appender: dropped (0) when exemplar storage is off or it repeats the
     * newest; its empty-valued labels are removed first.
     */
    @Override
    public long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, boolean hasTimestamp,
            double v) throws StorageException {
        AppendBatch b = open();
        CircularExemplarStorage store = head.exemplars();
        if (store == null || store.capacity() == 0) {
            return 0;
        }
        MemSeries s = ref != 0 ? head.series.getByRef(ref) : null;
        if (s == null && seriesLabels != null) {
            s = head.series.getByLabels(seriesLabels);
        }
        if (s == null) {
            throw new StorageException(StorageException.Kind.INTERNAL,
                    "unknown HeadSeriesRef when trying to add exemplar: " + ref, null);
        }
        Labels el = withoutEmpty(exemplarLabels == null ? Labels.EMPTY : exemplarLabels);
        switch (store.validate(s.labels, el, t, hasTimestamp, v)) {
            case CircularExemplarStorage.OK -> { }
            case CircularExemplarStorage.OUT_OF_ORDER -> throw OUT_OF_ORDER_EXEMPLAR;
            case CircularExemplarStorage.LABEL_LENGTH -> throw EXEMPLAR_LABEL_LENGTH;
            default -> {
                return 0; // a duplicate, or the storage was just resized to 0
            }
        }
        ExemplarBatch eb = b.exemplars;
        if (eb == null) {
            eb = new ExemplarBatch();
            b.exemplars = eb;
        }
        eb.add(s, el, t, hasTimestamp, v);
        return s.ref;
    }

    private static Labels withoutEmpty(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            if (l.value(i).isEmpty()) {
                Labels.Builder b = Labels.builder(l.size());
                l.forEach((name, value) -> {
                    if (!value.isEmpty()) {
                        b.add(name, value);
                    }
                });
                return b.build();
            }
        }
        return l;
    }

    @Override
    public void commit() throws StorageException {
        AppendBatch b = open();
        batch = null;
        try {
            if (b.n > 0 || b.exemplars() != null) {
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
