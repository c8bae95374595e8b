package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.labels.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples to backfill, in input order, in columnar segments: per sample a series id, a
 * timestamp (ms) and a value; the labels of each series once. Whoever reads the input
 * (ignistool's OpenMetrics reader, which parses parts of a file in parallel) hands over one
 * segment per part, in input order, or adds samples one by one; {@link Backfill} cuts them into
 * blocks. Not thread-safe.
 */
public final class BackfillSamples {
    private final List<Labels> series = new ArrayList<>();
    private final List<Segment> segments = new ArrayList<>();
    /** The segment {@link #add} appends to (owned here, so it may grow), or null. */
    private Segment open;
    private long size;
    private long minT = Long.MAX_VALUE;
    private long maxT = Long.MIN_VALUE;

    /** One run of samples in input order: the first {@code n} entries of the three columns. */
    static final class Segment {
        int[] ids;
        long[] ts;
        double[] vs;
        int n;
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;

        Segment(int[] ids, long[] ts, double[] vs, int n) {
            this.ids = ids;
            this.ts = ts;
            this.vs = vs;
            this.n = n;
        }
    }

    /** Registers a series and returns its id (0, 1, ...); the caller keeps ids unique per label set. */
    public int addSeries(Labels labels) {
        series.add(labels);
        return series.size() - 1;
    }

    /** Appends a sample of series {@code id}. */
    public void add(int id, long t, double v) {
        if (open == null || open.n == open.ts.length) {
            if (open == null) {
                open = new Segment(new int[1024], new long[1024], new double[1024], 0);
                segments.add(open);
            } else {
                int cap = open.n * 2;
                open.ids = Arrays.copyOf(open.ids, cap);
                open.ts = Arrays.copyOf(open.ts, cap);
                open.vs = Arrays.copyOf(open.vs, cap);
            }
        }
        int i = open.n++;
        open.ids[i] = id;
        open.ts[i] = t;
        open.vs[i] = v;
        open.minT = Math.min(open.minT, t);
        open.maxT = Math.max(open.maxT, t);
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
        size++;
    }

    /**
     * Appends the first {@code n} samples of the given columns after those added so far. The
     * arrays are taken over, not copied; their series ids must have been registered.
     *
     * @param minT the oldest of the {@code n} times (the reader has seen each already)
     * @param maxT the newest of them
     */
    public void addAll(int[] ids, long[] ts, double[] vs, int n, long minT, long maxT) {
        if (n > ids.length || n > ts.length || n > vs.length || (n > 0 && minT > maxT)) {
            throw new IllegalArgumentException(n + " samples in shorter columns, or times from " + minT + " to " + maxT);
        }
        if (n == 0) {
            return;
        }
        Segment s = new Segment(ids, ts, vs, n);
        s.minT = minT;
        s.maxT = maxT;
        segments.add(s);
        open = null;
        this.minT = Math.min(this.minT, minT);
        this.maxT = Math.max(this.maxT, maxT);
        size += n;
    }

    /** Number of samples. */
    public long size() {
        return size;
    }

    /** Number of series. */
    public int seriesCount() {
        return series.size();
    }

    /** Labels of series {@code id}. */
    public Labels seriesLabels(int id) {
        return series.get(id);
    }

    List<Segment> segments() {
        return segments;
    }

    /** Receives samples one by one. */
    @FunctionalInterface
    public interface SampleVisitor {
        void sample(int series, long t, double v);
    }

    /** Shows every sample to {@code v}, in input order. */
    public void forEach(SampleVisitor v) {
        for (Segment s : segments) {
            for (int i = 0; i < s.n; i++) {
                v.sample(s.ids[i], s.ts[i], s.vs[i]);
            }
        }
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
