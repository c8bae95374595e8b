package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.promql.internal.ast.VectorSelector;
import dev.ignis.promql.internal.parser.PromQL;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Query statistics and {@code --query.max-samples} against a real Prometheus 2.42: the data of
 * {@code stats_data.om} is loaded here as Prometheus had it backfilled, and every query of
 * {@code stats_reference.tsv} must report the same {@code totalQueryableSamples},
 * {@code peakSamples} and samples per step; at each limit of {@code max_samples_reference.tsv}
 * a query must pass or fail as it did there. Both files come from
 * {@code src/test/oracle/stats/record.sh}.
 */
class SampleStatsTest {

    private static final long START = 1_700_000_600_000L;
    private static final long END = 1_700_001_800_000L;
    private static final long STEP = 60_000;
    private static final long AT = 1_700_001_200_000L;
    private static final MemQueryable DATA = load();
    private static final QueryOptions ALL = new QueryOptions(null, true, () -> false, true);

    private static List<String> resource(String name) {
        try (InputStream in = SampleStatsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The OpenMetrics file: {@code series value seconds} lines, one series' samples in time order. */
    private static MemQueryable load() {
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (String line : resource("stats_data.om")) {
            int sp2 = line.lastIndexOf(' ');
            int sp1 = line.lastIndexOf(' ', sp2 - 1);
            points.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>()).add(new double[] {
                Double.parseDouble(line.substring(sp2 + 1)) * 1000, Double.parseDouble(line.substring(sp1 + 1, sp2))});
        }
        MemQueryable q = new MemQueryable();
        points.forEach((series, ps) -> {
            VectorSelector vs = (VectorSelector) PromQL.parse(series);
            Labels.Builder b = Labels.builder(vs.matchers().size());
            vs.matchers().forEach(m -> b.set(m.name(), m.value()));
            long[] ts = new long[ps.size()];
            double[] v = new double[ps.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = (long) ps.get(i)[0];
                v[i] = ps.get(i)[1];
            }
            q.put(b.build(), ts, v);
        });
        return q;
    }

    private static Engine engine(long maxSamples) {
        return new Engine(DATA, Settings.defaults().withMaxSamples(maxSamples).withPerStepStats(true));
    }

    private static QueryResult run(Engine engine, String kind, String query, QueryOptions options)
            throws QueryException {
        return kind.equals("range") ? engine.range(query, START, END, STEP, options)
                : engine.instant(query, AT, options);
    }

    static Stream<String> statsRows() {
        return resource("stats_reference.tsv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statsRows")
    @SuppressWarnings("unchecked")
    void reportsTheSamplesPrometheusReports(String row) throws Exception {
        String[] f = row.split("\t", -1);
        QueryResult r = run(engine(50_000_000), f[0], f[1], ALL);
        Map<String, Object> samples = (Map<String, Object>) r.stats().get("samples");
        List<String> perStep = new ArrayList<>();
        long t = f[0].equals("range") ? START : AT;
        for (Object p : (List<Object>) samples.get("totalQueryableSamplesPerStep")) {
            List<Object> point = (List<Object>) p;
            assertEquals(t / 1000.0, point.get(0));
            perStep.add(point.get(1).toString());
            t += STEP;
        }
        assertEquals(f[2] + " " + f[3] + " " + f[4], samples.get("totalQueryableSamples") + " "
                + samples.get("peakSamples") + " " + String.join(",", perStep));
    }

    static Stream<String> limitRows() {
        return resource("max_samples_reference.tsv").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limitRows")
    void failsAtTheLimitWherePrometheusFails(String row) throws Exception {
        String[] f = row.split("\t", -1);
        Engine engine = engine(Long.parseLong(f[1]));
        if (f[2].equals("200")) {
            run(engine, "range", f[0], QueryOptions.DEFAULT);
        } else {
            QueryException e = assertThrows(QueryException.class, () -> run(engine, "range", f[0], QueryOptions.DEFAULT));
            assertEquals(ErrorType.EXECUTION, e.type());
            assertEquals(f[3], e.getMessage());
        }
    }

    @Test
    void statisticsShapeWithoutPerStepCounts() throws Exception {
        // Per step only when asked for (stats=all) and enabled (promql-per-step-stats).
        QueryOptions stats = new QueryOptions(null, true, () -> false, false);
        Map<String, Object> s = engine(50_000_000).range("m_gauge", START, END, STEP, stats).stats();
        assertEquals(List.of("timings", "samples"), List.copyOf(s.keySet()));
        assertEquals(List.of("totalQueryableSamples", "peakSamples"),
                List.copyOf(((Map<?, ?>) s.get("samples")).keySet()));
        Engine disabled = new Engine(DATA, Settings.defaults());
        s = disabled.range("m_gauge", START, END, STEP, ALL).stats();
        assertEquals(List.of("totalQueryableSamples", "peakSamples"),
                List.copyOf(((Map<?, ?>) s.get("samples")).keySet()));
        assertEquals(List.of("evalTotalTime", "resultSortTime", "queryPreparationTime", "innerEvalTime",
                "execQueueTime", "execTotalTime"), List.copyOf(((Map<?, ?>) s.get("timings")).keySet()));
        for (Object v : ((Map<?, ?>) s.get("timings")).values()) {
            assertTrue((Double) v >= 0, "timing " + v);
        }
        assertNull(engine(50_000_000).range("m_gauge", START, END, STEP, QueryOptions.DEFAULT).stats());
    }
}
