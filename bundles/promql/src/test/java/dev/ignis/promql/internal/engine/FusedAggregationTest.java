package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.StaleMarker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An aggregation over a range function folds each series' values as the function makes them
 * ({@code GroupAggregation.fuse}); the answer must be the one of the materialised path bit for
 * bit: values (raw bits, so signed zeros count; NaN as NaN), times, labels, order, sample
 * statistics per step, and errors. Random counters and gauges with resets, NaN, infinities,
 * stale markers, gaps longer than the range and series that start late.
 */
class FusedAggregationTest {

    private static final long STEP_MS = 15_000;
    private static final int SAMPLES = 400;

    private static MemQueryable storage() {
        MemQueryable q = new MemQueryable();
        SplittableRandom r = new SplittableRandom(42);
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, StaleMarker.VALUE, 0.0, -0.0};
        for (int i = 0; i < 60; i++) {
            long[] ts = new long[SAMPLES];
            double[] vs = new double[SAMPLES];
            int n = 0;
            double counter = r.nextInt(100);
            int from = i % 7 == 0 ? r.nextInt(SAMPLES) : 0;
            for (int s = from; s < SAMPLES; s++) {
                if (i % 5 == 2 && (s / 50) % 3 == 1) {
                    continue; // gaps longer than the range and the lookback
                }
                double v;
                if (i % 3 == 0) {
                    counter = r.nextInt(40) == 0 ? r.nextInt(5) : counter + r.nextInt(10) * 0.1;
                    v = counter;
                } else {
                    v = r.nextInt(3) == 0 ? r.nextInt(1000) * 0.37 - 100 : r.nextDouble();
                }
                if (i % 4 == 1 && r.nextInt(25) == 0) {
                    v = odd[r.nextInt(odd.length)];
                }
                // Jittered sample times: windows hold varying counts.
                ts[n] = s * STEP_MS + r.nextInt(5_000);
                vs[n++] = v;
            }
            String name = i % 10 == 9 ? "y" : "x";
            // x and y share label sets once the name is dropped: {__name__=~"x|y"} collides.
            q.put(Labels.of("__name__", name, "g", "g" + i % 4, "h", "h" + i % 3, "i", Integer.toString(i % 10)),
                    Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
        }
        return q;
    }

    private static final MemQueryable STORAGE = storage();

    static Stream<Arguments> queries() {
        List<String> inner = List.of("rate(x[1m])", "increase(x[2m])", "delta(x[1m])", "irate(x[1m])",
                "avg_over_time(x[1m])", "sum_over_time(x[2m])", "min_over_time(x[1m])", "max_over_time(x[30s])",
                "count_over_time(x[1m])", "last_over_time(x[1m])", "changes(x[2m])", "resets(x[2m])",
                "stddev_over_time(x[1m])", "quantile_over_time(0.3, x[2m])", "predict_linear(x[2m], 60)",
                "deriv(x[1m])", "rate(x[1m] offset 2m)", "rate(x[1m] @ 3000)", "present_over_time(x[1m])",
                "rate({__name__=~\"x|y\"}[1m])", "last_over_time({__name__=~\"x|y\"}[1m])",
                "max_over_time(rate(x[1m])[3m:30s])", "(rate((x[1m])))");
        List<String> aggs = List.of("sum", "avg", "count", "group", "min", "max", "sum by (g)", "avg by (g, h)",
                "min without (i)", "max by (__name__, g)", "count without (__name__)", "avg without (g, i)",
                "sum by (nothing)");
        List<Arguments> out = new ArrayList<>();
        for (String f : inner) {
            for (String a : aggs) {
                out.add(Arguments.of(a + " (" + f + ")"));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void foldedEqualsMaterialised(String query) {
        for (long maxSamples : new long[] {50_000_000, 3_000}) {
            Engine engine = new Engine(STORAGE, Settings.defaults().withMaxSamples(maxSamples).withPerStepStats(true));
            // Range and instant queries, steps not on sample times.
            String fused = answer(engine, query, true, 7_000, SAMPLES * STEP_MS, 20_000);
            String plain = answer(engine, query, false, 7_000, SAMPLES * STEP_MS, 20_000);
            assertSame(plain, fused, query + " at max samples " + maxSamples);
            assertSame(answer(engine, query, false, 900_000, 900_000, 1), answer(engine, query, true, 900_000, 900_000, 1),
                    query + " instant");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersAreNotEmpty(String query) {
        Engine engine = new Engine(STORAGE, Settings.defaults().withPerStepStats(true));
        String a = answer(engine, query, true, 7_000, SAMPLES * STEP_MS, 20_000);
        assertTrue(a.contains("@") || a.startsWith("error"), query + ": " + a);
    }

    /** Equal answers; on a difference, the first differing line (the answers are long). */
    private static void assertSame(String expected, String actual, String what) {
        String[] e = expected.split("\n");
        String[] a = actual.split("\n");
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            assertEquals(e[i], a[i], what + ", line " + i);
        }
        assertEquals(e.length, a.length, what + ", lines");
    }

    private static String answer(Engine engine, String query, boolean fuse, long start, long end, long step) {
        boolean was = GroupAggregation.fuse;
        GroupAggregation.fuse = fuse;
        try {
            QueryResult res = engine.range(query, start, end, step, new QueryOptions(null, true, () -> false, true));
            StringBuilder b = new StringBuilder();
            for (QueryResult.Series s : ((QueryResult.Matrix) res.value()).series()) {
                b.append(s.labels()).append('\n');
                for (int j = 0; j < s.count(); j++) {
                    // NaN's sign from Inf + -Inf depends on whether the JIT compiled the addition.
                    double v = s.vs()[j];
                    b.append(s.ts()[j]).append('@')
                            .append(Double.isNaN(v) ? "NaN" : Long.toHexString(Double.doubleToRawLongBits(v))).append(' ');
                }
                b.append('\n');
            }
            b.append(res.stats().get("samples"));
            return b.toString();
        } catch (QueryException e) {
            return "error " + e.getMessage();
        } finally {
            GroupAggregation.fuse = was;
        }
    }
}
