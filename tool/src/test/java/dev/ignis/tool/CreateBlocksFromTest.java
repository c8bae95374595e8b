package dev.ignis.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CreateBlocksFromTest {
    @TempDir
    Path dir;

    static String ulidsOut(String table) {
        return table.replaceAll("(?m)^[0-9A-Z]{26}  ", "ULID                        ");
    }

    private static List<String> blockDirs(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void printsCreatedBlocksAndProgress() throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.SMALL);
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                BLOCK ULID                  MIN TIME       MAX TIME       DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE
                ULID                        1669500000000  1669500015001  15.001s      4            3            3            998
                ULID                        1669510000000  1669510000001  1ms          1            1            1            702
                ULID                        1669520000000  1669520000001  1ms          1            1            1            586
                """, ulidsOut(r.out()));
        List<String> blocks = blockDirs(dir.resolve("out"));
        assertEquals(3, blocks.size());
        assertEquals("block 1 written: " + blocks.get(0) + "\nblock 2 written: " + blocks.get(1) + "\nblock 3 written: "
                + blocks.get(2) + "\n", r.err());
    }

    @ParameterizedTest
    @CsvSource({"-q, 3", "--quiet, 3", "'-q --max-block-duration=6h', 2", "'--max-block-duration=1d --quiet', 2"})
    void quietPrintsNothingAndMaxBlockDurationWidensBlocks(String flags, int expectedBlocks) throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.big());
        Path out = dir.resolve("out");
        ToolRun r = ToolRun.ignis(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, flags.split(" "),
                in.toString(), out.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
        assertEquals(expectedBlocks, blockDirs(out).size());
    }

    @Test
    void humanReadableTable() throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.big());
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-r", in.toString(),
                dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                BLOCK ULID                  MIN TIME                       MAX TIME                       DURATION     NUM SAMPLES  NUM CHUNKS   NUM SERIES   SIZE
                ULID                        2022-11-26 22:00:00 +0000 UTC  2022-11-26 23:59:00 +0000 UTC  1h59m0.001s  362          5            5            3KiB899B
                ULID                        2022-11-27 00:00:00 +0000 UTC  2022-11-27 01:59:00 +0000 UTC  1h59m0.001s  360          3            3            3KiB753B
                ULID                        2022-11-27 02:00:00 +0000 UTC  2022-11-27 03:59:00 +0000 UTC  1h59m0.001s  360          3            3            3KiB739B
                """, ulidsOut(r.out()));
    }

    @Test
    void malformedInputFailsWithoutBlocks() throws Exception {
        Path in = Files.writeString(dir.resolve("bad.om"), "m 1 2\nbad line here\n# EOF\n");
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertEquals("", r.out());
        assertEquals("getting min and max timestamp: next: strconv.ParseFloat: parsing \"line\": invalid syntax\n", r.err());
        assertTrue(!Files.exists(dir.resolve("out")) || blockDirs(dir.resolve("out")).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"small, ''", "small, -r", "big, ''", "big, -r", "big, --max-block-duration=24h"})
    void tableEqualsPromtools(String input, String flag) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path in = Files.writeString(dir.resolve("in.om"), input.equals("small") ? ToolRun.SMALL : ToolRun.big());
        String[] extra = flag.isEmpty() ? new String[0] : new String[] {flag};
        ToolRun ignis = ToolRun.ignis(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, extra,
                in.toString(), dir.resolve("i").toString()));
        ToolRun prom = ToolRun.promtool(concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, extra,
                in.toString(), dir.resolve("p").toString()));
        assertEquals(0, ignis.code(), ignis.err());
        assertEquals(0, prom.code(), prom.err());
        assertEquals(ulidsOut(prom.out()), ulidsOut(ignis.out()));
    }

    static Stream<Arguments> refusedInputs() {
        return Stream.of(
                Arguments.of("no EOF", "a 1 1\n"),
                Arguments.of("no timestamp", "a 1 100\nb{c=\"d\"} 2\n# EOF\n"),
                Arguments.of("exemplar on a gauge", "a 1 1\ne 1 1.5 # {trace=\"x\"} 1 1\n# EOF\n"),
                Arguments.of("bad value", "a 1x 1\n# EOF\n"),
                Arguments.of("data after EOF", "a 1 1\n# EOF\na 1 2\n"),
                Arguments.of("no metric name", "{b=\"c\"} 1 1\n# EOF\n"),
                Arguments.of("unterminated label value", "a 1 100\nb{x=\"y} 2 3\n# EOF\n"),
                Arguments.of("older after a commit", outOfOrderAfterCommit("a 2 999")),
                Arguments.of("other value after a commit", outOfOrderAfterCommit("a 2 1000")));
    }

    /** Sample a at 1000, then 5001 other series (promtool commits every 5000 samples), then {@code last}. */
    private static String outOfOrderAfterCommit(String last) {
        StringBuilder sb = new StringBuilder("a 1 1000\n");
        for (int i = 0; i < 5001; i++) {
            sb.append("x{i=\"").append(i).append("\"} 1 1000\n");
        }
        return sb.append(last).append("\n# EOF\n").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedInputs")
    void refusesWhatPromtoolRefuses(String name, String text) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path in = Files.writeString(dir.resolve("in.om"), text);
        ToolRun prom = ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(),
                dir.resolve("p").toString());
        ToolRun ignis = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(),
                dir.resolve("i").toString());
        assertEquals(1, prom.code(), prom.err());
        assertEquals(prom.code(), ignis.code());
        assertEquals(prom.err(), ignis.err());
    }

    static Stream<Arguments> acceptedInputs() {
        return Stream.of(
                Arguments.of("older within a batch", "a 1 100\na 2 50\n# EOF\n"),
                Arguments.of("other value within a batch", "a 1 100\na 2 100\n# EOF\n"),
                Arguments.of("identical repeat", "a 1 100\na 1 100\n# EOF\n"),
                Arguments.of("identical repeat after a commit", outOfOrderAfterCommit("a 1 1000")),
                Arguments.of("special values and fractional times", "a 1 100.5\nb NaN 99.9999\nc +Inf 1e2\n"
                        + "d{z=\"1\",b=\"q\\\"\\\\\\n\"} -Inf 1700000090.001\n# EOF\n"),
                Arguments.of("unknown escape kept", "a{b=\"\\x\"} 1 1\n# EOF\n"),
                Arguments.of("exemplar on a counter", "# TYPE c counter\nc_total 1 1.5 # {trace=\"x\"} 1 1\n# EOF\n"),
                Arguments.of("labels in another order", "a{x=\"1\",y=\"2\"} 1 100\na{y=\"2\",x=\"1\"} 2 200\n# EOF\n"),
                Arguments.of("negative times, some before the first aligned block", "a 1 -7300\na 2 -100\na 3 5\n# EOF\n"),
                Arguments.of("counter with created", "# TYPE a counter\na_total 1 100\na_created 5 100\nb 2 1e3\n# EOF\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedInputs")
    void keepsWhatPromtoolKeeps(String name, String text) throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path in = Files.writeString(dir.resolve("in.om"), text);
        Path p = dir.resolve("p");
        Path i = dir.resolve("i");
        assertEquals(0, ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), p.toString())
                .code());
        ToolRun ignis = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(), i.toString());
        assertEquals(0, ignis.code(), ignis.err());
        assertEquals(ToolRun.ignis("tsdb", "dump", p.toString()).out(), ToolRun.ignis("tsdb", "dump", i.toString()).out());
        assertBlocksEqual(p, i);
    }

    /** Same block files byte for byte (meta.json up to the ULID), blocks matched by min time. */
    private static void assertBlocksEqual(Path theirs, Path ours) throws Exception {
        TreeMap<Long, Path> t = new TreeMap<>();
        TreeMap<Long, Path> o = new TreeMap<>();
        for (String b : blockDirs(theirs)) {
            t.put(BlockMeta.read(theirs.resolve(b)).minTime(), theirs.resolve(b));
        }
        for (String b : blockDirs(ours)) {
            o.put(BlockMeta.read(ours.resolve(b)).minTime(), ours.resolve(b));
        }
        assertEquals(t.keySet(), o.keySet());
        for (Long min : t.keySet()) {
            Path tb = t.get(min);
            Path ob = o.get(min);
            for (String f : List.of("index", "chunks/000001", "tombstones")) {
                assertArrayEquals(Files.readAllBytes(tb.resolve(f)), Files.readAllBytes(ob.resolve(f)), min + " " + f);
            }
            assertEquals(Files.readString(tb.resolve("meta.json")).replace(tb.getFileName().toString(),
                    ob.getFileName().toString()), Files.readString(ob.resolve("meta.json")), min + " meta.json");
        }
    }

    private Path resource(String name) throws Exception {
        Path p = dir.resolve(name.replace('/', '_'));
        try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void writesTheBlockPromtoolWroteForTheSameFile() throws Exception {
        String ulid = "01M8E49EKG48WQCNJ4T4PA4JMM";
        Path theirs = Files.createDirectories(dir.resolve("theirs").resolve(ulid).resolve("chunks")).getParent();
        for (String f : List.of("index", "chunks/000001", "tombstones", "meta.json")) {
            try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/block/" + ulid + "/" + f)) {
                Files.copy(in, theirs.resolve(f));
            }
        }
        Path om = resource("block/block.om");
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", om.toString(),
                dir.resolve("ours").toString());
        assertEquals(0, r.code(), r.err());
        assertBlocksEqual(dir.resolve("theirs"), dir.resolve("ours"));
    }

    @Test
    void writesPromtoolsXorChunkForTheGoldenFile() throws Exception {
        Path om = resource("xor-golden/golden.om");
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", om.toString(),
                dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        List<String> blocks = blockDirs(dir.resolve("out"));
        assertEquals(1, blocks.size());
        byte[] theirs;
        try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/xor-golden/chunks-000001")) {
            theirs = in.readAllBytes();
        }
        assertArrayEquals(theirs, Files.readAllBytes(dir.resolve("out").resolve(blocks.get(0)).resolve("chunks/000001")));
    }

    /** Series over {@code hours}, irregular steps and values with three decimals. */
    static String generate(int series, double hours, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("# TYPE m gauge\n");
        long t0 = 1_700_000_123_000L;
        for (int s = 0; s < series; s++) {
            double v = r.nextInt(1000);
            for (long t = t0; t < t0 + (long) (hours * 3_600_000); t += 10_000 + r.nextInt(3) * 5000) {
                v += r.nextInt(4) == 0 ? r.nextGaussian() : r.nextInt(3);
                sb.append("m{i=\"").append(s).append("\",job=\"j").append(s % 3).append("\"} ")
                        .append(String.format(Locale.ROOT, "%.3f", v)).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", t / 1000.0)).append('\n');
            }
        }
        return sb.append("# EOF\n").toString();
    }

    @Test
    void writesTheSameBlocksAsTheRealPromtool() throws Exception {
        assumeTrue(ToolRun.hasPromtool(), "promtool not installed");
        Path in = Files.writeString(dir.resolve("in.om"), generate(25, 7.5, 42));
        assertEquals(0, ToolRun.promtool("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(),
                dir.resolve("p").toString()).code());
        ToolRun r = ToolRun.ignis("tsdb", "create-blocks-from", "openmetrics", "-q", in.toString(),
                dir.resolve("i").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(blockDirs(dir.resolve("i")).size() >= 4);
        assertBlocksEqual(dir.resolve("p"), dir.resolve("i"));
    }

    static Stream<Arguments> plainCommandLines() {
        return Stream.of(
                Arguments.of((Object) new String[] {}),
                Arguments.of((Object) new String[] {"-q"}),
                Arguments.of((Object) new String[] {"--quiet"}),
                Arguments.of((Object) new String[] {"-r"}),
                Arguments.of((Object) new String[] {"--human-readable", "--quiet"}),
                Arguments.of((Object) new String[] {"-r", "IN", "-q", "OUT"}));
    }

    /** Without picocli (see OpenMetricsBackfillCommand.direct) the plain command lines give what picocli gives. */
    @ParameterizedTest
    @MethodSource("plainCommandLines")
    void plainCommandLinesRunAsThroughPicocli(String[] flags) throws Exception {
        Path in = Files.writeString(dir.resolve("in.om"), ToolRun.big());
        String[] direct = withPaths(flags, in, dir.resolve("direct"));
        String[] parsed = withPaths(flags, in, dir.resolve("parsed"));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Integer code = OpenMetricsBackfillCommand.direct(direct, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
        java.io.StringWriter pOut = new java.io.StringWriter();
        java.io.StringWriter pErr = new java.io.StringWriter();
        int pCode = IgnisTool.runParsed(parsed, new java.io.PrintWriter(pOut), new java.io.PrintWriter(pErr));
        assertEquals(0, pCode, pErr.toString());
        assertEquals(pCode, code);
        assertEquals(ulidsOut(pOut.toString()), ulidsOut(out.toString()));
        assertEquals(pErr.toString().replaceAll("[0-9A-Z]{26}", "ULID"), err.toString().replaceAll("[0-9A-Z]{26}", "ULID"));
        assertEquals(3, blockDirs(dir.resolve("direct")).size());
        assertEquals(blockDirs(dir.resolve("parsed")).size(), blockDirs(dir.resolve("direct")).size());
    }

    @Test
    void plainBackfillErrorsRunAsThroughPicocli() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.om"), "m 1 2\nbad line here\n# EOF\n");
        for (Path in : List.of(bad, dir.resolve("missing.om"))) {
            String[] args = {"tsdb", "create-blocks-from", "openmetrics", in.toString(), dir.resolve("o").toString()};
            java.io.StringWriter err = new java.io.StringWriter();
            java.io.StringWriter pErr = new java.io.StringWriter();
            Integer code = OpenMetricsBackfillCommand.direct(args, new java.io.PrintWriter(new java.io.StringWriter()),
                    new java.io.PrintWriter(err));
            int pCode = IgnisTool.runParsed(args, new java.io.PrintWriter(new java.io.StringWriter()),
                    new java.io.PrintWriter(pErr));
            assertEquals(1, pCode);
            assertEquals(pCode, code);
            assertEquals(pErr.toString(), err.toString());
        }
    }

    /** Everything else goes through picocli: help, clusters, repeats, other options, at-files, extra paths. */
    @ParameterizedTest
    @CsvSource({"-h IN", "--help", "-qr IN", "-q -q IN", "--quiet -q IN", "-r --human-readable IN",
        "--max-block-duration=6h IN OUT", "-- IN OUT", "@IN", "IN OUT EXTRA", "-q", "''", "-x IN", "--quiet=true IN"})
    void otherCommandLinesAreLeftToPicocli(String flags) {
        String[] rest = flags.isEmpty() ? new String[0] : flags.split(" ");
        for (int i = 0; i < rest.length; i++) {
            rest[i] = rest[i].replace("IN", dir.resolve("in.om").toString()).replace("OUT", dir.resolve("o").toString());
        }
        String[] args = concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, rest);
        assertEquals(null, OpenMetricsBackfillCommand.direct(args, new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())));
    }

    /** {@code flags} with IN and OUT replaced, or the two paths appended when they hold neither. */
    private static String[] withPaths(String[] flags, Path in, Path out) {
        List<String> rest = new java.util.ArrayList<>(List.of(flags));
        if (!rest.contains("IN")) {
            rest.add("IN");
            rest.add("OUT");
        }
        rest.replaceAll(a -> a.equals("IN") ? in.toString() : a.equals("OUT") ? out.toString() : a);
        return concat(new String[] {"tsdb", "create-blocks-from", "openmetrics"}, rest.toArray(new String[0]));
    }

    static String[] concat(String[] head, String[] mid, String... tail) {
        String[] all = new String[head.length + mid.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(mid, 0, all, head.length, mid.length);
        System.arraycopy(tail, 0, all, head.length + mid.length, tail.length);
        return all;
    }
}
