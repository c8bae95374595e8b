package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Blocks written by {@link BlockWriter}: read back by Ignis, by promtool, and byte for byte as promtool writes them. */
class BlockWriterTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** One series' samples, cut into XOR chunks of {@code perChunk} samples. */
    static BlockWriter.SeriesData series(Labels l, long[] ts, double[] vs, int perChunk) {
        List<BlockWriter.ChunkData> cs = new ArrayList<>();
        for (int i = 0; i < ts.length; i += perChunk) {
            XorChunk c = new XorChunk();
            int end = Math.min(ts.length, i + perChunk);
            for (int j = i; j < end; j++) {
                c.append(ts[j], vs[j]);
            }
            cs.add(new BlockWriter.ChunkData(ts[i], ts[end - 1], XorChunk.ENCODING, c.toByteArray()));
        }
        return new BlockWriter.SeriesData(l, cs);
    }

    static BlockWriter.SeriesData regular(Labels l, int n, long step, Random r) {
        long[] ts = new long[n];
        double[] vs = new double[n];
        double v = r.nextInt(100);
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + i * step + (r.nextInt(10) == 0 ? r.nextInt(3) : 0);
            v += r.nextInt(5) == 0 ? r.nextDouble() : r.nextInt(10);
            vs[i] = v;
        }
        return series(l, ts, vs, 120);
    }

    static Stream<Arguments> blocks() {
        return Stream.of(
                Arguments.of("oneSeries", (Supplier<List<BlockWriter.SeriesData>>) () ->
                        List.of(regular(Labels.of("__name__", "up", "job", "a"), 10, 15_000, new Random(1)))),
                Arguments.of("manySeries", (Supplier<List<BlockWriter.SeriesData>>) () -> {
                    Random r = new Random(2);
                    List<BlockWriter.SeriesData> out = new ArrayList<>();
                    for (int i = 0; i < 3000; i++) {
                        out.add(regular(Labels.of("__name__", "m" + (i % 7), "instance", "host-" + i, "job", "j" + (i % 3)),
                                30, 15_000, r));
                    }
                    return out;
                }),
                Arguments.of("manyLabelValues", (Supplier<List<BlockWriter.SeriesData>>) () -> {
                    Random r = new Random(3);
                    List<BlockWriter.SeriesData> out = new ArrayList<>();
                    for (int i = 0; i < 400; i++) {
                        out.add(regular(Labels.of("__name__", "x", "a", "v" + i, "b", "ü€" + i, "c", "\uD83D\uDE00" + (i % 17),
                                "d", "q\"\\\n" + i), 3, 1000, r));
                    }
                    return out;
                }),
                Arguments.of("empty", (Supplier<List<BlockWriter.SeriesData>>) List::of),
                Arguments.of("seriesWithManyChunks", (Supplier<List<BlockWriter.SeriesData>>) () ->
                        List.of(regular(Labels.of("__name__", "long"), 120 * 300 + 7, 200, new Random(4)),
                                regular(Labels.of("__name__", "short"), 1, 200, new Random(5)))),
                Arguments.of("withoutChunksLeftOut", (Supplier<List<BlockWriter.SeriesData>>) () ->
                        List.of(regular(Labels.of("__name__", "a"), 5, 200, new Random(6)),
                                new BlockWriter.SeriesData(Labels.of("__name__", "b"), List.of()))));
    }

    /** Samples of every series of a block as {@code labels -> ["t=v", ...]}, via Ignis's readers. */
    static Map<String, List<String>> readBack(Path block) throws IOException {
        Map<String, List<String>> got = new TreeMap<>();
        try (Block b = Block.open(block)) {
            XorIterator it = new XorIterator();
            Labels prev = null;
            for (long ref : b.index().allPostings()) {
                BlockIndex.Series s = b.index().series(ref);
                if (prev != null) {
                    assertTrue(BlockWriter.LABELS_ORDER.compare(prev, s.labels()) < 0, "series sorted");
                }
                prev = s.labels();
                List<String> samples = new ArrayList<>();
                for (int i = 0; i < s.chunkRefs().length; i++) {
                    it.reset(b.chunks().chunk(s.chunkRefs()[i]).data());
                    long first = Long.MIN_VALUE;
                    long last = Long.MIN_VALUE;
                    while (it.next()) {
                        first = first == Long.MIN_VALUE ? it.t() : first;
                        last = it.t();
                        samples.add(it.t() + "=" + it.v());
                    }
                    assertEquals(s.minT()[i], first);
                    assertEquals(s.maxT()[i], last);
                }
                got.put(s.labels().toString(), samples);
            }
        }
        return got;
    }

    static Map<String, List<String>> expected(List<BlockWriter.SeriesData> in) {
        Map<String, List<String>> out = new TreeMap<>();
        XorIterator it = new XorIterator();
        for (BlockWriter.SeriesData s : in) {
            List<String> samples = new ArrayList<>();
            for (BlockWriter.ChunkData c : s.chunks()) {
                it.reset(c.data());
                while (it.next()) {
                    samples.add(it.t() + "=" + it.v());
                }
            }
            if (!samples.isEmpty()) {
                out.put(s.labels().toString(), samples);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blocks")
    void readsBackWhatItWrote(String name, Supplier<List<BlockWriter.SeriesData>> input) throws IOException {
        List<BlockWriter.SeriesData> in = input.get();
        // Small segments as well, so that a block with many chunks spans several files.
        for (long segment : new long[] {BlockWriter.DEFAULT_SEGMENT_SIZE, 4096}) {
            Path parent = Files.createDirectories(dir.resolve("s" + segment));
            BlockMeta meta = new BlockWriter(segment).write(parent, T0, T0 + 7_200_000, in);
            Path block = parent.resolve(meta.ulid());
            assertEquals(meta, BlockMeta.read(block));
            assertFalse(Files.exists(parent.resolve(meta.ulid() + BlockWriter.TMP_SUFFIX)));
            Map<String, List<String>> want = expected(in);
            assertEquals(want, readBack(block));
            assertEquals(want.size(), meta.numSeries());
            assertEquals(want.values().stream().mapToInt(List::size).sum(), meta.numSamples());
            try (Stream<Path> files = Files.list(block.resolve("chunks"))) {
                for (Path f : files.toList()) {
                    assertTrue(Files.size(f) <= Math.max(segment, 8 + 5 + 1 + 65536 + 4), f + " within the segment size");
                }
            }
        }
    }

    @Test
    void rewritesPromtoolsBlockByteForByte() throws IOException {
        String ulid = PromtoolBlockTest.ULID;
        String base = "/prometheus-2.42/block/" + ulid + "/";
        Path src = Files.createDirectories(dir.resolve("src").resolve(ulid).resolve("chunks")).getParent();
        for (String f : List.of("index", "meta.json", "tombstones", "chunks/000001")) {
            try (InputStream in = BlockWriterTest.class.getResourceAsStream(base + f)) {
                Files.copy(in, src.resolve(f));
            }
        }
        List<BlockWriter.SeriesData> series = new ArrayList<>();
        BlockMeta meta;
        try (Block b = Block.open(src)) {
            meta = b.meta();
            for (long ref : b.index().allPostings()) {
                BlockIndex.Series s = b.index().series(ref);
                List<BlockWriter.ChunkData> cs = new ArrayList<>();
                for (int i = 0; i < s.chunkRefs().length; i++) {
                    BlockChunks.Chunk c = b.chunks().chunk(s.chunkRefs()[i]);
                    cs.add(new BlockWriter.ChunkData(s.minT()[i], s.maxT()[i], c.encoding(), c.data()));
                }
                series.add(new BlockWriter.SeriesData(s.labels(), cs));
            }
        }
        // Given in reverse order: the writer sorts.
        java.util.Collections.reverse(series);
        Path out = Files.createDirectories(dir.resolve("out"));
        BlockMeta written = new BlockWriter().write(out, ulid, meta.minTime(), meta.maxTime(), series);
        assertEquals(meta, written);
        for (String f : List.of("index", "chunks/000001", "tombstones", "meta.json")) {
            assertArrayEquals(Files.readAllBytes(src.resolve(f)), Files.readAllBytes(out.resolve(ulid).resolve(f)), f);
        }
    }

    @Test
    void ulidsAreTimeOrderedCrockfordBase32() {
        String a = Ulid.of(1_700_000_000_000L, new Random(1));
        String b = Ulid.of(1_700_000_000_001L, new Random(1));
        assertEquals(26, a.length());
        assertTrue(a.matches("[0-9A-HJKMNP-TV-Z]{26}"), a);
        assertTrue(a.compareTo(b) < 0);
        assertEquals(1_700_000_000_000L, Ulid.time(a));
        // Prometheus's fixture block was made at the time its ULID names.
        assertEquals("01M8E49EKG", Ulid.encode(Ulid.time(PromtoolBlockTest.ULID), new byte[10]).substring(0, 10));
    }

    static Stream<Arguments> promtoolInputs() {
        return blocks().filter(a -> !a.get()[0].equals("empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promtoolInputs")
    void promtoolListsAnalyzesAndDumpsIt(String name, Supplier<List<BlockWriter.SeriesData>> input) throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool 2.42 not installed");
        List<BlockWriter.SeriesData> in = input.get();
        BlockMeta meta = new BlockWriter().write(dir, T0, T0 + 7_200_000, in);

        String list = run("tsdb", "list", dir.toString());
        assertTrue(list.contains(meta.ulid()), list);
        assertTrue(list.contains(String.valueOf(meta.numSamples())), list);

        String analyze = run("tsdb", "analyze", dir.toString(), meta.ulid());
        assertTrue(analyze.contains("Block ID: " + meta.ulid()), analyze);
        assertTrue(analyze.contains("Series: " + meta.numSeries()), analyze);

        // promtool dump opens the whole data directory, WAL included.
        Files.createDirectories(dir.resolve("wal"));
        Map<String, List<String>> theirs = new TreeMap<>();
        for (String line : run("tsdb", "dump", dir.toString()).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp2 = line.lastIndexOf(' ');
            int sp1 = line.lastIndexOf(' ', sp2 - 1);
            String v = line.substring(sp1 + 1, sp2);
            double d = v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
            theirs.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>()).add(line.substring(sp2 + 1) + "=" + d);
        }
        assertEquals(expected(in), theirs);
    }

    private String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(PROMTOOL.toString());
        cmd.addAll(List.of(args));
        Path err = dir.resolveSibling(dir.getFileName() + ".promtool-stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool finished");
        String stderr = Files.readString(err);
        Files.deleteIfExists(err);
        assertEquals(0, p.exitValue(), stderr);
        return out;
    }
}
