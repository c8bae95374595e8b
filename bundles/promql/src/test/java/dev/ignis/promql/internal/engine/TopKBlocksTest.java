package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A range query's {@code topk}/{@code bottomk} feeds every step's heaps series by series, for
 * blocks of steps at a time; each step must come out as the same query evaluated alone at that
 * step (an instant query: one step, one block). Random data with many equal values, NaN, gaps
 * and groups, k constant or changing from step to step, and enough steps and k for several
 * blocks.
 */
class TopKBlocksTest {

    private static final int STEPS = 700;
    private static final long STEP_MS = 15_000;

    private static MemQueryable storage() {
        MemQueryable q = new MemQueryable();
        SplittableRandom r = new SplittableRandom(17);
        double[] choices = {0, 1, 1, 2, 2.5, -1, Double.NaN, 1e300};
        for (int i = 0; i < 90; i++) {
            long[] ts = new long[STEPS];
            double[] vs = new double[STEPS];
            int n = 0;
            int from = i % 9 == 0 ? r.nextInt(STEPS) : 0;
            for (int s = from; s < STEPS; s++) {
                // Gaps longer than the lookback delta (5m = 20 samples), so series leave and return.
                if (i % 4 == 1 && (s / 40) % 3 == 1) {
                    continue;
                }
                ts[n] = s * STEP_MS;
                vs[n++] = r.nextInt(4) == 0 ? r.nextInt(1000) : choices[r.nextInt(choices.length)];
            }
            q.put(Labels.of("__name__", "x", "g", "g" + i % 3, "i", Integer.toString(i)),
                    java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vs, n));
        }
        long[] ts = new long[STEPS];
        double[] vs = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            ts[s] = s * STEP_MS;
            vs[s] = s % 50 < 10 ? 0 : 1 + s % 70;
        }
        q.put(Labels.of("__name__", "k"), ts, vs);
        return q;
    }

    private static final Engine ENGINE = new Engine(storage(), Settings.defaults());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"topk(1, x)", "topk(3, x)", "bottomk(5, x)", "topk(60, x)", "bottomk(80, x)",
        "topk by (g) (2, x)", "bottomk by (g) (25, x)", "topk without (i) (40, x)", "topk(scalar(k), x)",
        "bottomk by (g) (scalar(k), x)", "topk(1000, x)"})
    void everyStepAsTheInstantQuery(String query) {
        RangeAsInstants.assertEveryStep(ENGINE, query, STEPS, STEP_MS);
    }
}
