package dev.ignis.tsdb.internal.exemplar;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.index.Matcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The exemplars of all series in one ring of fixed capacity, as Prometheus 2.42's
 * {@code CircularExemplarStorage}: a new exemplar takes the slot after the previous one,
 * overwriting the oldest exemplar of all series once the ring is full. The exemplars of one
 * series are chained from its oldest to its newest slot, so a query walks only its own.
 *
 * <p>Slots are parallel primitive arrays allocated once per size: storing an exemplar
 * allocates nothing but the index entry of a series that had none. Rules, as 2.42: a repeat
 * of the series' newest exemplar is dropped silently; one not newer than it is out of order;
 * exemplar label sets over {@value #MAX_LABEL_SET_RUNES} characters are refused. A capacity of
 * 0 disables the storage. Thread-safe: one read-write lock, as Prometheus's.
 */
public final class CircularExemplarStorage {

    /** Prometheus's {@code exemplar.ExemplarMaxLabelSetLength}, in UTF-8 characters (runes). */
    public static final int MAX_LABEL_SET_RUNES = 128;

    /** {@link #validate} and {@link #add} results. */
    public static final int OK = 0;
    /** The storage has capacity 0. */
    public static final int DISABLED = 1;
    /** Equal to the series' newest exemplar: nothing to do. */
    public static final int DUPLICATE = 2;
    /** Not newer than the series' newest exemplar. */
    public static final int OUT_OF_ORDER = 3;
    /** Label names and values longer than {@link #MAX_LABEL_SET_RUNES} characters together. */
    public static final int LABEL_LENGTH = 4;

    private static final int NONE = -1;

    /** A series with exemplars in the ring: where its chain starts and ends. */
    private static final class Series {
        final Labels labels;
        int oldest;
        int newest;

        Series(Labels labels, int oldest) {
            this.labels = labels;
            this.oldest = oldest;
        }
    }

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<Labels, Series> index = new HashMap<>();
    // Slot i is empty while owner[i] is null.
    private Series[] owner;
    private long[] ts;
    private double[] values;
    private boolean[] hasTs;
    private Labels[] labels;
    private int[] next;
    private int nextIndex;

    private final LongAdder appended = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    // Gauges as 2.42 computes them after each change (see computeMetrics).
    private volatile long inStorage;
    private volatile int seriesInStorage;
    private volatile double lastTimestampSeconds;
    private volatile int capacity;

    /** @param size ring capacity; 0 or less disables the storage */
    public CircularExemplarStorage(long size) {
        allocate(clamp(size));
    }

    private static int clamp(long size) {
        if (size <= 0) {
            return 0;
        }
        // Java arrays: about 30 bytes per slot, so this is far beyond any usable heap anyway.
        return (int) Math.min(size, Integer.MAX_VALUE - 8);
    }

    private void allocate(int n) {
        owner = new Series[n];
        ts = new long[n];
        values = new double[n];
        hasTs = new boolean[n];
        labels = new Labels[n];
        next = new int[n];
        nextIndex = 0;
        capacity = n;
    }

    /** The ring's capacity ({@code prometheus_tsdb_exemplar_max_exemplars}); 0 when disabled. */
    public int capacity() {
        return capacity;
    }

    /**
     * Checks an exemplar against the series' newest one without storing it (an appender's
     * check before commit); counts nothing.
     *
     * @return {@link #OK}, {@link #DISABLED}, {@link #DUPLICATE}, {@link #OUT_OF_ORDER} or {@link #LABEL_LENGTH}
     */
    public int validate(Labels series, Labels exemplar, long t, boolean hasT, double v) {
        lock.readLock().lock();
        try {
            return check(series, exemplar, t, hasT, v);
        } finally {
            lock.readLock().unlock();
        }
    }

    private int check(Labels series, Labels exemplar, long t, boolean hasT, double v) {
        if (owner.length == 0) {
            return DISABLED;
        }
        if (!labelLengthOk(exemplar)) {
            return LABEL_LENGTH;
        }
        Series s = index.get(series);
        if (s == null) {
            return OK;
        }
        int n = s.newest;
        // Prometheus's Exemplar.Equals: timestamps count only when one of them was exposed.
        if (labels[n].equals(exemplar) && (!(hasT || hasTs[n]) || ts[n] == t) && values[n] == v) {
            return DUPLICATE;
        }
        if (t <= ts[n]) {
            return OUT_OF_ORDER;
        }
        return OK;
    }

    /** Whether the label names and values have at most {@link #MAX_LABEL_SET_RUNES} characters together. */
    public static boolean labelLengthOk(Labels l) {
        int runes = 0;
        for (int i = 0; i < l.size(); i++) {
            String name = l.name(i);
            String value = l.value(i);
            runes += name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
            if (runes > MAX_LABEL_SET_RUNES) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stores an exemplar of {@code series} as its newest, overwriting the ring's oldest entry
     * when full. A duplicate is a no-op that reports {@link #OK}, as in 2.42.
     *
     * @return {@link #OK}, {@link #DISABLED}, {@link #OUT_OF_ORDER} (counted in
     *         {@code out_of_order_exemplars_total}) or {@link #LABEL_LENGTH}
     */
    public int add(Labels series, Labels exemplar, long t, boolean hasT, double v) {
        lock.writeLock().lock();
        try {
            int r = check(series, exemplar, t, hasT, v);
            if (r == DUPLICATE) {
                return OK;
            }
            if (r != OK) {
                if (r == OUT_OF_ORDER) {
                    outOfOrder.increment();
                }
                return r;
            }
            Series s = index.get(series);
            int slot = nextIndex;
            if (s == null) {
                s = new Series(series, slot);
                index.put(series, s);
            } else {
                next[s.newest] = slot;
            }
            evict(slot);
            store(slot, s, exemplar, t, hasT, v);
            appended.increment();
            computeMetrics();
            return OK;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Unlinks the entry in {@code slot} (if any) from its series, dropping the series after its last one. */
    private void evict(int slot) {
        Series prev = owner[slot];
        if (prev == null) {
            return;
        }
        if (next[slot] == NONE) {
            index.remove(prev.labels);
        } else {
            prev.oldest = next[slot];
        }
    }

    private void store(int slot, Series s, Labels exemplar, long t, boolean hasT, double v) {
        owner[slot] = s;
        labels[slot] = exemplar;
        ts[slot] = t;
        hasTs[slot] = hasT;
        values[slot] = v;
        next[slot] = NONE;
        s.newest = slot;
        nextIndex = slot + 1 == owner.length ? 0 : slot + 1;
    }

    private void computeMetrics() {
        seriesInStorage = index.size();
        int n = owner.length;
        if (n == 0) {
            inStorage = 0;
            lastTimestampSeconds = 0;
            return;
        }
        if (owner[nextIndex] != null) {
            inStorage = n;
            lastTimestampSeconds = ts[nextIndex] / 1000.0;
            return;
        }
        // Not full yet; like 2.42 the oldest timestamp keeps its previous value while slot 0 is empty.
        inStorage = nextIndex;
        if (owner[0] != null) {
            lastTimestampSeconds = ts[0] / 1000.0;
        }
    }

    /**
     * Changes the capacity, keeping the newest exemplars that fit (in their order), as 2.42's
     * {@code Resize}; nothing happens when the capacity is unchanged.
     *
     * @return exemplars kept
     */
    public int resize(long size) {
        int n = clamp(size);
        lock.writeLock().lock();
        try {
            if (n == owner.length) {
                return 0;
            }
            Series[] oldOwner = owner;
            long[] oldTs = ts;
            double[] oldValues = values;
            boolean[] oldHasTs = hasTs;
            Labels[] oldLabels = labels;
            int oldNext = nextIndex;
            int oldLen = oldOwner.length;
            allocate(n);
            index.clear();
            int count = Math.min(oldLen, n);
            int migrated = 0;
            if (n > 0 && oldLen > 0) {
                // The newest `count` entries, oldest first: older ones would be overwritten anyway.
                int start = (oldNext - count + oldLen) % oldLen;
                for (int i = 0; i < count; i++) {
                    int from = (start + i) % oldLen;
                    Series old = oldOwner[from];
                    if (old == null) {
                        continue;
                    }
                    int slot = nextIndex;
                    Series s = index.get(old.labels);
                    if (s == null) {
                        s = new Series(old.labels, slot);
                        index.put(old.labels, s);
                    } else {
                        next[s.newest] = slot;
                    }
                    store(slot, s, oldLabels[from], oldTs[from], oldHasTs[from], oldValues[from]);
                    migrated++;
                }
            }
            computeMetrics();
            return migrated;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Exemplars in [start, end] of the series matching all matchers of at least one selector,
     * each series' oldest first, series sorted by labels (2.42's {@code Select}).
     */
    public List<ExemplarSeries> select(long start, long end, List<List<LabelMatcher>> selectors) {
        List<Matcher[]> sets = new ArrayList<>(selectors.size());
        for (List<LabelMatcher> s : selectors) {
            sets.add(Matcher.compile(s.toArray(new LabelMatcher[0])));
        }
        List<ExemplarSeries> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            if (owner.length == 0) {
                return out;
            }
            for (Series s : index.values()) {
                if (ts[s.oldest] > end || ts[s.newest] < start || !matchesAny(s.labels, sets)) {
                    continue;
                }
                List<Exemplar> found = new ArrayList<>();
                for (int i = s.oldest; ts[i] <= end; i = next[i]) {
                    if (ts[i] >= start) {
                        found.add(new Exemplar(labels[i], values[i], ts[i], hasTs[i]));
                    }
                    if (next[i] == NONE) {
                        break;
                    }
                }
                if (!found.isEmpty()) {
                    out.add(new ExemplarSeries(s.labels, found));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        out.sort((a, b) -> a.seriesLabels().compareTo(b.seriesLabels()));
        return out;
    }

    private static boolean matchesAny(Labels l, List<Matcher[]> sets) {
        outer:
        for (Matcher[] set : sets) {
            for (Matcher m : set) {
                String v = l.get(m.name());
                if (!m.matches(v == null ? "" : v)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Receives stored exemplars (see {@link #forEach}). */
    @FunctionalInterface
    public interface Visitor {
        void exemplar(Labels series, Labels labels, long t, double v);
    }

    /** Hands every stored exemplar to {@code v}, in the order they were stored (oldest first). */
    public void forEach(Visitor v) {
        lock.readLock().lock();
        try {
            int n = owner.length;
            for (int i = 0, slot = nextIndex; i < n; i++, slot = slot + 1 == n ? 0 : slot + 1) {
                Series s = owner[slot];
                if (s != null) {
                    v.exemplar(s.labels, labels[slot], ts[slot], values[slot]);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** {@code prometheus_tsdb_exemplar_exemplars_appended_total}. */
    public long appendedTotal() {
        return appended.sum();
    }

    /** {@code prometheus_tsdb_exemplar_out_of_order_exemplars_total}. */
    public long outOfOrderTotal() {
        return outOfOrder.sum();
    }

    /** {@code prometheus_tsdb_exemplar_exemplars_in_storage}. */
    public long inStorage() {
        return inStorage;
    }

    /** {@code prometheus_tsdb_exemplar_series_with_exemplars_in_storage}. */
    public int seriesInStorage() {
        return seriesInStorage;
    }

    /** {@code prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds}: the oldest stored exemplar's time. */
    public double lastTimestampSeconds() {
        return lastTimestampSeconds;
    }
}
