package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples to backfill, in input order, in columns: a series id, a timestamp (ms) and a
 * value per sample, and the labels of each series once. Whoever reads the input (ignistool's
 * OpenMetrics reader) fills it; {@link Backfill} cuts it into blocks. Not thread-safe.
 */
public final class BackfillSamples {
    private final List<Labels> series = new ArrayList<>();
    private int[] seriesOf = new int[1024];
    private long[] ts = new long[1024];
    private double[] vs = new double[1024];
    private int n;
    private long minT = Long.MAX_VALUE;
    private long maxT = Long.MIN_VALUE;

    /** Registers a series and returns its id (0, 1, ...); the caller keeps ids unique per label set. */
    public int addSeries(Labels labels) {
        series.add(labels);
        return series.size() - 1;
    }

    /** Appends a sample of series {@code id}. */
    public void add(int id, long t, double v) {
        if (n == ts.length) {
            int cap = n * 2;
            seriesOf = Arrays.copyOf(seriesOf, cap);
            ts = Arrays.copyOf(ts, cap);
            vs = Arrays.copyOf(vs, cap);
        }
        seriesOf[n] = id;
        ts[n] = t;
        vs[n] = v;
        n++;
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
    }

    /** Number of samples. */
    public int size() {
        return n;
    }

    /** Number of series. */
    public int seriesCount() {
        return series.size();
    }

    /** Series id of sample {@code i}. */
    public int seriesId(int i) {
        return seriesOf[i];
    }

    /** Labels of series {@code id}. */
    public Labels seriesLabels(int id) {
        return series.get(id);
    }

    /** Labels of the series of sample {@code i}. */
    public Labels labels(int i) {
        return series.get(seriesOf[i]);
    }

    public long t(int i) {
        return ts[i];
    }

    public double v(int i) {
        return vs[i];
    }

    /** Oldest timestamp, Long.MAX_VALUE when empty. */
    public long minTime() {
        return minT;
    }

    /** Newest timestamp, Long.MIN_VALUE when empty. */
    public long maxTime() {
        return maxT;
    }
}
