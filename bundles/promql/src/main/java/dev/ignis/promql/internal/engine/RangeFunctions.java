package dev.ignis.promql.internal.engine;

/**
 * Functions over one series' samples in a window ({@code rate(x[5m])}, {@code *_over_time}),
 * computed as Prometheus 2.42 does. Each returns NaN-free results or {@link #NONE} when the
 * series yields no output element.
 */
final class RangeFunctions {

    /** Marker for "no output element for this series". */
    static final double NONE = Double.longBitsToDouble(0x7ff8dead00000000L);

    private RangeFunctions() {
    }

    static boolean isNone(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(NONE);
    }

    /** The functions over windows, resolved once per call node. */
    enum Fn {
        COUNT_OVER_TIME, PRESENT_OVER_TIME, LAST_OVER_TIME, SUM_OVER_TIME, AVG_OVER_TIME, MIN_OVER_TIME,
        MAX_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, QUANTILE_OVER_TIME, CHANGES, RESETS, RATE, INCREASE,
        DELTA, IRATE, IDELTA, DERIV, PREDICT_LINEAR, HOLT_WINTERS, ABSENT_OVER_TIME;

        static Fn of(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * @param ts sample times; the window is {@code n} samples from {@code off}, at least one
     * @param rangeEnd the end of the window (evaluation time minus offset, or the @ time)
     * @param rangeMs the window length
     */
    static double apply(Fn fn, long[] ts, double[] vs, int off, int n, long rangeEnd, long rangeMs, double arg) {
        return switch (fn) {
            case COUNT_OVER_TIME -> n;
            case PRESENT_OVER_TIME, ABSENT_OVER_TIME -> 1;
            case LAST_OVER_TIME -> vs[off + n - 1];
            case SUM_OVER_TIME -> kahanSum(vs, off, n);
            case AVG_OVER_TIME -> avg(vs, off, n);
            case MIN_OVER_TIME -> minMax(vs, off, n, true);
            case MAX_OVER_TIME -> minMax(vs, off, n, false);
            case STDDEV_OVER_TIME -> Math.sqrt(variance(vs, off, n));
            case STDVAR_OVER_TIME -> variance(vs, off, n);
            case QUANTILE_OVER_TIME -> quantile(arg, vs, off, n);
            case CHANGES -> changes(vs, off, n);
            case RESETS -> resets(vs, off, n);
            case RATE -> extrapolatedRate(ts, vs, off, n, rangeEnd, rangeMs, true, true);
            case INCREASE -> extrapolatedRate(ts, vs, off, n, rangeEnd, rangeMs, true, false);
            case DELTA -> extrapolatedRate(ts, vs, off, n, rangeEnd, rangeMs, false, false);
            case IRATE -> instantRate(ts, vs, off, n, true);
            case IDELTA -> instantRate(ts, vs, off, n, false);
            case DERIV -> n < 2 ? NONE : slope(ts, vs, off, n, ts[off]);
            case PREDICT_LINEAR, HOLT_WINTERS -> throw new IllegalStateException("BUG: " + fn + " takes more arguments");
        };
    }

    /**
     * {@code ms / 1000.0}, bit for bit: a whole number of seconds (the usual case: samples and
     * steps on whole seconds) is converted without the floating-point division, which is the
     * exact quotient there; other values, and any beyond 2^53 in magnitude (where the division
     * rounds {@code ms} first), are divided.
     */
    static double seconds(long ms) {
        long s = ms / 1000;
        if (s * 1000 == ms && (ms + (1L << 53)) >>> 54 == 0) {
            return s;
        }
        return ms / 1000.0;
    }

    static double kahanSum(double[] vs, int off, int n) {
        double sum = 0;
        double c = 0;
        for (int i = off; i < off + n; i++) {
            double v = vs[i];
            double t = sum + v;
            if (Math.abs(sum) >= Math.abs(v)) {
                c += (sum - t) + v;
            } else {
                c += (v - t) + sum;
            }
            sum = t;
        }
        return Double.isInfinite(sum) ? sum : sum + c;
    }

    private static double avg(double[] vs, int off, int n) {
        double mean = 0;
        double c = 0;
        for (int k = 0; k < n; k++) {
            double v = vs[off + k];
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            double correctedMean = mean + c;
            double delta = v / (k + 1) - correctedMean / (k + 1);
            double t = mean + delta;
            if (Math.abs(mean) >= Math.abs(delta)) {
                c += (mean - t) + delta;
            } else {
                c += (delta - t) + mean;
            }
            mean = t;
        }
        return Double.isInfinite(mean) ? mean : mean + c;
    }

    private static double minMax(double[] vs, int off, int n, boolean min) {
        double r = vs[off];
        for (int i = off + 1; i < off + n; i++) {
            double v = vs[i];
            if (min ? (v < r || Double.isNaN(r)) : (v > r || Double.isNaN(r))) {
                r = v;
            }
        }
        return r;
    }

    private static double variance(double[] vs, int off, int n) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = off; i < off + n; i++) {
            count++;
            double delta = vs[i] - (mean + cMean);
            double inc = delta / count;
            double t = mean + inc;
            cMean += Math.abs(mean) >= Math.abs(inc) ? (mean - t) + inc : (inc - t) + mean;
            mean = t;
            inc = delta * (vs[i] - (mean + cMean));
            t = aux + inc;
            cAux += Math.abs(aux) >= Math.abs(inc) ? (aux - t) + inc : (inc - t) + aux;
            aux = t;
        }
        return (aux + cAux) / count;
    }

    static double quantile(double q, double[] vs, int off, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = java.util.Arrays.copyOfRange(vs, off, off + n);
        java.util.Arrays.sort(sorted);
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return sorted[lower] * (1 - weight) + sorted[upper] * weight;
    }

    private static double changes(double[] vs, int off, int n) {
        int changes = 0;
        double prev = vs[off];
        for (int i = off + 1; i < off + n; i++) {
            double cur = vs[i];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
            prev = cur;
        }
        return changes;
    }

    private static double resets(double[] vs, int off, int n) {
        int resets = 0;
        double prev = vs[off];
        for (int i = off + 1; i < off + n; i++) {
            if (vs[i] < prev) {
                resets++;
            }
            prev = vs[i];
        }
        return resets;
    }

    /**
     * rate(), increase() and delta() over a window. Range calls compute rate() and increase()
     * with {@link CounterRate}, which must give the same bits as this.
     */
    static double extrapolatedRate(long[] ts, double[] vs, int off, int n, long rangeEnd, long rangeMs,
            boolean counter, boolean rate) {
        if (n < 2) {
            return NONE;
        }
        int lastI = off + n - 1;
        long rangeStart = rangeEnd - rangeMs;
        double result = vs[lastI] - vs[off];
        if (counter) {
            double last = 0;
            for (int i = off; i <= lastI; i++) {
                if (vs[i] < last) {
                    result += last;
                }
                last = vs[i];
            }
        }
        double toStart = seconds(ts[off] - rangeStart);
        double toEnd = seconds(rangeEnd - ts[lastI]);
        double sampled = seconds(ts[lastI] - ts[off]);
        double avgGap = sampled / (n - 1);
        if (counter && result > 0 && vs[off] >= 0) {
            double toZero = sampled * (vs[off] / result);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = avgGap * 1.1;
        double interval = sampled;
        interval += toStart < threshold ? toStart : avgGap / 2;
        interval += toEnd < threshold ? toEnd : avgGap / 2;
        result = result * (interval / sampled);
        return rate ? result / seconds(rangeMs) : result;
    }

    private static double instantRate(long[] ts, double[] vs, int off, int n, boolean rate) {
        if (n < 2) {
            return NONE;
        }
        int lastI = off + n - 1;
        double last = vs[lastI];
        double prev = vs[lastI - 1];
        double result = rate && last < prev ? last : last - prev;
        long gap = ts[lastI] - ts[lastI - 1];
        if (gap == 0) {
            return NONE;
        }
        return rate ? result / (gap / 1000.0) : result;
    }

    /** Least-squares slope (per second) with times relative to {@code interceptTime}. */
    static double slope(long[] ts, double[] vs, int off, int n, long interceptTime) {
        return regression(ts, vs, off, n, interceptTime, false);
    }

    /** Least-squares intercept at {@code interceptTime} plus slope times {@code durationS}. */
    static double predict(long[] ts, double[] vs, int off, int n, long interceptTime, double durationS) {
        double slope = regression(ts, vs, off, n, interceptTime, false);
        double intercept = regression(ts, vs, off, n, interceptTime, true);
        return slope * durationS + intercept;
    }

    private static double regression(long[] ts, double[] vs, int off, int n, long interceptTime,
            boolean wantIntercept) {
        double n2 = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        boolean constY = true;
        double initY = vs[off];
        for (int i = off; i < off + n; i++) {
            double y = vs[i];
            if (constY && i > off && y != initY) {
                constY = false;
            }
            n2 += 1;
            double x = (ts[i] - interceptTime) / 1e3;
            double t = sumX + x;
            cX += Math.abs(sumX) >= Math.abs(x) ? (sumX - t) + x : (x - t) + sumX;
            sumX = t;
            t = sumY + y;
            cY += Math.abs(sumY) >= Math.abs(y) ? (sumY - t) + y : (y - t) + sumY;
            sumY = t;
            double xy = x * y;
            t = sumXY + xy;
            cXY += Math.abs(sumXY) >= Math.abs(xy) ? (sumXY - t) + xy : (xy - t) + sumXY;
            sumXY = t;
            double x2 = x * x;
            t = sumX2 + x2;
            cX2 += Math.abs(sumX2) >= Math.abs(x2) ? (sumX2 - t) + x2 : (x2 - t) + sumX2;
            sumX2 = t;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return Double.NaN;
            }
            return wantIntercept ? initY : 0;
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n2;
        double varX = sumX2 - sumX * sumX / n2;
        double slope = covXY / varX;
        return wantIntercept ? sumY / n2 - slope * sumX / n2 : slope;
    }

    /** Double exponential smoothing; level starts at the first value, trend at the first difference. */
    static double holtWinters(double[] vs, int off, int n, double sf, double tf) {
        double s0 = 0;
        double s1 = vs[off];
        double b = vs[off + 1] - vs[off];
        for (int i = 1; i < n; i++) {
            double x = sf * vs[off + i];
            if (i > 1) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s1;
    }
}
