package dev.ignis.promql.internal.engine;

/**
 * Prometheus's query sample statistics: samples read from storage (in total and, when asked
 * for, per step) and the most samples held in memory at once. A child counts a subquery's or
 * a step-invariant node's inner evaluation on its own; its parent takes its peak and decides
 * how its total counts.
 */
final class SampleStats {
    long total;
    long peak;
    private final long[] perStep;
    private final long start;
    private final long interval;

    /**
     * @param perStep whether to count per step, over the steps {@code start, start+interval..}
     * @param steps how many steps
     */
    SampleStats(boolean perStep, long start, long interval, int steps) {
        this.perStep = perStep ? new long[steps] : null;
        this.start = start;
        this.interval = interval;
    }

    SampleStats child() {
        return new SampleStats(false, 0, 1, 0);
    }

    void atStep(int step, long n) {
        total += n;
        if (perStep != null) {
            perStep[step] += n;
        }
    }

    void atTime(long t, long n) {
        total += n;
        if (perStep != null) {
            perStep[(int) ((t - start) / interval)] += n;
        }
    }

    void peak(long current) {
        if (current > peak) {
            peak = current;
        }
    }

    void peakFrom(SampleStats child) {
        peak(child.peak);
    }

    /** Samples per step, or {@code null} when not counted. */
    long[] perStep() {
        return perStep;
    }

    long start() {
        return start;
    }

    long interval() {
        return interval;
    }
}
