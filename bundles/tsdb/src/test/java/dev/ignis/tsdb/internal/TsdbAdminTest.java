package dev.ignis.tsdb.internal;

import static dev.ignis.tsdb.internal.TombstoneFixtures.ALL;
import static dev.ignis.tsdb.internal.TombstoneFixtures.backfilledInto;
import static dev.ignis.tsdb.internal.TombstoneFixtures.dump;
import static dev.ignis.tsdb.internal.TombstoneFixtures.gunzip;
import static dev.ignis.tsdb.internal.TombstoneFixtures.parseDump;
import static dev.ignis.tsdb.internal.TombstoneFixtures.promtoolDump;
import static dev.ignis.tsdb.internal.TombstoneFixtures.prometheusTwin;
import static dev.ignis.tsdb.internal.TombstoneFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.MetaFile;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TsdbAdmin}: deletion (tombstones), cleaning and snapshots, against what the real
 * Prometheus 2.42 did on the same data (see {@link TombstoneFixtures}).
 */
class TsdbAdminTest {


    @TempDir
    Path tmp;

    Path backfilled() throws IOException {
        return backfilledInto(tmp);
    }

    static void deleteAsInTheFixture(Tsdb db) throws IOException {
        db.admin().deleteSeries(1600001000000L, 1600002000000L,
                List.of(LabelMatcher.equal("__name__", "a"), LabelMatcher.equal("job", "j1")));
        db.admin().deleteSeries(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "b_total")));
    }

    // --- blocks ---

    @Test
    void deleteSeriesWritesTheTombstonesPrometheusWrites() throws Exception {
        Path data = backfilled();
        Map<String, List<String>> expected = parseDump(gunzip("deleted-promtool-dump.txt.gz"));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            try (Querier before = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                deleteAsInTheFixture(db);
                assertEquals(expected, dump(db));
                assertFalse(expected.equals(dump(before)), "a querier opened before keeps what it saw");
            }
            for (Block b : db.blocks()) {
                String twin = prometheusTwin(b);
                byte[] theirs = resource("deleted/" + twin + "/tombstones");
                byte[] ours = Files.readAllBytes(b.dir().resolve("tombstones"));
                assertEquals(TombstoneFile.decode(theirs), TombstoneFile.decode(ours), b.meta().ulid());
                if (TombstoneFile.decode(theirs).numSeries() == 1) {
                    assertArrayEquals(theirs, ours, "one series: the very bytes");
                }
                Path theirMeta = Files.createDirectories(tmp.resolve("meta-" + twin));
                Files.write(theirMeta.resolve("meta.json"), resource("deleted/" + twin + "/meta.json"));
                assertEquals(MetaFile.read(theirMeta).numTombstones(), MetaFile.read(b.dir()).numTombstones());
            }
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(expected, dump(db), "tombstones persist");
        }
        Map<String, List<String>> promtool = promtoolDump(data);
        if (promtool != null) {
            assertEquals(expected, promtool, "promtool reads Ignis's tombstones");
        }
    }

    @Test
    void cleanTombstonesRewritesBlocksAsPrometheusDoes() throws Exception {
        Path data = backfilled();
        Map<String, List<String>> expected = parseDump(gunzip("deleted-promtool-dump.txt.gz"));
        List<String> old = new ArrayList<>();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            db.blocks().forEach(b -> old.add(b.meta().ulid()));
            deleteAsInTheFixture(db);
            assertEquals(2, db.admin().cleanTombstones());
            assertEquals(expected, dump(db));
            assertEquals(2, db.blocks().size());
            for (Block b : db.blocks()) {
                assertTrue(b.tombstones().isEmpty());
                MetaFile m = MetaFile.read(b.dir());
                assertEquals(1, m.compaction().level());
                assertEquals(List.of(b.meta().ulid()), m.compaction().sources());
                assertEquals(1, m.compaction().parents().size());
                assertTrue(old.contains(m.compaction().parents().get(0).ulid()));
                assertEquals(0, m.numTombstones());
            }
            // What Prometheus 2.42's clean_tombstones wrote for the same deletions.
            assertEquals(List.of(1579L, 483L), db.blocks().stream().map(b -> b.meta().numSamples()).toList());
            assertEquals(List.of(3L, 3L), db.blocks().stream().map(b -> b.meta().numSeries()).toList());
            assertEquals(List.of(15L, 6L), db.blocks().stream().map(b -> b.meta().numChunks()).toList());
            try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertEquals(List.of("j0", "j1", "j2"), q.labelValues("job"), "cleaned: b_total's labels are gone");
            }
            assertEquals(0, db.admin().cleanTombstones(), "nothing left to clean");
            Map<String, Double> m = BlockCompactionTest.metrics(db);
            assertEquals(2.0, m.get("prometheus_tsdb_tombstone_cleanup_seconds_count"));
            assertEquals(2.0, m.get("prometheus_tsdb_tombstone_cleanup_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(m.get("prometheus_tsdb_tombstone_cleanup_seconds_sum") > 0);
        }
        for (String u : old) {
            assertFalse(Files.exists(data.resolve(u)), u + " deleted");
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(expected, dump(db));
        }
        Map<String, List<String>> promtool = promtoolDump(data);
        if (promtool != null) {
            assertEquals(expected, promtool);
        }
    }

    @Test
    void cleaningABlockWhoseDataIsAllDeletedRemovesIt() throws Exception {
        Path data = backfilled();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            Block second = db.blocks().get(1);
            db.admin().deleteSeries(second.meta().minTime(), Long.MAX_VALUE, List.of(ALL));
            assertEquals(1, db.admin().cleanTombstones());
            assertEquals(1, db.blocks().size());
            assertFalse(Files.exists(second.dir()));
            assertEquals(1600005590000L, dump(db).values().stream().mapToLong(
                    l -> Long.parseLong(l.get(l.size() - 1).split("=")[0])).max().orElseThrow());
        }
    }

    // --- head ---

    static final Labels A = Labels.of("__name__", "m", "job", "a");
    static final Labels B = Labels.of("__name__", "m", "job", "b");

    /** Two series, one sample every 15 s over [0, 5h). */
    static void fillHead(Tsdb db) throws Exception {
        for (long t = 0; t < 5 * 3_600_000L; t += 15_000) {
            Appender app = db.appender();
            app.append(0, A, t, t / 1000.0);
            app.append(0, B, t, 1);
            app.commit();
        }
    }

    static List<Long> times(Map<String, List<String>> dump, Labels l) {
        List<Long> out = new ArrayList<>();
        for (String s : dump.getOrDefault(l.toString(), List.of())) {
            out.add(Long.parseLong(s.substring(0, s.indexOf('='))));
        }
        return out;
    }

    @Test
    void headDeletionIsQueriedReplayedAndLeftOutOfBlocks() throws Exception {
        Path data = tmp.resolve("data");
        long from = 1_000_000;
        long to = 2_000_000;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            fillHead(db);
            db.admin().deleteSeries(from, to, List.of(LabelMatcher.equal("job", "a")));
            db.admin().deleteSeries(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("job", "b")));
            checkDeleted(dump(db), from, to);
            try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                // As in Prometheus's head, labels stay listed.
                assertEquals(List.of("a", "b"), q.labelValues("job"));
            }
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            checkDeleted(dump(db), from, to);
            assertEquals(1, db.compactor().compactHead(), "one 2h block cut");
            Block b = db.blocks().get(0);
            assertTrue(b.tombstones().isEmpty(), "deleted samples are not written, no tombstones needed");
            try (Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                Map<String, List<String>> inBlock = dump(q);
                assertEquals(List.of(A.toString()), List.copyOf(inBlock.keySet()), "b has no sample left: not in the block");
                for (long t : times(inBlock, A)) {
                    assertTrue(t < from || t > to, "deleted sample " + t + " in the block");
                }
            }
            checkDeleted(dump(db), from, to);
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            checkDeleted(dump(db), from, to);
        }
    }

    private static void checkDeleted(Map<String, List<String>> d, long from, long to) {
        List<Long> a = times(d, A);
        long expected = 0;
        for (long t = 0; t < 5 * 3_600_000L; t += 15_000) {
            if (t < from || t > to) {
                expected++;
            }
        }
        assertEquals(expected, a.size());
        for (long t : a) {
            assertTrue(t < from || t > to, "deleted sample " + t);
        }
        assertTrue(times(d, B).isEmpty());
    }

    // --- snapshot ---

    @Test
    void snapshotHardLinksBlocksAndWritesTheHead() throws Exception {
        Path data = backfilled();
        Path snap = tmp.resolve("snap");
        Path snapNoHead = tmp.resolve("snap-no-head");
        Map<String, List<String>> all;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            Appender app = db.appender();
            for (int i = 0; i < 100; i++) {
                app.append(0, A, 1600007300000L + i * 1000, i);
            }
            app.commit();
            deleteAsInTheFixture(db);
            all = dump(db);
            Files.createDirectories(snap);
            Files.createDirectories(snapNoHead);
            db.admin().snapshot(snap, true);
            db.admin().snapshot(snapNoHead, false);
            for (Block b : db.blocks()) {
                Path copy = snap.resolve(b.meta().ulid());
                for (String f : List.of("meta.json", "index", "tombstones", "chunks/000001")) {
                    assertEquals(Files.getAttribute(b.dir().resolve(f), "unix:ino"), Files.getAttribute(copy.resolve(f), "unix:ino"),
                            "hard link of " + f);
                }
            }
            // Later deletions replace the block's tombstones file: the snapshot keeps its own.
            byte[] before = Files.readAllBytes(snap.resolve(db.blocks().get(0).meta().ulid()).resolve("tombstones"));
            db.admin().deleteSeries(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("job", "j0")));
            assertArrayEquals(before, Files.readAllBytes(snap.resolve(db.blocks().get(0).meta().ulid()).resolve("tombstones")));
        }
        try (Stream<Path> s = Files.list(snap)) {
            assertEquals(3, s.count(), "two blocks and the head");
        }
        try (Stream<Path> s = Files.list(snapNoHead)) {
            assertEquals(2, s.count());
        }
        Map<String, List<String>> promtool = promtoolDump(snap);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(snap))) {
            assertEquals(3, db.blocks().size());
            assertEquals(all, dump(db));
        }
        if (promtool != null) {
            assertEquals(all, promtool, "promtool reads the snapshot");
        }
    }

    @Test
    void storageServiceDeletesCleansAndSnapshots() throws Exception {
        TsdbComponent storage = new TsdbComponent(TsdbOptions.defaults(backfilled()));
        try {
            storage.deleteSeries(1600001000000L, 1600002000000L,
                    List.of(LabelMatcher.equal("__name__", "a"), LabelMatcher.equal("job", "j1")));
            storage.deleteSeries(Long.MIN_VALUE, Long.MAX_VALUE, List.of(LabelMatcher.equal("__name__", "b_total")));
            Map<String, List<String>> expected = parseDump(gunzip("deleted-promtool-dump.txt.gz"));
            try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                assertTrue(expected.equals(dump(q)));
            }
            storage.cleanTombstones();
            Path snap = Files.createDirectories(tmp.resolve("snap"));
            storage.snapshot(snap, true);
            try (Stream<Path> s = Files.list(snap)) {
                assertEquals(2, s.count(), "two blocks, empty head");
            }
        } finally {
            storage.close();
        }
    }

    @Test
    void aRealPrometheusQueriesBlocksIgnisDeletedFrom() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path data = backfilled();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            deleteAsInTheFixture(db);
        }
        try (RealPrometheus prometheus = new RealPrometheus(tmp, data)) {
            // The answers Prometheus 2.42 gave after the same deletions of its own.
            String counts = prometheus.query("count_over_time(a[1h])", 1600002500);
            assertTrue(counts.contains("{\"job\":\"j0\"},\"value\":[1600002500,\"251\"]"), counts);
            assertTrue(counts.contains("{\"job\":\"j1\"},\"value\":[1600002500,\"150\"]"), counts);
            String b = prometheus.query("count_over_time(b_total[1h])", 1600002500);
            assertTrue(b.contains("\"result\":[]"), b);
            assertFalse(prometheus.log().contains("level=error"), prometheus.log());
        }
    }
}
