package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code histogram_quantile} in a range query keeps each input series' group and bound, and
 * each group's bucket arrays, from step to step; every step must come out as the query
 * evaluated alone at that step (an instant query starts afresh). Histograms whose buckets come
 * and go, duplicate bounds ({@code 1} and {@code 1.0}), an unparsable bound, a histogram
 * without {@code +Inf} at times, NaN counts, two names that collide once dropped.
 */
class HistogramQuantileStepsTest {

    private static final int STEPS = 200;
    private static final long STEP_MS = 15_000;
    private static final String[] LES = {"0.1", "0.5", "1", "1.0", "2.5", "10", "+Inf", "x"};

    private static MemQueryable storage() {
        MemQueryable q = new MemQueryable();
        SplittableRandom r = new SplittableRandom(5);
        for (int h = 0; h < 12; h++) {
            String name = h == 11 ? "other_bucket" : "m_bucket";
            for (String le : LES) {
                if (h % 3 == 1 && le.equals("1.0")) {
                    continue;
                }
                long[] ts = new long[STEPS];
                double[] vs = new double[STEPS];
                int n = 0;
                double c = r.nextInt(5);
                for (int s = 0; s < STEPS; s++) {
                    // Buckets leave for longer than the lookback delta (20 samples) and return.
                    if ((h + le.length()) % 4 == 0 && (s / 30) % 2 == 1 || h % 5 == 2 && le.equals("+Inf") && s > 150) {
                        continue;
                    }
                    c += r.nextInt(4);
                    ts[n] = s * STEP_MS;
                    vs[n++] = h == 7 && r.nextInt(9) == 0 ? Double.NaN : c * (1 + Arrays.asList(LES).indexOf(le));
                }
                q.put(Labels.of("__name__", name, "h", h == 11 ? "h10" : "h" + h, "le", le),
                        Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
            }
        }
        return q;
    }

    private static final Engine ENGINE = new Engine(storage(), Settings.defaults());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"histogram_quantile(0.9, m_bucket)", "histogram_quantile(0.5, m_bucket{h!=\"h7\"})",
        "histogram_quantile(0, m_bucket)", "histogram_quantile(1, m_bucket)",
        "histogram_quantile(0.75, sum by (le) (m_bucket))", "histogram_quantile(0.3, {__name__=~\".*_bucket\", h!=\"h10\"})",
        "histogram_quantile(0.99, {__name__=~\".*_bucket\"})"})
    void everyStepAsTheInstantQuery(String query) {
        RangeAsInstants.assertEveryStep(ENGINE, query, STEPS, STEP_MS);
    }
}
