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

    /**
     * @param ts sample times, {@code n} of them, at least one
     * @param rangeEnd the end of the window (evaluation time minus offset, or the @ time)
     * @param rangeMs the window length
     */
    static double apply(String fn, long[] ts, double[] vs, int n, long rangeEnd, long rangeMs, double arg) {
        return switch (fn) {
            case "count_over_time" -> n;
            case "present_over_time" -> 1;
            case "last_over_time" -> vs[n - 1];
            case "sum_over_time" -> kahanSum(vs, n);
            case "avg_over_time" -> avg(vs, n);
            case "min_over_time" -> minMax(vs, n, true);
            case "max_over_time" -> minMax(vs, n, false);
            case "stddev_over_time" -> Math.sqrt(variance(vs, n));
            case "stdvar_over_time" -> variance(vs, n);
            case "quantile_over_time" -> quantile(arg, vs, n);
            case "changes" -> changes(vs, n);
            case "resets" -> resets(vs, n);
            case "rate" -> extrapolatedRate(ts, vs, n, rangeEnd, rangeMs, true, true);
            case "increase" -> extrapolatedRate(ts, vs, n, rangeEnd, rangeMs, true, false);
            case "delta" -> extrapolatedRate(ts, vs, n, rangeEnd, rangeMs, false, false);
            case "irate" -> instantRate(ts, vs, n, true);
            case "idelta" -> instantRate(ts, vs, n, false);
            case "deriv" -> n < 2 ? NONE : regression(ts, vs, n, ts[0])[0];
            default -> throw new IllegalStateException("BUG: no range function " + fn);
        };
    }

    static double kahanSum(double[] vs, int n) {
        double sum = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
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

    private static double avg(double[] vs, int n) {
        double mean = 0;
        double c = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(vs[i]) && (mean > 0) == (vs[i] > 0)) {
                    continue;
                }
                if (!Double.isInfinite(vs[i]) && !Double.isNaN(vs[i])) {
                    continue;
                }
            }
            double correctedMean = mean + c;
            double delta = vs[i] / (i + 1) - correctedMean / (i + 1);
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

    private static double minMax(double[] vs, int n, boolean min) {
        double r = vs[0];
        for (int i = 1; i < n; i++) {
            double v = vs[i];
            if (min ? (v < r || Double.isNaN(r)) : (v > r || Double.isNaN(r))) {
                r = v;
            }
        }
        return r;
    }

    private static double variance(double[] vs, int n) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = 0; i < n; i++) {
            count++;
            double delta = vs[i] - (mean + cMean);
            double[] m = kahanInc(delta / count, mean, cMean);
            mean = m[0];
            cMean = m[1];
            double[] a = kahanInc(delta * (vs[i] - (mean + cMean)), aux, cAux);
            aux = a[0];
            cAux = a[1];
        }
        return (aux + cAux) / count;
    }

    private static double[] kahanInc(double inc, double sum, double c) {
        double t = sum + inc;
        if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        return new double[] {t, c};
    }

    static double quantile(double q, double[] vs, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = java.util.Arrays.copyOf(vs, n);
        java.util.Arrays.sort(sorted);
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return sorted[lower] * (1 - weight) + sorted[upper] * weight;
    }

    private static double changes(double[] vs, int n) {
        int changes = 0;
        double prev = vs[0];
        for (int i = 1; i < n; i++) {
            double cur = vs[i];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
            prev = cur;
        }
        return changes;
    }

    private static double resets(double[] vs, int n) {
        int resets = 0;
        double prev = vs[0];
        for (int i = 1; i < n; i++) {
            if (vs[i] < prev) {
                resets++;
            }
            prev = vs[i];
        }
        return resets;
    }

    private static double extrapolatedRate(long[] ts, double[] vs, int n, long rangeEnd, long rangeMs,
            boolean counter, boolean rate) {
        if (n < 2) {
            return NONE;
        }
        long rangeStart = rangeEnd - rangeMs;
        double result = vs[n - 1] - vs[0];
        if (counter) {
            double last = 0;
            for (int i = 0; i < n; i++) {
                if (vs[i] < last) {
                    result += last;
                }
                last = vs[i];
            }
        }
        double toStart = (ts[0] - rangeStart) / 1000.0;
        double toEnd = (rangeEnd - ts[n - 1]) / 1000.0;
        double sampled = (ts[n - 1] - ts[0]) / 1000.0;
        double avgGap = sampled / (n - 1);
        if (counter && result > 0 && vs[0] >= 0) {
            double toZero = sampled * (vs[0] / result);
            if (toZero < toStart) {
                toStart = toZero;
            }
        }
        double threshold = avgGap * 1.1;
        double interval = sampled;
        interval += toStart < threshold ? toStart : avgGap / 2;
        interval += toEnd < threshold ? toEnd : avgGap / 2;
        result = result * (interval / sampled);
        return rate ? result / (rangeMs / 1000.0) : result;
    }

    private static double instantRate(long[] ts, double[] vs, int n, boolean rate) {
        if (n < 2) {
            return NONE;
        }
        double last = vs[n - 1];
        double prev = vs[n - 2];
        double result = rate && last < prev ? last : last - prev;
        long gap = ts[n - 1] - ts[n - 2];
        if (gap == 0) {
            return NONE;
        }
        return rate ? result / (gap / 1000.0) : result;
    }

    /** Least-squares slope (per second) and intercept at {@code interceptTime}. */
    static double[] regression(long[] ts, double[] vs, int n, long interceptTime) {
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
        double initY = vs[0];
        for (int i = 0; i < n; i++) {
            if (constY && i > 0 && vs[i] != initY) {
                constY = false;
            }
            n2 += 1;
            double x = (ts[i] - interceptTime) / 1e3;
            double[] a = kahanInc(x, sumX, cX);
            sumX = a[0];
            cX = a[1];
            a = kahanInc(vs[i], sumY, cY);
            sumY = a[0];
            cY = a[1];
            a = kahanInc(x * vs[i], sumXY, cXY);
            sumXY = a[0];
            cXY = a[1];
            a = kahanInc(x * x, sumX2, cX2);
            sumX2 = a[0];
            cX2 = a[1];
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n2;
        double varX = sumX2 - sumX * sumX / n2;
        double slope = covXY / varX;
        double intercept = sumY / n2 - slope * sumX / n2;
        return new double[] {slope, intercept};
    }
}
