package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine against the real Prometheus 2.42 on queries beyond the conformance corpus: the
 * series of {@code differential_series.txt} are loaded into both, each query of
 * {@code differential_queries.txt} is evaluated at 20m, and the results must agree. The
 * reference answers come from {@code promtool test rules} (each query is given an expectation
 * that cannot hold, and promtool reports what it got). Skipped where promtool is not installed
 * (scripts/test.sh installs it).
 */
class PromtoolDifferentialTest {

    private static final long EVAL_MS = 20 * 60_000;
    private static final Pattern ENTRY = Pattern.compile("(\\{(?:[^\"}]|\"(?:\\\\.|[^\"\\\\])*\")*\\}) ([^,]+)");
    private static Map<String, String> reference;

    private static List<String> resource(String name) throws IOException {
        try (InputStream in = PromtoolDifferentialTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Stream<String> queries() throws IOException {
        return resource("differential_queries.txt").stream();
    }

    /** promtool's answer per query: the "got:" list, or "err: ..." when evaluation failed. */
    private static synchronized Map<String, String> reference() throws Exception {
        if (reference != null) {
            return reference;
        }
        Path dir = Files.createTempDirectory("promtool-diff");
        StringBuilder yml = new StringBuilder("rule_files: []\nevaluation_interval: 1m\ntests:\n"
                + "  - interval: 1m\n    input_series:\n");
        for (String s : resource("differential_series.txt")) {
            String[] parts = s.split("\\|");
            yml.append("      - series: '").append(parts[0]).append("'\n        values: '").append(parts[1]).append("'\n");
        }
        yml.append("    promql_expr_test:\n");
        for (String q : resource("differential_queries.txt")) {
            yml.append("      - expr: '").append(q.replace("'", "''")).append("'\n        eval_time: 20m\n")
                    .append("        exp_samples: [{labels: '{__never__=\"1\"}', value: 0}]\n");
        }
        Path file = dir.resolve("diff.yml");
        Files.writeString(file, yml);
        Process p = new ProcessBuilder("promtool", "test", "rules", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        Map<String, String> answers = new HashMap<>();
        String current = null;
        for (String line : out.lines().toList()) {
            Matcher expr = Pattern.compile("^\\s+expr: \"(.*)\", time: 20m,?(.*)$").matcher(line);
            if (expr.matches()) {
                current = expr.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
                if (expr.group(2).contains("err:")) {
                    answers.put(current, "err:" + expr.group(2));
                    current = null;
                }
                continue;
            }
            Matcher got = Pattern.compile("^\\s+got: (.*)$").matcher(line);
            if (got.matches() && current != null) {
                answers.put(current, got.group(1));
                current = null;
            }
        }
        reference = answers;
        return answers;
    }

    private static double goFloat(String s) {
        return switch (s.strip()) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s.strip());
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void agreesWithPrometheus(String query) throws Exception {
        boolean installed;
        try {
            installed = new ProcessBuilder("promtool", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            installed = false;
        }
        Assumptions.assumeTrue(installed, "promtool is not installed");
        String answer = reference().get(query);
        assertTrue(answer != null, "promtool gave no answer for " + query);
        List<String> lines = new ArrayList<>();
        for (String s : PromtoolDifferentialTest.resource("differential_series.txt")) {
            lines.add(s.replace('|', ' '));
        }
        Engine engine = new Engine(MemQueryable.load("1m", lines.toArray(new String[0])), Settings.defaults());
        if (answer.startsWith("err:")) {
            assertThrows(QueryException.class, () -> engine.instant(query, EVAL_MS, QueryOptions.DEFAULT));
            return;
        }
        Map<String, Double> expected = new TreeMap<>();
        Matcher m = ENTRY.matcher(answer);
        while (m.find()) {
            expected.put(m.group(1), goFloat(m.group(2)));
        }
        QueryResult.Value v = engine.instant(query, EVAL_MS, QueryOptions.DEFAULT).value();
        Map<String, Double> actual = new TreeMap<>();
        if (v instanceof QueryResult.Scalar s) {
            actual.put("{}", s.v());
        } else {
            for (QueryResult.Sample s : ((QueryResult.Vector) v).samples()) {
                actual.put(s.labels().toString(), s.v());
            }
        }
        assertEquals(expected.keySet(), actual.keySet(), "label sets");
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            assertTrue(ConformanceScript.almostEqual(e.getValue(), actual.get(e.getKey())),
                    e.getKey() + ": expected " + e.getValue() + " but got " + actual.get(e.getKey()));
        }
    }
}
