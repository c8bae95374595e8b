package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real Prometheus 2.42 {@code promtool tsdb dump} replays a WAL that Ignis wrote. */
class PromtoolReadsWalTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void promtoolDumpsEverySampleIgnisLogged(boolean compression) throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool 2.42 not installed");
        Map<String, List<String>> ours;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir).withWalSegmentSize(2 * Segments.PAGE_SIZE)
                .withWalCompression(compression))) {
            ours = WalTest.write(db, 0, 100);
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "dump", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        Map<String, List<String>> theirs = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp2 = line.lastIndexOf(' ');
            int sp1 = line.lastIndexOf(' ', sp2 - 1);
            String v = line.substring(sp1 + 1, sp2);
            double d = v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
            theirs.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>()).add(line.substring(sp2 + 1) + "=" + d);
        }
        Map<String, List<String>> expected = new TreeMap<>();
        ours.forEach((k, samples) -> expected.put(k, samples.stream().map(s -> {
            int eq = s.indexOf('=');
            return s.substring(0, eq) + "=" + Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(eq + 1), 16));
        }).toList()));
        assertEquals(expected, theirs);
    }
}
