package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CounterRate} against {@link RangeFunctions#extrapolatedRate}, bit for bit, over the
 * windows a range call slides over a series (each window after the one before on the same
 * instance, so that kept geometry is reused and replaced): regular and jittered scrapes, gaps,
 * missing scrapes (same ends, fewer samples), counters starting at or above zero (the
 * extrapolation towards zero), resets, NaN, infinities,
 * negative values, whole and fractional second ranges and steps.
 */
class CounterRateTest {

    @ParameterizedTest(name = "{0}: range {1} ms, step {2} ms, interval {3} ms, jitter {4} ms")
    @CsvSource({
        "regular, 300000, 30000, 15000, 0",
        "regular, 300000, 15000, 15000, 0",
        "regular, 60000, 10000, 15000, 0",
        "jitter, 300000, 30000, 15000, 40",
        "jitter, 61500, 7000, 10000, 1500",
        "startsAtZero, 300000, 30000, 15000, 0",
        "startsAtZero, 120000, 20000, 15000, 3",
        "resets, 300000, 30000, 15000, 0",
        "gaps, 300000, 30000, 15000, 0",
        "holes, 300000, 15000, 15000, 0",
        "holes, 60000, 15000, 15000, 0",
        "startsLow, 300000, 30000, 15000, 0",
        "startsLow, 120000, 10000, 15000, 0",
        "odd, 300000, 30000, 15000, 5",
        "odd, 45000, 5000, 1000, 0"})
    void sameBitsAsExtrapolatedRate(String kind, long rangeMs, long stepMs, long intervalMs, long jitterMs) {
        SplittableRandom r = new SplittableRandom(kind.hashCode() * 31L + rangeMs + stepMs + jitterMs);
        for (int round = 0; round < 40; round++) {
            int n = 400;
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = 1_700_000_000_000L + r.nextLong(100_000);
            double v = switch (kind) {
                case "startsAtZero" -> r.nextInt(3);
                // Above a window's increase, yet extrapolated towards zero where the series
                // starts late in a window.
                case "startsLow" -> 50 + r.nextDouble() * 250;
                default -> r.nextDouble() * 1e6;
            };
            for (int i = 0; i < n; i++) {
                t += intervalMs + (jitterMs == 0 ? 0 : r.nextLong(-jitterMs, jitterMs + 1));
                // A missing scrape: the same ends in the windows around it, one sample fewer.
                if (kind.equals("holes") && r.nextInt(10) == 0) {
                    t += intervalMs;
                }
                if (kind.equals("gaps") && r.nextInt(20) == 0) {
                    t += intervalMs * r.nextInt(1, 30);
                }
                ts[i] = t;
                v += r.nextInt(4) == 0 ? 0 : r.nextDouble() * 100;
                if (kind.equals("resets") && r.nextInt(25) == 0) {
                    v = r.nextInt(2) == 0 ? 0 : r.nextDouble() * 10;
                }
                if (kind.equals("odd")) {
                    v = switch (r.nextInt(12)) {
                        case 0 -> Double.NaN;
                        case 1 -> Double.POSITIVE_INFINITY;
                        case 2 -> -r.nextDouble() * 50;
                        case 3 -> 0;
                        default -> v;
                    };
                }
                vs[i] = v;
            }
            for (boolean rate : new boolean[] {true, false}) {
                CounterRate cr = new CounterRate(rangeMs, rate);
                int lo = 0;
                int hi = -1;
                for (long end = ts[0]; end <= ts[n - 1] + rangeMs; end += stepMs) {
                    while (hi + 1 < n && ts[hi + 1] <= end) {
                        hi++;
                    }
                    while (lo < n && ts[lo] < end - rangeMs) {
                        lo++;
                    }
                    int count = hi - lo + 1;
                    if (count < 1) {
                        continue;
                    }
                    boolean mayReset = false;
                    for (int i = lo + 1; i <= hi; i++) {
                        mayReset |= vs[i] < vs[i - 1];
                    }
                    double want = RangeFunctions.extrapolatedRate(ts, vs, lo, count, end, rangeMs, true, rate);
                    double got = cr.apply(ts, vs, lo, count, end, mayReset);
                    if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got)) {
                        assertEquals(want, got, kind + " rate=" + rate + " window " + lo + ".." + hi + " end " + end);
                        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got));
                    }
                }
            }
        }
    }

    /**
     * Two windows with the same first and last sample offsets but one sample fewer, the start
     * gap beyond 1.1 average gaps: the extrapolation uses half the average gap, which differs.
     */
    @org.junit.jupiter.api.Test
    void sameEndsFewerSamples() {
        long end = 1_700_000_300_000L;
        long[] all = new long[19];
        double[] vs = new double[19];
        for (int i = 0; i < all.length; i++) {
            all[i] = end - 300_000 + 20_000 + 15_000L * i;
            vs[i] = 1000 + 7.5 * i;
        }
        long[] fewer = new long[18];
        double[] fewerVs = new double[18];
        for (int i = 0, j = 0; i < all.length; i++) {
            if (i != 9) {
                fewer[j] = all[i];
                fewerVs[j++] = vs[i];
            }
        }
        CounterRate cr = new CounterRate(300_000, true);
        for (long[][] w : new long[][][] {{all}, {fewer}, {all}}) {
            long[] ts = w[0];
            double[] v = ts == all ? vs : fewerVs;
            double want = RangeFunctions.extrapolatedRate(ts, v, 0, ts.length, end, 300_000, true, true);
            assertEquals(Double.doubleToRawLongBits(want),
                    Double.doubleToRawLongBits(cr.apply(ts, v, 0, ts.length, end, false)), "n=" + ts.length);
        }
    }
}
