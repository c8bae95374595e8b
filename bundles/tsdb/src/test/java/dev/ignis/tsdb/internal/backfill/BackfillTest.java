package dev.ignis.tsdb.internal.backfill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Backfill from OpenMetrics: the same blocks, byte for byte, as promtool 2.42 writes. */
class BackfillTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name.replace('/', '_'));
        try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void writesTheBlockPromtoolWroteForTheSameFile() throws IOException {
        String ulid = "01M8E49EKG48WQCNJ4T4PA4JMM";
        Path om = resource("block/block.om");
        List<String> promtoolFiles = List.of("index", "chunks/000001", "tombstones");
        Path theirs = Files.createDirectories(dir.resolve("theirs/chunks")).getParent();
        for (String f : List.of("index", "chunks/000001", "tombstones", "meta.json")) {
            try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/block/" + ulid + "/" + f)) {
                Files.copy(in, theirs.resolve(f));
            }
        }
        List<BlockMeta> metas = Backfill.createBlocks(om, dir.resolve("out"), 0, m -> { });
        assertEquals(1, metas.size());
        BlockMeta m = metas.get(0);
        assertEquals(new BlockMeta(m.ulid(), 1700000000000L, 1700004485002L, 1050, 4, 10, 1, 1), m);
        Path ours = dir.resolve("out").resolve(m.ulid());
        for (String f : promtoolFiles) {
            assertArrayEquals(Files.readAllBytes(theirs.resolve(f)), Files.readAllBytes(ours.resolve(f)), f);
        }
        assertEquals(Files.readString(theirs.resolve("meta.json")).replace(ulid, m.ulid()), Files.readString(ours.resolve("meta.json")));
    }

    @Test
    void writesPromtoolsXorChunkForTheGoldenFile() throws IOException {
        Path om = resource("xor-golden/golden.om");
        List<BlockMeta> metas = Backfill.createBlocks(om, dir.resolve("out"), 0, m -> { });
        assertEquals(1, metas.size());
        byte[] theirs;
        try (InputStream in = getClass().getResourceAsStream("/prometheus-2.42/xor-golden/chunks-000001")) {
            theirs = in.readAllBytes();
        }
        assertArrayEquals(theirs, Files.readAllBytes(dir.resolve("out").resolve(metas.get(0).ulid()).resolve("chunks/000001")));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("noEof", "a 1 1\n", "# EOF"),
                Arguments.of("noTimestamp", "a{b=\"c\"} 1\n# EOF\n", "expected timestamp"),
                Arguments.of("badEscape", "a{b=\"\\x\"} 1 1\n# EOF\n", "invalid escape"),
                Arguments.of("badValue", "a 1x 1\n# EOF\n", "invalid number"),
                Arguments.of("afterEof", "a 1 1\n# EOF\na 1 2\n", "after # EOF"),
                Arguments.of("noName", "{b=\"c\"} 1 1\n# EOF\n", "metric name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedInput(String name, String text, String message) {
        IOException e = assertThrows(IOException.class, () -> OpenMetricsSamples.parse(text));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void parsesLabelsValuesAndTimestampsAsPrometheus() throws IOException {
        OpenMetricsSamples s = OpenMetricsSamples.parse("# HELP a x\n# TYPE a gauge\n"
                + "a{z=\"1\",b=\"q\\\"\\\\\\n\"} +Inf 1700000090.001\na NaN 1.5 # {trace=\"x\"} 1 1\n# EOF\n");
        assertEquals(2, s.size());
        assertEquals("{__name__=\"a\", b=\"q\\\"\\\\\\n\", z=\"1\"}", s.labels(0).toString());
        assertEquals(Double.POSITIVE_INFINITY, s.v(0));
        assertEquals((long) (1700000090.001 * 1000), s.t(0));
        assertTrue(Double.isNaN(s.v(1)));
        assertEquals(1500, s.t(1));
    }

    @Test
    void blockDurationsAreTwoHoursTimesAPowerOfThree() {
        long h = 3_600_000L;
        assertEquals(2 * h, Backfill.blockDuration(0));
        assertEquals(2 * h, Backfill.blockDuration(5 * h));
        assertEquals(6 * h, Backfill.blockDuration(6 * h));
        assertEquals(18 * h, Backfill.blockDuration(24 * h));
    }

    /** Writes a file with series over {@code hours}, irregular steps and values. */
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
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool 2.42 not installed");
        Path om = dir.resolve("in.om");
        Files.writeString(om, generate(25, 7.5, 42));
        Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "create-blocks-from", "openmetrics", om.toString(),
                dir.resolve("theirs").toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        List<BlockMeta> ours = Backfill.createBlocks(om, dir.resolve("ours"), 0, m -> { });
        TreeMap<Long, Path> theirs = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve("theirs"))) {
            for (Path b : ds) {
                theirs.put(BlockMeta.read(b).minTime(), b);
            }
        }
        assertEquals(theirs.size(), ours.size());
        assertTrue(ours.size() >= 4, "blocks: " + ours.size());
        List<String> compared = new ArrayList<>();
        for (BlockMeta m : ours) {
            Path t = theirs.get(m.minTime());
            BlockMeta tm = BlockMeta.read(t);
            assertEquals(new BlockMeta(tm.ulid(), tm.minTime(), tm.maxTime(), tm.numSamples(), tm.numSeries(), tm.numChunks(), 1, 1),
                    new BlockMeta(tm.ulid(), m.minTime(), m.maxTime(), m.numSamples(), m.numSeries(), m.numChunks(), 1, 1));
            Path o = dir.resolve("ours").resolve(m.ulid());
            for (String f : List.of("index", "chunks/000001", "tombstones")) {
                assertArrayEquals(Files.readAllBytes(t.resolve(f)), Files.readAllBytes(o.resolve(f)), m.minTime() + " " + f);
                compared.add(f);
            }
        }
        assertEquals(ours.size() * 3, compared.size());
    }
}
