package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.wal.Segments;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentDbTest {

    static final Labels A = Labels.of("__name__", "up", "job", "a");
    static final Labels B = Labels.of("__name__", "up", "job", "b");
    static final Labels C = Labels.of("__name__", "other", "zone", "z1");

    @TempDir
    Path dir;

    AgentOptions opts(boolean compress) {
        return AgentOptions.defaults(dir.resolve("data-agent")).withWalCompression(compress)
                .withWalSegmentSize(Segments.PAGE_SIZE);
    }

    AgentDb open(AgentOptions o) throws IOException {
        return AgentDb.open(o, System::currentTimeMillis, false);
    }

    static long append(AgentDb db, Labels l, long t, double v) throws StorageException {
        Appender app = db.appender();
        long ref = app.append(0, l, t, v);
        app.commit();
        return ref;
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void keepsRefsStableAcrossRestart(boolean compress) throws Exception {
        long ra;
        long rb;
        try (AgentDb db = open(opts(compress))) {
            Appender app = db.appender();
            ra = app.append(0, A, 1000, 1);
            rb = app.append(0, B, 1000, 2);
            assertEquals(ra, app.append(ra, A, 2000, 3), "a known ref is returned again");
            app.commit();
            assertNotEquals(ra, rb);
        }
        try (AgentDb db = open(opts(compress))) {
            assertEquals(2, db.numSeries());
            Appender app = db.appender();
            assertEquals(ra, app.append(0, A, 3000, 4));
            assertEquals(rb, app.append(rb, null, 3000, 5), "a replayed ref needs no labels");
            long rc = app.append(0, C, 3000, 6);
            assertTrue(rc > Math.max(ra, rb), "new refs continue after the replayed ones: " + rc);
            app.commit();
        }
        try (AgentDb db = open(opts(compress))) {
            assertEquals(3, db.numSeries());
        }
    }

    static Stream<Arguments> outOfOrder() {
        return Stream.of(
                Arguments.of("older than committed", 999L, true),
                Arguments.of("same timestamp", 1000L, false),
                Arguments.of("newer", 1001L, false));
    }

    @ParameterizedTest(name = "{0}, restart {3}")
    @MethodSource("outOfOrderWithRestart")
    void rejectsSamplesOlderThanTheNewestCommitted(String name, long t, boolean rejected, boolean restart) throws Exception {
        AgentDb db = open(opts(true));
        try {
            append(db, A, 1000, 1);
            if (restart) {
                db.close();
                db = open(opts(true));
            }
            Appender app = db.appender();
            if (rejected) {
                StorageException e = assertThrows(StorageException.class, () -> app.append(0, A, t, 1));
                assertEquals(StorageException.Kind.OUT_OF_ORDER, e.kind());
            } else {
                app.append(0, A, t, 1);
            }
            app.append(0, B, 500, 2); // the batch stays usable
            app.commit();
            Map<String, Double> m = metrics(db);
            assertEquals(rejected ? 1.0 : 0.0, m.get("prometheus_agent_out_of_order_samples_total"));
        } finally {
            db.close();
        }
    }

    static Stream<Arguments> outOfOrderWithRestart() {
        return outOfOrder().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], false),
                Arguments.of(a.get()[0], a.get()[1], a.get()[2], true)));
    }

    @Test
    void acceptsDisorderWithinOneBatchAsPrometheusAgentDoes() throws Exception {
        try (AgentDb db = open(opts(false))) {
            Appender app = db.appender();
            app.append(0, A, 2000, 1);
            app.append(0, A, 1000, 2);
            app.commit();
            assertThrows(StorageException.class, () -> db.appender().append(0, A, 1999, 3));
        }
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void logsSeriesThenSamplesReadableWithTheWalReader(boolean compress) throws Exception {
        long ra;
        long rb;
        try (AgentDb db = open(opts(compress))) {
            Appender app = db.appender();
            ra = app.append(0, A, 1000, 1.5);
            rb = app.append(0, B, 1000, StaleMarker.VALUE);
            app.commit();
            app = db.appender();
            app.append(ra, A, 2000, -2);
            app.commit();
            app = db.appender();
            app.commit(); // empty: nothing logged
        }
        assertEquals(List.of(
                "series " + ra + " " + A,
                "series " + rb + " " + B,
                "sample " + ra + " 1000 1.5",
                "sample " + rb + " 1000 NaN",
                "sample " + ra + " 2000 -2.0"), WalDump.all(dir.resolve("data-agent/wal")));
    }

    static Stream<Arguments> exemplars() {
        String long128 = "x".repeat(128 - "trace_id".length());
        return Stream.of(
                Arguments.of("logged after the samples", "trace_id", "abc", true, null),
                Arguments.of("128 characters of labels", "trace_id", long128, true, null),
                Arguments.of("129 characters of labels", "trace_id", long128 + "y", false,
                        "label length for exemplar exceeds maximum of 128 UTF-8 characters"),
                Arguments.of("no labels", null, null, true, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exemplars")
    void logsExemplarsAsPrometheusAgent(String name, String label, String value, boolean accepted, String error)
            throws Exception {
        Labels el = label == null ? Labels.EMPTY : Labels.of(label, value);
        long ra;
        try (AgentDb db = open(opts(true))) {
            Appender app = db.appender();
            ra = app.append(0, A, 1000, 1);
            if (accepted) {
                assertEquals(ra, app.appendExemplar(ra, A, el, 999, 0.5));
                assertEquals(0, app.appendExemplar(ra, A, el, 999, 0.5), "a repeat of the latest exemplar is dropped");
            } else {
                StorageException e = assertThrows(StorageException.class, () -> app.appendExemplar(ra, A, el, 999, 0.5));
                assertEquals(error, e.getMessage());
            }
            assertThrows(StorageException.class, () -> app.appendExemplar(0, A, el, 999, 0.5), "an unknown ref");
            app.commit();
            assertEquals(accepted ? 1.0 : 0.0, metrics(db).get("prometheus_agent_exemplars_appended_total"));
        }
        List<String> want = new ArrayList<>(List.of("series " + ra + " " + A, "sample " + ra + " 1000 1.0"));
        if (accepted) {
            want.add("exemplar " + ra + " 999 0.5 " + el);
        }
        assertEquals(want, WalDump.all(dir.resolve("data-agent/wal")));
        try (AgentDb db = open(opts(true))) {
            assertEquals(0.0, metrics(db).get("prometheus_agent_corruptions_total"), "replay skips exemplar records");
        }
    }

    @Test
    void rollbackStillLogsCreatedSeries() throws Exception {
        long ra;
        try (AgentDb db = open(opts(false))) {
            Appender app = db.appender();
            ra = app.append(0, A, 1000, 1);
            app.rollback();
            assertEquals(ra, append(db, A, 1000, 2));
        }
        assertEquals(List.of("series " + ra + " " + A, "sample " + ra + " 1000 2.0"),
                WalDump.all(dir.resolve("data-agent/wal")));
    }

    @Test
    void truncationKeepsLiveSeriesAndDropsOldOnes() throws Exception {
        Path wal = dir.resolve("data-agent/wal");
        long ra;
        long rb;
        long mint = 50_000;
        try (AgentDb db = open(opts(true))) {
            ra = append(db, A, 1000, 1); // goes stale: no sample at or after mint
            rb = append(db, B, 1000, 1);
            for (int i = 0; i < 8; i++) {
                append(db, B, mint + i, i);
                db.truncate(mint);
            }
            assertEquals(1, db.numSeries());
            Path cp = Segments.lastCheckpoint(wal);
            assertNotNull(cp, "a checkpoint was written");
            int cpIndex = Segments.checkpointIndex(cp);
            for (int s : Segments.list(wal)) {
                assertTrue(s > cpIndex, "segment " + s + " folded into " + cp.getFileName() + " is deleted");
            }
            assertEquals(1, WalFiles.checkpoints(wal).size(), "older checkpoints are deleted");
            List<String> records = WalDump.dump(cp);
            assertTrue(records.contains("series " + rb + " " + B), records.toString());
            assertFalse(records.contains("series " + ra + " " + A), "the collected series is gone: " + records);
            for (String r : records) {
                if (r.startsWith("sample ")) {
                    assertTrue(Long.parseLong(r.split(" ")[2]) >= mint, "samples before mint are dropped: " + r);
                }
            }
            Map<String, Double> m = metrics(db);
            assertEquals(1.0, m.get("prometheus_agent_active_series"));
            assertTrue(m.get("prometheus_agent_checkpoint_creations_total") >= 2, m.toString());
            assertTrue(m.get("prometheus_agent_truncate_duration_seconds_count") >= 2, m.toString());
            assertEquals(0.0, m.get("prometheus_agent_checkpoint_creations_failed_total"));
        }
        try (AgentDb db = open(opts(true))) {
            assertEquals(1, db.numSeries(), "replay from the checkpoint and later segments");
            assertEquals(rb, append(db, B, mint + 100, 1));
            long again = append(db, A, mint + 100, 1);
            assertTrue(again > rb, "a collected series comes back under a new ref");
            assertThrows(StorageException.class, () -> db.appender().append(rb, B, mint + 6, 0),
                    "the replayed newest timestamp still rejects older samples");
        }
    }

    @Test
    void seriesRecordOfACollectedSeriesStaysWhileItsSegmentsMayHoldItsSamples() throws Exception {
        Path wal = dir.resolve("data-agent/wal");
        try (AgentDb db = open(opts(false))) {
            for (int i = 0; i < 3; i++) { // segments 0..3, no checkpoint yet
                append(db, B, 100_000 + i, 1);
                db.truncate(0);
            }
            long ra = append(db, A, 1000, 1); // in segment 3
            List<String> checkpoints = new ArrayList<>();
            List<Double> pending = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                append(db, B, 100_010 + i, 1);
                db.truncate(50_000);
                Path cp = Segments.lastCheckpoint(wal);
                checkpoints.add(cp.getFileName() + (WalDump.dump(cp).contains("series " + ra + " " + A) ? " with A" : ""));
                pending.add(metrics(db).get("prometheus_agent_deleted_series"));
            }
            // A is collected at the first truncation while segment 3 is the newest; its record
            // is kept while segment 3 may still be folded (first <= 3), then dropped.
            assertEquals(List.of("checkpoint.00000001", "checkpoint.00000001", "checkpoint.00000003 with A",
                    "checkpoint.00000003 with A", "checkpoint.00000005"), checkpoints);
            assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.0), pending);
        }
    }

    static Stream<Arguments> tornTails() {
        return Stream.of(
                Arguments.of("cut inside the last record", (Tear) (seg, size) -> truncate(seg, size - 5)),
                Arguments.of("garbage after the last record", (Tear) (seg, size) -> write(seg, size, new byte[] {9, 9, 9})),
                Arguments.of("flipped byte in the last record", (Tear) (seg, size) -> write(seg, size - 2, new byte[] {0x55})));
    }

    interface Tear {
        void apply(Path segment, long size) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void repairsTornTailOnStart(String name, Tear tear) throws Exception {
        Path wal = dir.resolve("data-agent/wal");
        long ra;
        try (AgentDb db = open(opts(false))) {
            ra = append(db, A, 1000, 1);
            append(db, A, 2000, 2);
            append(db, B, 3000, 3); // the record torn below: series B and its sample
        }
        List<Integer> segs = Segments.list(wal);
        Path last = wal.resolve(Segments.name(segs.get(segs.size() - 1)));
        long size = usedBytes(last);
        tear.apply(last, size);
        try (AgentDb db = open(opts(false))) {
            assertEquals(1.0, metrics(db).get("prometheus_agent_corruptions_total"));
            assertEquals(ra, append(db, A, 4000, 4), "series before the tear keep their refs");
            assertThrows(StorageException.class, () -> db.appender().append(ra, A, 1999, 0));
        }
        // The repaired WAL reads cleanly to its end, the new segment included.
        List<String> records = WalDump.all(wal);
        assertTrue(records.contains("sample " + ra + " 4000 4.0"), records.toString());
        try (AgentDb db = open(opts(false))) {
            assertEquals(0.0, metrics(db).get("prometheus_agent_corruptions_total"));
        }
    }

    // Length of a segment without its trailing zero padding.
    static long usedBytes(Path seg) throws IOException {
        byte[] b = Files.readAllBytes(seg);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return n;
    }

    static void truncate(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void write(Path p, long at, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), at);
        }
    }

    @Test
    void lockFileRefusesASecondOpenAndIsRemovedOnClose() throws Exception {
        AgentOptions o = opts(true).withLockfile(true);
        try (AgentDb db = open(o)) {
            assertEquals(1.0, metrics(db).get("prometheus_agent_clean_start"));
            IOException e = assertThrows(IOException.class, () -> open(o));
            assertEquals("lock DB directory: resource temporarily unavailable", e.getMessage());
        }
        assertFalse(Files.exists(o.dir().resolve("lock")));
        try (AgentDb db = open(opts(true))) {
            assertEquals(-1.0, metrics(db).get("prometheus_agent_clean_start"));
        }
    }

    @ParameterizedTest(name = "lowest sent {0}, now {1} -> {4}")
    @CsvSource({
            // lowestSent, now, min, max, cutoff
            "9223372036854775807, 100000000, 300000, 14400000, 9223372036854475807",
            "1000, 100000000, 300000, 14400000, 85600000",
            "90000000, 100000000, 300000, 14400000, 89700000",
            "0, 1000, 300000, 14400000, 0"})
    void truncationCutoffFollowsPrometheusRules(long lowestSent, long now, long min, long max, long cutoff) throws Exception {
        try (AgentDb db = AgentDb.open(opts(true).withRetention(min, max), () -> now, false)) {
            db.setLowestSentTimestamp(() -> lowestSent);
            assertEquals(cutoff, db.truncationCutoff());
        }
    }

    @Test
    void truncatesPeriodically() throws Exception {
        AgentOptions o = opts(true).withTruncateFrequency(Duration.ofMillis(100));
        try (AgentDb db = AgentDb.open(o, System::currentTimeMillis, true)) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.currentSegment() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(db.currentSegment() >= 3, "each truncation starts a segment: " + db.currentSegment());
        }
    }

    static Map<String, Double> metrics(AgentDb db) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> families = new ArrayList<>();
        db.metrics.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                families.add(name);
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                out.put(name, value);
            }
        });
        return out;
    }

    @Test
    void exportsPrometheusAgentMetricNames() throws Exception {
        try (AgentDb db = open(opts(true))) {
            append(db, A, 1000, 1);
            Map<String, Double> m = metrics(db);
            for (String name : List.of("prometheus_agent_active_series", "prometheus_agent_samples_appended_total",
                    "prometheus_agent_truncate_duration_seconds_sum", "prometheus_agent_corruptions_total",
                    "prometheus_agent_deleted_series", "prometheus_tsdb_wal_segment_current",
                    "prometheus_tsdb_wal_page_flushes_total", "prometheus_tsdb_wal_fsync_duration_seconds_count")) {
                assertNotNull(m.get(name), name);
            }
            assertNull(m.get("prometheus_tsdb_head_series"), "no head metrics in agent mode");
            assertEquals(1.0, m.get("prometheus_agent_samples_appended_total"));
            assertEquals(1.0, m.get("prometheus_agent_active_series"));
        }
    }
}
