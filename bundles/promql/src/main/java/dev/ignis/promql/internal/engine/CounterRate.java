package dev.ignis.promql.internal.engine;

/**
 * {@code rate()} and {@code increase()} over the windows of one range call, with the same
 * result bits as {@link RangeFunctions#extrapolatedRate}. A window's extrapolation factor
 * depends only on where its first and last samples sit in it and how many it holds; with
 * regular scrapes and steps most windows repeat the geometry of the one before, so the factor
 * (three divisions) is kept and reused, and the factor's one value-dependent input, the
 * extrapolation towards zero, is only worked out when it can move the start.
 */
final class CounterRate {

    private final long rangeMs;
    private final double rangeSeconds;
    private final boolean rate;

    // The geometry the fields below were worked out for.
    private long keyToStart = Long.MIN_VALUE;
    private long keyToEnd;
    private int keyN;
    private double toStart;
    private double sampled;
    private double avgGap;
    private double threshold;
    private double endAdjust;
    private double factor;

    CounterRate(long rangeMs, boolean rate) {
        this.rangeMs = rangeMs;
        this.rangeSeconds = RangeFunctions.seconds(rangeMs);
        this.rate = rate;
    }

    /**
     * The window of {@code n} samples from {@code off} ending at {@code rangeEnd};
     * {@code mayReset} false when no value in it is below the one before.
     */
    double apply(long[] ts, double[] vs, int off, int n, long rangeEnd, boolean mayReset) {
        if (n < 2) {
            return RangeFunctions.NONE;
        }
        int lastI = off + n - 1;
        double first = vs[off];
        double result = vs[lastI] - first;
        if (mayReset) {
            double last = 0;
            for (int i = off; i <= lastI; i++) {
                if (vs[i] < last) {
                    result += last;
                }
                last = vs[i];
            }
        }
        long toStartMs = ts[off] - (rangeEnd - rangeMs);
        long toEndMs = rangeEnd - ts[lastI];
        if (toStartMs != keyToStart || toEndMs != keyToEnd || n != keyN) {
            keyToStart = toStartMs;
            keyToEnd = toEndMs;
            keyN = n;
            toStart = RangeFunctions.seconds(toStartMs);
            double toEnd = RangeFunctions.seconds(toEndMs);
            sampled = RangeFunctions.seconds(ts[lastI] - ts[off]);
            avgGap = sampled / (n - 1);
            threshold = avgGap * 1.1;
            endAdjust = toEnd < threshold ? toEnd : avgGap / 2;
            factor = interval(toStart) / sampled;
        }
        double f = factor;
        // Towards zero: sampled * (first / result) is at least sampled, hence at least
        // toStart, when first >= result and sampled >= toStart; only otherwise is it computed.
        if (result > 0 && first >= 0 && !(first >= result && sampled >= toStart)) {
            double toZero = sampled * (first / result);
            if (toZero < toStart) {
                f = interval(toZero) / sampled;
            }
        }
        result = result * f;
        return rate ? result / rangeSeconds : result;
    }

    /** The extrapolated interval for a start gap of {@code start} seconds, added in 2.42's order. */
    private double interval(double start) {
        double interval = sampled;
        interval += start < threshold ? start : avgGap / 2;
        interval += endAdjust;
        return interval;
    }
}
