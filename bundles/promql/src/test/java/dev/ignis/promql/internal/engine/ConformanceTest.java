package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PromQL conformance corpus ({@code ../shared/conformance/promql}, Prometheus 2.42's test
 * scripts), file by file, run as Prometheus 2.42's runner runs it; every evaluation of every
 * file must pass.
 */
class ConformanceTest {

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
        throw new IllegalStateException("BUG: PromQL corpus not found");
    }

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(corpusDir())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".test")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void runsScriptAsPrometheusDoes(String file) throws Exception {
        List<String> lines = Files.readAllLines(corpusDir().resolve(file), StandardCharsets.UTF_8);
        ConformanceScript script = new ConformanceScript(lines);
        script.run();
        long evalLines = lines.stream().filter(l -> l.strip().startsWith("eval")).count();
        assertEquals(evalLines, script.evals(), "every eval of the file ran");
    }
}
