package dev.ignis.promql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.promql.internal.ast.AstDump;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.Pretty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every expression of the PromQL conformance corpus ({@code ../shared/conformance/promql}, the
 * test scripts of Prometheus 2.42) parses, and printing it, on one line or in the multi-line
 * format, gives PromQL that parses back to the same tree.
 *
 * <p>The corpus's {@code eval_fail} expressions parse too: the reference runner parses every
 * expression of a file before running any (FORMAT.md 5.1), so all of them must be valid
 * PromQL; they fail at evaluation (duplicate label sets, an invalid regex or label name in
 * {@code label_replace}).
 */
class CorpusRoundTripTest {

    /** Corpus size at Prometheus v2.42.0: 566 evaluations in 11 files. */
    private static final int CORPUS_EVALS = 566;
    private static final Pattern EVAL = Pattern.compile("^eval(_fail|_ordered)? instant at \\S+ (.+)$");

    record Eval(String file, int line, boolean expectFail, String expr) {
    }

    /**
     * The corpus directory: the {@code promql.corpus.dir} system property set by the build
     * ({@code ${maven.multiModuleProjectDirectory}/../shared/conformance/promql}), else the
     * first {@code shared/conformance/promql} found beside the working directory or a parent.
     */
    static Path corpusDir() {
        String configured = System.getProperty("promql.corpus.dir");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("conformance").resolve("promql");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("BUG: PromQL corpus not found (promql.corpus.dir=" + configured + ")");
    }

    static List<Eval> evals() {
        List<Eval> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpusDir())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".test")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = EVAL.matcher(lines.get(i).strip());
                    if (m.matches()) {
                        out.add(new Eval(f.getFileName().toString(), i + 1, "_fail".equals(m.group(1)), m.group(2)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static Stream<Arguments> corpus() {
        return evals().stream().map(e -> Arguments.of(Named.of(
                e.file() + ":" + e.line() + (e.expectFail() ? " [eval_fail: fails at evaluation] " : " ")
                        + e.expr(), e)));
    }

    @Test
    void findsEveryEvaluationOfTheCorpus() {
        List<Eval> evals = evals();
        assertEquals(CORPUS_EVALS, evals.size());
        assertEquals(7, evals.stream().filter(Eval::expectFail).count());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void printedExpressionParsesBackToTheSameTree(Eval e) {
        Expr parsed = PromQL.parse(e.expr());
        String printed = parsed.toString();
        Expr reparsed = PromQL.parse(printed);
        assertEquals(AstDump.dump(parsed), AstDump.dump(reparsed), printed);
        assertEquals(printed, reparsed.toString(), "printing is a fixed point");
        assertEquals(AstDump.dump(parsed), AstDump.dump(PromQL.parse(Pretty.print(parsed))), "multi-line format");
    }
}
