package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.LongIntMap;
import java.util.Arrays;

/**
 * The samples of one append batch, in append order, in primitive arrays reused from batch to
 * batch. Also indexes each series' latest sample in the batch, to check order at append time.
 */
public final class AppendBatch {
    private static final int MAX_POOLED = 1 << 16;

    MemSeries[] series = new MemSeries[64];
    long[] t = new long[64];
    long[] v = new long[64];
    int n;
    final LongIntMap lastIndex = new LongIntMap(64);
    final Head.Apply apply;

    AppendBatch(Head head) {
        apply = head.new Apply();
    }

    /** Number of samples. */
    public int size() {
        return n;
    }

    /** Ref of the i-th sample's series. */
    public long ref(int i) {
        return series[i].ref;
    }

    /** Timestamp of the i-th sample. */
    public long t(int i) {
        return t[i];
    }

    /** Raw value bits of the i-th sample. */
    public long vBits(int i) {
        return v[i];
    }

    /** Labels of the i-th sample's series. */
    public Labels labels(int i) {
        return series[i].labels;
    }

    /** Whether the i-th sample's series still needs a WAL series record. */
    public boolean needsSeriesRecord(int i) {
        return !series[i].walLogged;
    }

    /** Marks the i-th sample's series as logged in the WAL (or not, to undo). */
    public void markLogged(int i, boolean logged) {
        series[i].walLogged = logged;
    }

    /** Adds a sample; false (nothing added) if head truncation removed the series meanwhile. */
    boolean add(MemSeries s, long ts, long bits) {
        if (lastIndex.get(s.ref) == LongIntMap.MISSING && !s.pin()) {
            return false;
        }
        if (n == series.length) {
            int cap = n * 2;
            series = Arrays.copyOf(series, cap);
            t = Arrays.copyOf(t, cap);
            v = Arrays.copyOf(v, cap);
        }
        series[n] = s;
        t[n] = ts;
        v[n] = bits;
        lastIndex.put(s.ref, n);
        n++;
        return true;
    }

    /** Clears for reuse; false if the batch grew too big to keep pooled. */
    boolean reset() {
        for (int i = 0; i < n; i++) {
            if (lastIndex.get(series[i].ref) == i) {
                series[i].unpin();
            }
        }
        Arrays.fill(series, 0, n, null);
        n = 0;
        lastIndex.clear();
        return series.length <= MAX_POOLED;
    }
}
