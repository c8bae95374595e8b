package dev.ignis.tsdb.internal.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.RealPrometheus;
import dev.ignis.tsdb.internal.StoredSamples;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory snapshot on shutdown: written on close with the feature, loaded on open instead of
 * replaying the WAL before it, a bad one falling back to the whole WAL, and read both ways by
 * Prometheus 2.42.
 */
class ChunkSnapshotTest {

    static final long STEP = 15_000;
    // 400 samples a series: completed chunks in chunks_head/ and an open chunk in the snapshot.
    static final int SAMPLES = 400;

    @TempDir
    Path dir;

    static TsdbOptions opts(Path data, boolean snapshot) {
        return TsdbOptions.defaults(data).withMemorySnapshotOnShutdown(snapshot);
    }

    static long t0() {
        long now = System.currentTimeMillis();
        return now - now % STEP - SAMPLES * STEP;
    }

    /** Three series; s1 also has a deleted interval (a tombstone). */
    static void write(Tsdb db, long t0, int from, int to) throws Exception {
        long[] refs = new long[3];
        for (int i = from; i < to; i++) {
            Appender app = db.appender();
            for (int s = 0; s < 3; s++) {
                refs[s] = app.append(refs[s], Labels.of("__name__", "snap", "series", "s" + s), t0 + i * STEP, s * 1000 + i + 0.5);
            }
            app.commit();
        }
    }

    static void deleteSome(Tsdb db, long t0) throws Exception {
        db.admin().deleteSeries(t0 + 10 * STEP, t0 + 20 * STEP,
                List.of(new LabelMatcher(LabelMatcher.Type.EQUAL, "series", "s1")));
    }

    static List<Path> snapshots(Path data) throws IOException {
        try (Stream<Path> s = Files.list(data)) {
            return s.filter(p -> p.getFileName().toString().startsWith("chunk_snapshot.")).sorted().toList();
        }
    }

    @Test
    void restartsFromTheSnapshotWithoutReplayingTheWalBeforeIt() throws Exception {
        Path data = dir.resolve("data");
        long t0 = t0();
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            write(db, t0, 0, SAMPLES);
            deleteSome(db, t0);
            before = StoredSamples.readAll(db);
        }
        assertEquals(3, before.size());
        assertEquals(SAMPLES - 11, before.get("{__name__=\"snap\", series=\"s1\"}").size(), before.toString());
        List<Path> snaps = snapshots(data);
        assertEquals(1, snaps.size(), snaps.toString());
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            assertEquals(before, StoredSamples.readAll(db));
            assertEquals(0, db.walReplayed().records(), "the WAL before the snapshot was replayed");
            assertEquals(0, db.snapshotReplayErrors());
            // Appends go on after the loaded open chunk.
            write(db, t0, SAMPLES, SAMPLES + 5);
            before = StoredSamples.readAll(db);
        }
        assertEquals(SAMPLES + 5, before.get("{__name__=\"snap\", series=\"s0\"}").size());
        // Without the feature nothing is written: the next start replays the WAL after the
        // snapshot only, on top of it.
        try (Tsdb db = Tsdb.open(opts(data, false))) {
            assertTrue(db.walReplayed().records() > 0);
            assertEquals(before, StoredSamples.readAll(db));
            write(db, t0, SAMPLES + 5, SAMPLES + 8);
            before = StoredSamples.readAll(db);
        }
        Path last = ChunkSnapshot.last(data);
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            long records = db.walReplayed().records();
            assertTrue(records > 0 && records < 50, "replayed " + records + " records");
            assertEquals(before, StoredSamples.readAll(db));
        }
        assertFalse(Files.exists(last), "the older snapshot is removed");
        assertEquals(1, snapshots(data).size());
    }

    @Test
    void corruptSnapshotFallsBackToTheWholeWal() throws Exception {
        Path data = dir.resolve("data");
        long t0 = t0();
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            write(db, t0, 0, SAMPLES);
            deleteSome(db, t0);
            before = StoredSamples.readAll(db);
        }
        Path snap = ChunkSnapshot.last(data);
        assertNotNull(snap);
        try (RandomAccessFile f = new RandomAccessFile(snap.resolve("00000000").toFile(), "rw")) {
            f.seek(40);
            int b = f.read();
            f.seek(40);
            f.write(b ^ 0x5a);
        }
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            assertEquals(1, db.snapshotReplayErrors());
            assertTrue(db.walReplayed().records() > SAMPLES, "replayed " + db.walReplayed().records());
            assertEquals(before, StoredSamples.readAll(db));
        }
    }

    @Test
    void prometheusLoadsIgnisSnapshot() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path data = dir.resolve("data");
        long t0 = t0();
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            write(db, t0, 0, SAMPLES);
        }
        Path snap = ChunkSnapshot.last(data);
        assertNotNull(snap);
        // Without the WAL before it, only the snapshot (and chunks_head/) can hold the samples.
        try (Stream<Path> segs = Files.list(data.resolve("wal"))) {
            for (Path p : segs.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.write(p, new byte[0]);
                }
            }
        }
        try (RealPrometheus prometheus = new RealPrometheus(dir, data, "--enable-feature=memory-snapshot-on-shutdown")) {
            double at = (t0 + (SAMPLES - 1) * STEP) / 1000.0;
            String body = prometheus.query("snap{series=\"s2\"}", at);
            assertTrue(body.contains("\"" + (2000 + SAMPLES - 1) + ".5\""), body);
            body = prometheus.query("count_over_time(snap[1d])", at);
            assertEquals(3, body.split("\"" + SAMPLES + "\"", -1).length - 1, body + "\n" + prometheus.log());
            String metrics = prometheus.metrics();
            assertTrue(metrics.contains("prometheus_tsdb_snapshot_replay_error_total 0"), metrics);
            assertTrue(prometheus.log().contains("msg=\"chunk snapshot loaded\" dir=" + snap), prometheus.log());
        }
    }

    @Test
    void ignisLoadsPrometheusSnapshot() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path data = dir.resolve("data");
        long t0 = t0();
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(opts(data, false))) {
            write(db, t0, 0, SAMPLES);
            deleteSome(db, t0);
            before = StoredSamples.readAll(db);
        }
        assertNull(ChunkSnapshot.last(data));
        try (RealPrometheus prometheus = new RealPrometheus(dir, data, "--enable-feature=memory-snapshot-on-shutdown")) {
            assertTrue(prometheus.query("snap", (t0 + (SAMPLES - 1) * STEP) / 1000.0).contains("\"s1\""));
        }
        Path snap = ChunkSnapshot.last(data);
        assertNotNull(snap, "prometheus wrote no snapshot");
        try (Tsdb db = Tsdb.open(opts(data, true))) {
            assertEquals(0, db.snapshotReplayErrors());
            assertEquals(before, StoredSamples.readAll(db));
            assertTrue(db.walReplayed().records() < 10, "replayed " + db.walReplayed().records());
        }
    }
}
