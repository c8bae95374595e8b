package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.MetaFile;
import dev.ignis.tsdb.internal.compact.BlockMergerTest;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leveled and vertical compaction of blocks, the deletion of the blocks it replaces, retention
 * and corrupt blocks, in a real data directory.
 */
class BlockCompactionTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final long HOUR = 3_600_000L;
    /**
     * Five 2h blocks written by promtool 2.42 from one OpenMetrics file, oldest first; the
     * planner compacts the first three (the fifth is the fresh one, the fourth starts after them).
     */
    static final List<String> SOURCES = List.of("01M8E9JARJN7VVC9S7EHWTTG89", "01M8E9JASEG4TF0BAPBXPFAPBD",
            "01M8E9JASSDY798CJZFC2GR41K", "01M8E9JAVS3JNTX49QP8YACC31", "01M8E9JAY25BAT4J9HWTX6S68A");
    /** The block Prometheus 2.42 compacted from the first three (with other ULIDs), and those ULIDs. */
    static final String PROMETHEUS_BLOCK = "01M8E9HR9KMRYS1NPXQD5WD01G";
    static final List<String> PROMETHEUS_SOURCES = List.of("01M8E9FWV88D30PP0NTSS7EV6J", "01M8E9FWXD6AKWD4AK79X69ADY",
            "01M8E9FX0RM4HNK5MANVYM8H1S");

    @TempDir
    Path dir;

    static Path fixture(String path) throws URISyntaxException {
        return Path.of(BlockCompactionTest.class.getResource("/prometheus-2.42/compaction/" + path).toURI());
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dst = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
    }

    Path data() throws Exception {
        Path data = dir.resolve("data");
        for (String s : SOURCES) {
            copyTree(fixture("sources/" + s), data.resolve(s));
        }
        return data;
    }

    static Map<String, Double> metrics(Tsdb db) {
        Map<String, Double> m = new TreeMap<>();
        TsdbMetrics.collect(db, new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                assertFalse(help.isEmpty());
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                m.put(labels.isEmpty() ? name : name + labels, value);
            }
        });
        return m;
    }

    @Test
    void compactsPromtoolBlocksIntoTheBlockPrometheusWrites() throws Exception {
        Path data = data();
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(5, db.blocks().size());
            before = StoredSamples.readAll(db);
            assertEquals(1, db.blockLifecycle().compactBlocks());
            assertEquals(3, db.blocks().size());
            Block child = db.blocks().get(0);
            assertEquals(SOURCES.subList(3, 5), db.blocks().subList(1, 3).stream().map(b -> b.meta().ulid()).toList(),
                    "the later blocks are left alone");
            for (String s : SOURCES.subList(0, 3)) {
                assertFalse(Files.exists(data.resolve(s)), "parent deleted: " + s);
            }
            Path theirs = fixture("compacted/" + PROMETHEUS_BLOCK);
            assertArrayEquals(Files.readAllBytes(theirs.resolve("index")), Files.readAllBytes(child.dir().resolve("index")));
            assertArrayEquals(Files.readAllBytes(theirs.resolve("chunks/000001")),
                    Files.readAllBytes(child.dir().resolve("chunks/000001")));
            assertArrayEquals(Files.readAllBytes(theirs.resolve("tombstones")),
                    Files.readAllBytes(child.dir().resolve("tombstones")));
            String want = Files.readString(theirs.resolve("meta.json")).replace(PROMETHEUS_BLOCK, child.meta().ulid());
            for (int i = 0; i < 3; i++) {
                want = want.replace(PROMETHEUS_SOURCES.get(i), SOURCES.get(i));
            }
            assertEquals(want, Files.readString(child.dir().resolve("meta.json")));
            assertEquals(before, StoredSamples.readAll(db));

            Map<String, Double> m = metrics(db);
            assertEquals(1.0, m.get("prometheus_tsdb_compactions_total"));
            assertEquals(0.0, m.get("prometheus_tsdb_vertical_compactions_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_compaction_duration_seconds_count"));
            assertEquals(1.0, m.get("prometheus_tsdb_compaction_duration_seconds_bucket{le=\"8192\"}"));
            assertEquals(1.0, m.get("prometheus_tsdb_compaction_duration_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(3.0, m.get("prometheus_tsdb_blocks_loaded"));
            assertEquals(2.0, m.get("prometheus_tsdb_reloads_total"), "open and after the compaction");
            long bytes = 0;
            for (Block b : db.blocks()) {
                bytes += BlockLifecycle.size(b.dir());
            }
            assertEquals((double) bytes, m.get("prometheus_tsdb_storage_blocks_bytes"));
            assertEquals(1795629600000.0, m.get("prometheus_tsdb_lowest_timestamp"));
            assertEquals(1795629600.0, m.get("prometheus_tsdb_lowest_timestamp_seconds"));
            assertEquals(0.0, m.get("prometheus_tsdb_compaction_populating_block"));
            // As 2.42: only chunks written into level-1 blocks (head cuts) are observed.
            assertEquals(0.0, m.get("prometheus_tsdb_compaction_chunk_samples_count"));
            // Nothing more to do: the 6h block and the fourth block do not fill 18h and end after the fifth starts.
            assertEquals(0, db.blockLifecycle().compactBlocks());
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(3, db.blocks().size());
            assertEquals(2, MetaFile.read(db.blocks().get(0).dir()).compaction().level());
            assertEquals(before, StoredSamples.readAll(db));
        }
    }

    @Test
    void promtoolReadsTheCompactedBlocksAndDumpsTheSameSamples() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool 2.42 not installed");
        Path data = data();
        Files.createDirectories(data.resolve("wal"));
        String before = promtool("dump", data.toString());
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(1, db.blockLifecycle().compactBlocks());
            assertEquals(3, db.blocks().size());
        }
        String after = promtool("dump", data.toString());
        assertEquals(sortedLines(before), sortedLines(after));
        String analyze = promtool("analyze", data.toString(), listBlocks(data).get(0));
        assertTrue(analyze.startsWith("Block ID: ") && analyze.contains("\nSeries: 3\n"), analyze);
    }

    static List<String> listBlocks(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(Block::isBlockDir).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static List<String> sortedLines(String s) {
        List<String> l = new ArrayList<>(List.of(s.split("\n")));
        l.removeIf(String::isEmpty);
        l.sort(null);
        return l;
    }

    static String promtool(String cmd, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PROMTOOL.toString(), "tsdb", cmd));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void compactionAppliesTombstonesOfItsBlocks() throws Exception {
        Path data = data();
        // Delete series s="1" from the first block's last hour and s="2" from all of the second block.
        Path first = data.resolve(SOURCES.get(0));
        Path second = data.resolve(SOURCES.get(1));
        long firstMin = MetaFile.read(first).meta().minTime();
        long secondMin = MetaFile.read(second).meta().minTime();
        Map<String, List<String>> want;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            want = StoredSamples.readAll(db);
            Block b1 = db.blocks().get(0);
            Block b2 = db.blocks().get(1);
            Tombstones t1 = new Tombstones();
            t1.add(b1.index().postings("s", "1")[0], firstMin + HOUR, firstMin + 2 * HOUR - 1);
            Tombstones t2 = new Tombstones();
            t2.add(b2.index().postings("s", "2")[0], Long.MIN_VALUE, Long.MAX_VALUE);
            TombstoneFile.write(first, t1);
            TombstoneFile.write(second, t2);
        }
        want.get("{__name__=\"m\", s=\"1\"}").removeIf(e -> {
            long t = Long.parseLong(e.substring(0, e.indexOf('=')));
            return t >= firstMin + HOUR && t < firstMin + 2 * HOUR;
        });
        want.get("{__name__=\"m\", s=\"2\"}").removeIf(e -> {
            long t = Long.parseLong(e.substring(0, e.indexOf('=')));
            return t >= secondMin && t < secondMin + 2 * HOUR;
        });
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(want, StoredSamples.readAll(db), "tombstones apply to queries");
            assertEquals(1, db.blockLifecycle().compactBlocks());
            Block child = db.blocks().get(0);
            assertTrue(child.tombstones().isEmpty(), "the new block has no tombstones");
            assertEquals(want, StoredSamples.readAll(db), "and none of the deleted samples");
            assertEquals(1080 - 60 - 120, child.meta().numSamples());
        }
    }

    @Test
    void blocksLeftEmptyByTombstonesAreFlaggedDeletableAndDropped() throws Exception {
        Path data = data();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            for (Block b : db.blocks().subList(0, 3)) {
                Tombstones t = new Tombstones();
                for (long ref : b.index().allPostings()) {
                    t.add(ref, Long.MIN_VALUE, Long.MAX_VALUE);
                }
                TombstoneFile.write(b.dir(), t);
            }
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(0, db.blockLifecycle().compactBlocks(), "nothing to write");
            assertEquals(SOURCES.subList(3, 5), db.blocks().stream().map(b -> b.meta().ulid()).toList());
            assertEquals(SOURCES.subList(3, 5), listBlocks(data), "the emptied blocks are deleted");
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_compactions_total"));
        }
    }

    @Test
    void emptiedBlocksFlaggedDeletableAreDroppedByTheNextReload() throws Exception {
        Path data = data();
        MetaFile m = MetaFile.read(data.resolve(SOURCES.get(0)));
        new MetaFile(m.meta(), m.numTombstones(), m.compaction().withDeletable(true)).write(data.resolve(SOURCES.get(0)));
        assertTrue(Files.readString(data.resolve(SOURCES.get(0)).resolve("meta.json")).contains("\"deletable\": true"));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(4, db.blocks().size());
            assertFalse(Files.exists(data.resolve(SOURCES.get(0))));
        }
    }

    @Test
    void replacedBlocksStayUntilTheQueriersReadingThemAreClosed() throws Exception {
        Path data = data();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            Map<String, List<String>> want = StoredSamples.readAll(db);
            Querier old = db.querier(Long.MIN_VALUE, Long.MAX_VALUE);
            Block parent = db.blocks().get(0);
            assertEquals(1, db.blockLifecycle().readers(parent));
            assertEquals(1, db.blockLifecycle().compactBlocks());
            assertTrue(Files.exists(data.resolve(SOURCES.get(0))), "still read by the old querier");
            assertTrue(db.blockLifecycle().reload());
            assertEquals(3, db.blocks().size(), "a reload does not load a block waiting for deletion again");
            assertTrue(Files.exists(data.resolve(SOURCES.get(0))), "nor delete it under the old querier");
            assertEquals(want, StoredSamples.read(old), "the old querier reads the old blocks");
            assertEquals(want, StoredSamples.readAll(db), "new queriers read the new block");
            assertEquals(want, StoredSamples.read(old), "and still reads them through their index mappings");
            old.close();
            for (String s : SOURCES.subList(0, 3)) {
                assertFalse(Files.exists(data.resolve(s)), "deleted once unused: " + s);
            }
            // Closed only after its last reader released it: the index mapping is gone now.
            assertThrows(IllegalStateException.class, () -> parent.index().allPostings());
            assertEquals(want, StoredSamples.readAll(db));
        }
    }

    @Test
    void aCrashBeforeTheParentsWereDeletedIsFinishedOnOpen() throws Exception {
        Path data = data();
        Path saved = dir.resolve("saved");
        copyTree(data.resolve(SOURCES.get(0)), saved);
        Map<String, List<String>> want;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            want = StoredSamples.readAll(db);
            assertEquals(1, db.blockLifecycle().compactBlocks());
        }
        // One parent back, as if the process died before deleting it, and a half-deleted directory.
        copyTree(saved, data.resolve(SOURCES.get(0)));
        copyTree(saved, data.resolve(SOURCES.get(1) + ".tmp-for-deletion"));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(3, db.blocks().size());
            assertFalse(Files.exists(data.resolve(SOURCES.get(0))));
            assertFalse(Files.exists(data.resolve(SOURCES.get(1) + ".tmp-for-deletion")));
            assertEquals(want, StoredSamples.readAll(db));
        }
    }

    @Test
    void aFailedCompactionFlagsItsBlocksAndLaterPlansSkipThem() throws Exception {
        Path data = data();
        // Break a chunk's checksum in the second block: the merge reads every chunk and fails.
        Path chunks = data.resolve(SOURCES.get(1)).resolve("chunks/000001");
        byte[] b = Files.readAllBytes(chunks);
        b[20] ^= 0x55;
        Files.write(chunks, b, StandardOpenOption.TRUNCATE_EXISTING);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertThrows(IOException.class, () -> db.blockLifecycle().compactBlocks());
            for (String s : SOURCES.subList(0, 3)) {
                assertTrue(MetaFile.read(data.resolve(s)).compaction().failed(), s);
            }
            assertFalse(MetaFile.read(data.resolve(SOURCES.get(3))).compaction().failed());
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_compactions_failed_total"));
            assertEquals(0, db.blockLifecycle().compactBlocks(), "the failed group is not planned again");
            assertEquals(5, db.blocks().size());
            try (Stream<Path> files = Files.list(data)) {
                assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp-for-creation")).toList(),
                        "no partial block left");
            }
        }
    }

    @Test
    void aCorruptBlockIsSkippedAndCountedNeverFatal() throws Exception {
        Path data = data();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertTrue(db.blockLifecycle().reload());
            // A block appears whose index is broken (e.g. copied in half).
            Path bad = data.resolve("01M8E9JB000000000000000000");
            copyTree(data.resolve(SOURCES.get(3)), bad);
            Files.writeString(bad.resolve("meta.json"),
                    Files.readString(bad.resolve("meta.json")).replace(SOURCES.get(3), "01M8E9JB000000000000000000"));
            Files.write(bad.resolve("index"), new byte[] {1, 2, 3});
            assertFalse(db.blockLifecycle().reload());
            assertFalse(db.blockLifecycle().reload());
            assertEquals(5, db.blocks().size());
            Map<String, Double> m = metrics(db);
            assertEquals(2.0, m.get("prometheus_tsdb_reloads_failures_total"));
            assertEquals(4.0, m.get("prometheus_tsdb_reloads_total"));
            assertTrue(Files.exists(bad), "left on disk for the operator");
            assertEquals(1, db.blockLifecycle().compactBlocks(), "compaction goes on around it");
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(3, db.blocks().size());
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_reloads_failures_total"), "the open counts too");
        }
    }

    /** Two blocks overlapping in time (as backfilled data can be), written before the database opens. */
    static Map<String, List<String>> overlapping(Path data) throws IOException {
        Labels a = Labels.of("__name__", "m", "s", "a");
        Labels b = Labels.of("__name__", "m", "s", "b");
        long t0 = 100 * 2 * HOUR;
        List<BlockWriter.SeriesData> first = List.of(
                new BlockWriter.SeriesData(a, BlockMergerTest.chunks(BlockMergerTest.range(t0, t0 + 2 * HOUR, 30_000), 0)),
                new BlockWriter.SeriesData(b, BlockMergerTest.chunks(BlockMergerTest.range(t0, t0 + HOUR, 60_000), 5)));
        List<BlockWriter.SeriesData> second = List.of(new BlockWriter.SeriesData(a,
                BlockMergerTest.chunks(BlockMergerTest.range(t0 + HOUR, t0 + 3 * HOUR, 20_000), 0)));
        new BlockWriter().write(data, t0, t0 + 2 * HOUR, first);
        new BlockWriter().write(data, t0 + HOUR, t0 + 3 * HOUR, second);
        // Equal timestamps hold equal values here (value = t), so the union is well defined.
        Map<String, java.util.TreeSet<Long>> ts = new TreeMap<>();
        for (long t : BlockMergerTest.range(t0, t0 + 2 * HOUR, 30_000)) {
            ts.computeIfAbsent(a.toString(), k -> new java.util.TreeSet<>()).add(t);
        }
        for (long t : BlockMergerTest.range(t0 + HOUR, t0 + 3 * HOUR, 20_000)) {
            ts.get(a.toString()).add(t);
        }
        Map<String, List<String>> want = new TreeMap<>();
        for (Map.Entry<String, java.util.TreeSet<Long>> e : ts.entrySet()) {
            want.put(e.getKey(), e.getValue().stream().map(t -> t + "=" + (double) t).toList());
        }
        want.put(b.toString(), BlockMergerTest.range(t0, t0 + HOUR, 60_000).length == 0 ? List.of()
                : java.util.Arrays.stream(BlockMergerTest.range(t0, t0 + HOUR, 60_000)).mapToObj(t -> t + "=" + (5.0 + t))
                        .toList());
        return want;
    }

    @Test
    void overlappingBlocksAreQueriedAsOneAndCompactedVertically() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        Map<String, List<String>> want = overlapping(data);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(2, db.blocks().size());
            assertEquals(want, StoredSamples.readAll(db), "merged, each timestamp once");
            assertEquals(1, db.blockLifecycle().compactBlocks(), "overlapping blocks are merged, the newest included");
            assertEquals(1, db.blocks().size());
            BlockMeta m = db.blocks().get(0).meta();
            assertEquals(100 * 2 * HOUR, m.minTime());
            assertEquals(100 * 2 * HOUR + 3 * HOUR, m.maxTime());
            assertEquals(want, StoredSamples.readAll(db));
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_vertical_compactions_total"));
        }
        if (Files.isExecutable(PROMTOOL)) {
            Files.createDirectories(data.resolve("wal"));
            Map<String, List<String>> theirs = new TreeMap<>();
            for (String line : sortedLines(promtool("dump", data.toString()))) {
                int sp2 = line.lastIndexOf(' ');
                int sp1 = line.lastIndexOf(' ', sp2 - 1);
                theirs.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>())
                        .add(line.substring(sp2 + 1) + "=" + Double.parseDouble(line.substring(sp1 + 1, sp2)));
            }
            for (List<String> l : theirs.values()) {
                l.sort((x, y) -> Long.compare(Long.parseLong(x.substring(0, x.indexOf('='))),
                        Long.parseLong(y.substring(0, y.indexOf('=')))));
            }
            assertEquals(want, theirs);
        }
    }

    /** Blocks of one series, 2h each, ending at the given hours (blocks start 2h before). */
    static void blocksEndingAt(Path data, long... endHours) throws IOException {
        for (long end : endHours) {
            long maxt = end * HOUR;
            long mint = maxt - 2 * HOUR;
            new BlockWriter().write(data, mint, maxt, List.of(new BlockWriter.SeriesData(Labels.of("__name__", "r"),
                    BlockMergerTest.chunks(BlockMergerTest.range(mint, maxt, 60_000), 0))));
        }
    }

    static List<Long> loadedEnds(Tsdb db) {
        return db.blocks().stream().map(b -> b.meta().maxTime() / HOUR).toList();
    }

    @Test
    void timeRetentionDeletesWholeBlocksEndingTooLongBeforeTheNewest() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        blocksEndingAt(data, 2, 4, 20, 30);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data).withRetention(26 * HOUR, 0))) {
            assertEquals(List.of(2L, 4L, 20L, 30L), loadedEnds(db), "not on open (as Prometheus's first reload)");
            db.blockLifecycle().reload();
            assertEquals(List.of(4L, 20L, 30L), loadedEnds(db), "30h - 2h > 26h; 30h - 4h is not more");
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_time_retentions_total"));
            db.blockLifecycle().reload();
            assertEquals(1.0, metrics(db).get("prometheus_tsdb_time_retentions_total"), "nothing more to delete");
            assertEquals(3, listBlocks(data).size());
        }
    }

    @Test
    void theCompactorThreadAppliesRetentionThenCompacts() throws Exception {
        Path data = data();
        // A block from 1970: far beyond the 15d retention before the newest block's end.
        blocksEndingAt(data, 10);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(6, db.blocks().size());
            db.compactor().trigger().get(60, TimeUnit.SECONDS);
            assertEquals(3, db.blocks().size());
            assertEquals(2, MetaFile.read(db.blocks().get(0).dir()).compaction().level());
            Map<String, Double> m = metrics(db);
            assertEquals(1.0, m.get("prometheus_tsdb_time_retentions_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_compactions_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_compactions_triggered_total"));
            assertEquals(3, listBlocks(data).size());
        }
    }

    @Test
    void sizeRetentionCountsTheHeadAndDeletesTheOldestBlocks() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        blocksEndingAt(data, 2, 4, 6, 8);
        long blockSize = BlockLifecycle.size(data.resolve(listBlocks(data).get(0)));
        long head;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data).withRetention(0, Long.MAX_VALUE))) {
            dev.ignis.api.storage.Appender app = db.appender();
            app.append(0, Labels.of("__name__", "in_the_wal"), 9 * HOUR, 1);
            app.commit();
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data).withRetention(0, Long.MAX_VALUE))) {
            head = db.blockLifecycle().headBytes();
        }
        // Room for the head and two blocks and a half: the two newest blocks stay.
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data).withRetention(0, head + blockSize * 5 / 2))) {
            db.blockLifecycle().reload();
            assertEquals(List.of(6L, 8L), loadedEnds(db));
            Map<String, Double> m = metrics(db);
            assertEquals(1.0, m.get("prometheus_tsdb_size_retentions_total"));
            assertEquals(0.0, m.get("prometheus_tsdb_time_retentions_total"));
            assertEquals((double) (head + blockSize * 5 / 2), m.get("prometheus_tsdb_retention_limit_bytes"));
            assertTrue(head > 0, "the WAL counts");
        }
    }
}
