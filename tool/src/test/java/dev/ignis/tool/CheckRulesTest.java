package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code check rules} and the rule-file part of {@code check config}, each case run by ignistool and promtool 2.42. */
class CheckRulesTest {
    @TempDir
    Path dir;

    private static final String DUPLICATES = """
            groups:
              - name: g
                rules:
                  - record: job:up:sum
                    expr: sum(up) by (job)
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: Down
                    expr: up == 0
                    labels: {b: "2", a: "1"}
              - name: h
                rules:
                  - alert: Down
                    expr: up == 0
                    labels: {a: "1", b: "2"}
                  - alert: Down
                    expr: up == 0
                    labels: {a: "1"}
                  - record: job:up:sum
                    expr: up
            """;

    private static final String VALID = """
            groups:
              - name: g
                interval: 30s
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                    labels: {team: a}
                  - alert: Down
                    expr: |
                      up
                        == 0
                    for: 5m
                    labels: {severity: page}
                    annotations: {summary: down}
            """;

    private static final String PARSE_ERRORS = """
            groups:
              - name: g
                rules:
                  - record: a
                    expr: sum(up) by (job
                  - alert: B
                    expr: rate(up[5m)
                  - record: c
                    expr: |
                      sum(
                  - record: d
                    expr: "foo{"
                  - record: e
                    expr: up{a=~"("}
                  - record: f
                    expr: rate(up)
                  - record: ok
                    expr: up == 1
            """;

    private static final String FIELD_ERRORS = """
            groups:
              - name: g
                rules:
                  - expr: up
                  - record: a
                    alert: b
                    expr: up
                  - record: c
                  - record: ""
                    expr: up
                  - alert: ""
                    expr: up
                  - record: 0
                    expr: up
                  - record: x
                    expr: ""
                  - record: y
                    for: 5m
                    annotations: {a: b}
                    expr: up
                    labels:
                      __name__: z
                  - record: "bad name"
                    expr: up
                    keep_firing_for: 1m
                  - alert: q
                    expr: up
                    labels: {"bad-label": x}
                    annotations: {"bad-annotation": y}
              - name: ""
                rules: []
              - name: g
                rules: []
            """;

    static List<Object[]> ruleCases() {
        return List.of(
                new Object[] {"valid", VALID, List.of()},
                new Object[] {"duplicates, default lint", DUPLICATES, List.of()},
                new Object[] {"duplicates, lint all", DUPLICATES, List.of("--lint=all")},
                new Object[] {"duplicates, lint none", DUPLICATES, List.of("--lint=none")},
                new Object[] {"duplicates, lint fatal", DUPLICATES, List.of("--lint-fatal")},
                new Object[] {"unknown lint option", DUPLICATES, List.of("--lint=bogus,none")},
                new Object[] {"parse errors", PARSE_ERRORS, List.of()},
                new Object[] {"field errors", FIELD_ERRORS, List.of()},
                new Object[] {"unknown key", "groups:\n  - name: g\n    rules:\n      - record: a\n        exp: up\n",
                    List.of()},
                new Object[] {"not rule groups", "rule_files: [a.yml]\ngroups: []\n", List.of()},
                new Object[] {"empty file", "", List.of()});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleCases")
    void checkRulesAsPromtool(String name, String content, List<String> flags) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path f = dir.resolve("rules.yml");
        Files.writeString(f, content);
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(flags);
        args.add(f.toString());
        assertSame(ToolRun.promtool(args.toArray(String[]::new)), ToolRun.ignis(args.toArray(String[]::new)));
    }

    @Test
    void severalFilesAndConfigAsPromtool() throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Files.writeString(dir.resolve("a.yml"), DUPLICATES);
        Files.writeString(dir.resolve("b.yml"), PARSE_ERRORS);
        Files.writeString(dir.resolve("c.yml"), VALID);
        String a = dir.resolve("a.yml").toString();
        String b = dir.resolve("b.yml").toString();
        String c = dir.resolve("c.yml").toString();
        for (String[] args : List.of(new String[] {"check", "rules", a, c}, new String[] {"check", "rules", a, b, c},
                new String[] {"check", "rules", "--lint-fatal", a, c}, new String[] {"check", "rules", c, "missing.yml"})) {
            assertSame(ToolRun.promtool(args), ToolRun.ignis(args));
        }
        Files.writeString(dir.resolve("p.yml"), "rule_files: [a.yml, c.yml]\n");
        Files.writeString(dir.resolve("q.yml"), "rule_files: ['[ac].yml']\n");
        for (String cfg : List.of("p.yml", "q.yml")) {
            String p = dir.resolve(cfg).toString();
            for (String[] args : List.of(new String[] {"check", "config", p},
                    new String[] {"check", "config", "--lint-fatal", p}, new String[] {"check", "config", "--lint=none", p})) {
                assertSame(ToolRun.promtool(args), ToolRun.ignis(args));
            }
        }
    }

    @Test
    void duplicateReportListsEachRepeatedRuleOnceWithSortedLabels() throws Exception {
        Path f = dir.resolve("d.yml");
        Files.writeString(f, DUPLICATES);
        ToolRun r = ToolRun.ignis("check", "rules", f.toString());
        assertEquals(0, r.code());
        assertEquals("Checking " + f + "\n\n", r.out());
        assertEquals("  FAILED:\nlint error 2 duplicate rule(s) found.\nMetric: Down\nLabel(s):\n\ta: 1\n\tb: 2\n"
                + "Metric: job:up:sum\nLabel(s):\nMight cause inconsistency while recording expressions\n", r.err());
        assertEquals(3, ToolRun.ignis("check", "rules", "--lint-fatal", f.toString()).code());
    }

    @Test
    void expressionsAreParsedAsPromQL() throws Exception {
        Path f = dir.resolve("e.yml");
        Files.writeString(f, "groups:\n  - name: g\n    rules:\n      - record: a\n        expr: rate(up)\n");
        ToolRun r = ToolRun.ignis("check", "rules", f.toString());
        assertEquals(1, r.code());
        assertEquals("  FAILED:\n" + f + ": 5:15: group \"g\", rule 1, \"a\": could not parse expression: 1:6: parse "
                + "error: expected type range vector in call to function \"rate\", got instant vector\n", r.err());
    }

    private static void assertSame(ToolRun promtool, ToolRun ignis) {
        assertEquals(promtool.code(), ignis.code(), "exit code");
        assertEquals(promtool.out(), ignis.out(), "stdout");
        assertEquals(promtool.err().replace("promtool: error:", "ignistool: error:"), ignis.err(), "stderr");
    }
}
