package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;

/**
 * The exemplars of one append batch, checked when appended and stored on commit, in arrays
 * reused with the batch. Created on a batch's first exemplar, so batches without any cost nothing.
 */
public final class ExemplarBatch {
    MemSeries[] series = new MemSeries[8];
    long[] refs = new long[8];
    long[] t = new long[8];
    long[] v = new long[8];
    boolean[] hasT = new boolean[8];
    Labels[] labels = new Labels[8];
    int n;

    void add(MemSeries s, Labels l, long ts, boolean hasTs, double value) {
        if (n == refs.length) {
            int cap = n * 2;
            series = Arrays.copyOf(series, cap);
            refs = Arrays.copyOf(refs, cap);
            t = Arrays.copyOf(t, cap);
            v = Arrays.copyOf(v, cap);
            hasT = Arrays.copyOf(hasT, cap);
            labels = Arrays.copyOf(labels, cap);
        }
        series[n] = s;
        refs[n] = s.ref;
        t[n] = ts;
        v[n] = Double.doubleToRawLongBits(value);
        hasT[n] = hasTs;
        labels[n] = l;
        n++;
    }

    void clear() {
        Arrays.fill(series, 0, n, null);
        Arrays.fill(labels, 0, n, null);
        n = 0;
    }

    /** Number of exemplars. */
    public int size() {
        return n;
    }

    /** Series refs, timestamps, raw value bits and labels of the exemplars, the first {@link #size()} valid. */
    public long[] refs() {
        return refs;
    }

    public long[] timestamps() {
        return t;
    }

    public long[] valueBits() {
        return v;
    }

    public Labels[] labels() {
        return labels;
    }
}
