package dev.ignis.promql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.promql.internal.ast.AstDump;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.Pretty;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against Prometheus 2.42, case by case. The inputs are a large sample of
 * Prometheus's own parser tests ({@code promql/parser/parse_test.go}), every function called
 * with wrong arities and argument types, edge cases of our own ({@code parse_cases.tsv}), and
 * seeded random mutations of the conformance corpus's expressions ({@code mutation_cases.tsv});
 * every expectation is what Prometheus 2.42 itself answers for the input (its
 * {@code /api/v1/format_query} output or its error message).
 *
 * <p>One case a line, tab-separated; {@code ⏎} stands for a newline:
 * <ul>
 *   <li>{@code input OK formatted tree}: parses; the tree dumps to {@code tree}
 *       ({@link AstDump}); {@link Pretty} formats it as {@code formatted}, which is
 *       {@code toString()} for queries up to 100 bytes; both the format and {@code toString()}
 *       parse back to the same tree;</li>
 *   <li>{@code input ERR message}: fails with exactly this message, position included.</li>
 * </ul>
 */
class ParserCasesTest {

    record Case(String input, boolean ok, String expected, String tree) {
    }

    /** Both tables: Prometheus's parser tests and mutations of the conformance corpus. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        read("parse_cases.tsv", cases);
        read("mutation_cases.tsv", cases);
        return cases;
    }

    private static void read(String resource, List<Case> cases) {
        try (InputStream in = ParserCasesTest.class.getResourceAsStream(resource);
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("%%")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String input = f[0].replace("⏎", "\n");
                boolean ok = f[1].equals("OK");
                cases.add(new Case(input, ok, f[2].replace("⏎", "\n"), ok ? f[3] : null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Arguments> named(boolean ok) {
        return cases().stream().filter(c -> c.ok() == ok)
                .map(c -> Arguments.of(Named.of(c.input().replace("\n", "⏎"), c)));
    }

    static Stream<Arguments> validCases() {
        return named(true);
    }

    static Stream<Arguments> invalidCases() {
        return named(false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validCases")
    void parsesToPrometheusTreeAndPrintsItBack(Case c) {
        Expr expr = PromQL.parse(c.input());
        assertEquals(c.tree(), AstDump.dump(expr), "tree");
        assertEquals(c.expected(), Pretty.print(expr), "formatted as format_query does");
        assertEquals(c.tree(), AstDump.dump(PromQL.parse(expr.toString())), "tree after reparsing toString()");
        assertEquals(c.tree(), AstDump.dump(PromQL.parse(Pretty.print(expr))), "tree after reparsing the format");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidCases")
    void failsWithPrometheusMessageAndPosition(Case c) {
        ParseException e = assertThrows(ParseException.class, () -> PromQL.parse(c.input()));
        assertEquals(c.expected(), e.getMessage());
    }
}
