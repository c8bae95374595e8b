package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.promql.internal.engine.RangeFunctions.Fn;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Functions whose windows slide with running state ({@code min_over_time}, {@code
 * max_over_time}: a deque of candidates; {@code changes}, {@code resets}: prefix counts) give,
 * bit for bit, what a scan of each window gives ({@link RangeFunctions#apply}, Prometheus's
 * loops): NaN, equal values of both signs of zero and irregular sample times included.
 */
class SlidingWindowTest {

    private static final double[] POOL = {0.0, -0.0, 1, -1, 2.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, 1e300, -7};

    @ParameterizedTest(name = "{0}[{1}] seed {2}")
    @CsvSource({
        "min_over_time, 5m, 1", "max_over_time, 5m, 2", "changes, 5m, 3", "resets, 5m, 4",
        "min_over_time, 1m, 5", "max_over_time, 1m, 6", "changes, 1m, 7", "resets, 1m, 8",
        "min_over_time, 47s, 9", "max_over_time, 47s, 10", "min_over_time, 1h, 11", "max_over_time, 1h, 12",
        "changes, 1h, 13", "resets, 13m, 14"})
    void slidingEqualsScanning(String function, String range, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        MemQueryable storage = new MemQueryable();
        int nSeries = 6;
        long[][] allTs = new long[nSeries][];
        double[][] allVs = new double[nSeries][];
        for (int s = 0; s < nSeries; s++) {
            int n = 400;
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = r.nextLong(30_000);
            // Runs of NaN or of one value now and then, so that whole windows hold nothing else.
            double run = 0;
            int runLeft = 0;
            for (int i = 0; i < n; i++) {
                t += 1 + r.nextLong(s % 2 == 0 ? 30_000 : 200_000);
                ts[i] = t;
                if (runLeft == 0 && r.nextInt(20) == 0) {
                    run = POOL[r.nextInt(POOL.length)];
                    runLeft = 5 + r.nextInt(40);
                }
                if (runLeft > 0) {
                    runLeft--;
                    vs[i] = run;
                } else {
                    vs[i] = r.nextInt(3) == 0 ? POOL[r.nextInt(POOL.length)] : Math.round(r.nextGaussian() * 4) / 2.0;
                }
            }
            storage.put(Labels.of("__name__", "x", "s", Integer.toString(s)), ts, vs);
            allTs[s] = ts;
            allVs[s] = vs;
        }
        int[] checked = compareWithScans(storage, function, range, allTs, allVs, 1);
        org.junit.jupiter.api.Assertions.assertTrue(checked[0] > 1000, "points checked: " + checked[0]);
    }

    /**
     * rate and increase over counters with resets and stale markers equal, bit for bit, the
     * scan of each window's samples without the markers: a reset that only shows across a
     * stale marker (high, stale, low) must still be seen, and one next to a marker must not be
     * invented, since the read notes resets while it drops the markers.
     */
    @ParameterizedTest(name = "{0}[{1}] seed {2}")
    @CsvSource({"rate, 5m, 21", "increase, 5m, 22", "rate, 1m, 23", "increase, 47s, 24", "rate, 1h, 25"})
    void counterWithStaleMarkersEqualsScanning(String function, String range, long seed) throws Exception {
        SplittableRandom r = new SplittableRandom(seed);
        MemQueryable storage = new MemQueryable();
        int nSeries = 8;
        long[][] allTs = new long[nSeries][];
        double[][] allVs = new double[nSeries][];
        for (int s = 0; s < nSeries; s++) {
            int n = 400;
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = r.nextLong(30_000);
            double v = r.nextDouble() * 1000;
            for (int i = 0; i < n; i++) {
                t += 1 + r.nextLong(30_000);
                ts[i] = t;
                // Every other series resets only right after a stale marker.
                boolean staleNext = i > 0 && !StaleMarker.isStale(vs[i - 1]) && r.nextInt(15) == 0;
                if (staleNext) {
                    vs[i] = StaleMarker.VALUE;
                    continue;
                }
                boolean afterStale = i > 0 && StaleMarker.isStale(vs[i - 1]);
                if (s % 2 == 0 ? afterStale && r.nextInt(2) == 0 : r.nextInt(30) == 0) {
                    v = r.nextDouble() * 10;
                } else {
                    v += r.nextInt(4) == 0 ? 0 : r.nextDouble() * 100;
                }
                vs[i] = v;
            }
            storage.put(Labels.of("__name__", "x", "s", Integer.toString(s)), ts, vs);
            // The reference: the samples without the markers.
            int k = 0;
            long[] kt = new long[n];
            double[] kv = new double[n];
            for (int i = 0; i < n; i++) {
                if (!StaleMarker.isStale(vs[i])) {
                    kt[k] = ts[i];
                    kv[k++] = vs[i];
                }
            }
            allTs[s] = java.util.Arrays.copyOf(kt, k);
            allVs[s] = java.util.Arrays.copyOf(kv, k);
        }
        int[] checked = compareWithScans(storage, function, range, allTs, allVs, 2);
        org.junit.jupiter.api.Assertions.assertTrue(checked[0] > 1000, "points checked: " + checked[0]);
        org.junit.jupiter.api.Assertions.assertTrue(checked[1] > 100, "windows with a reset: " + checked[1]);
    }

    /**
     * Runs {@code function(x[range])} as a range query over every series of {@code storage}
     * (label {@code s} indexes {@code allTs}/{@code allVs}, the samples a scan should see) and
     * checks each step, bit for bit, against {@link RangeFunctions#apply} over the window's
     * samples; windows of fewer than {@code minSamples} samples must give no point. Returns the
     * points checked and the windows among them that hold a decrease (a counter reset).
     */
    private static int[] compareWithScans(MemQueryable storage, String function, String range, long[][] allTs,
            double[][] allVs, int minSamples) throws Exception {
        Engine engine = new Engine(storage, Settings.defaults());
        long rangeMs = dev.ignis.promql.internal.ast.Durations.parse(range);
        long start = 0;
        long end = allTs[0][allTs[0].length - 1] + 600_000;
        long step = 17_000;
        QueryResult.Matrix m = (QueryResult.Matrix) engine.range(function + "(x[" + range + "])", start, end, step,
                QueryOptions.DEFAULT).value();
        Fn fn = Fn.of(function);
        int checked = 0;
        int resetWindows = 0;
        for (QueryResult.Series series : m.series()) {
            int s = Integer.parseInt(series.labels().get("s"));
            long[] ts = allTs[s];
            double[] vs = allVs[s];
            int k = 0;
            for (long t = start; t <= end; t += step) {
                int lo = 0;
                while (lo < ts.length && ts[lo] < t - rangeMs) {
                    lo++;
                }
                int hi = lo;
                while (hi < ts.length && ts[hi] <= t) {
                    hi++;
                }
                if (hi - lo < minSamples) {
                    continue;
                }
                for (int i = lo + 1; i < hi; i++) {
                    if (vs[i] < vs[i - 1]) {
                        resetWindows++;
                        break;
                    }
                }
                double want = RangeFunctions.apply(fn, ts, vs, lo, hi - lo, t, rangeMs, 0);
                assertEquals(t, series.ts()[k], "step of series " + s);
                String where = function + " at " + t + " of series " + s + ": " + want;
                assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(series.vs()[k]), where);
                k++;
                checked++;
            }
            assertEquals(k, series.count());
        }
        assertEquals(allTs.length, m.series().size());
        return new int[] {checked, resetWindows};
    }
}
