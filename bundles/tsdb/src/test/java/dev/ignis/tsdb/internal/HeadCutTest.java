package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.wal.Segments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cutting the head into blocks: data stays visible, the head and WAL shrink, restarts see each sample once. */
class HeadCutTest {

    static final long HOUR = 3_600_000L;
    static final long T0 = 1_700_000_000_000L;
    static final long STEP = 15_000;

    @TempDir
    Path dir;

    static TsdbOptions opts(Path dir) {
        // Small WAL segments, so that a cut has closed segments to checkpoint.
        return TsdbOptions.defaults(dir).withWalSegmentSize(64 * 1024);
    }

    /** Appends {@code series} series from {@code from} to {@code to} (exclusive), one commit per step. */
    static Map<String, List<String>> append(Tsdb db, int series, long from, long to, Map<String, List<String>> into)
            throws Exception {
        for (long t = from; t < to; t += STEP) {
            Appender app = db.appender();
            for (int s = 0; s < series; s++) {
                Labels l = Labels.of("__name__", "m", "i", Integer.toString(s));
                double v = (t - T0) / 1000.0 + s;
                app.append(0, l, t, v);
                into.computeIfAbsent(l.toString(), k -> new ArrayList<>()).add(t + "=" + v);
            }
            app.commit();
        }
        return into;
    }

    static Stream<Arguments> spans() {
        return Stream.of(
                // Not more than 1.5 ranges: nothing to cut.
                Arguments.of("threeHours", 3 * HOUR, 0),
                Arguments.of("threeAndAHalfHours", 3 * HOUR + HOUR / 2, 1),
                Arguments.of("sevenHours", 7 * HOUR, 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spans")
    void cutsBlocksWhileTheHeadSpansMoreThanOneAndAHalfRanges(String name, long span, int blocks) throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            Map<String, List<String>> want = append(db, 20, T0, T0 + span, new TreeMap<>());
            assertEquals(blocks, db.compactor().compactHead());
            assertEquals(blocks, db.blocks().size());
            assertFalse(db.compactor().compactable());
            assertEquals(want, StoredSamples.readAll(db));
            long range = 2 * HOUR;
            for (Block b : db.blocks()) {
                assertEquals(0, b.meta().maxTime() % range, "blocks end on range boundaries");
                assertEquals(1, b.meta().level());
            }
            if (blocks > 0) {
                long end = db.blocks().get(blocks - 1).meta().maxTime();
                assertTrue(db.head().minTime() >= end, "head holds only data after the last block");
                assertEquals(T0, db.blocks().get(0).meta().minTime());
            }
            assertEquals(blocks, db.compactor().compactions.sum());
            assertEquals(blocks, db.head().metrics().truncations.sum());
        }
        try (Tsdb db = Tsdb.open(opts(dir))) {
            assertEquals(blocks, db.blocks().size());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("blockDurations")
    void blockRangeComesFromTheMinBlockDurationFlag(String flag, long ms) {
        Map<String, String> props = flag == null ? Map.of() : Map.of(TsdbOptions.MIN_BLOCK_DURATION_PROPERTY, flag);
        assertEquals(ms, TsdbOptions.fromProperties(props::get).blockDuration());
    }

    static Stream<Arguments> blockDurations() {
        return Stream.of(Arguments.of(null, 2 * HOUR), Arguments.of("2h", 2 * HOUR), Arguments.of("30m", HOUR / 2),
                Arguments.of("1h30m", 3 * HOUR / 2));
    }

    @Test
    void queriesSeeEverySampleWhileTheCompactorThreadCuts() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            Map<String, List<String>> want = append(db, 50, T0, T0 + 7 * HOUR, new TreeMap<>());
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<String> failure = new AtomicReference<>();
            int[] reads = new int[1];
            Thread reader = new Thread(() -> {
                while (!done.get() && failure.get() == null) {
                    Map<String, List<String>> got = StoredSamples.readAll(db);
                    if (!got.equals(want)) {
                        failure.set("read " + got.values().stream().mapToInt(List::size).sum() + " samples");
                    }
                    reads[0]++;
                }
            });
            reader.start();
            Future<?> f = db.compactor().trigger();
            f.get(120, TimeUnit.SECONDS);
            // A few more reads after the cut.
            Thread.sleep(200);
            done.set(true);
            reader.join(60_000);
            assertEquals(null, failure.get());
            assertTrue(reads[0] > 1, "reads: " + reads[0]);
            assertEquals(3, db.blocks().size());
            assertEquals(0, db.compactor().openQueriers());
        }
    }

    @Test
    void headTruncationWaitsForQueriersOpenedBeforeTheBlock() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            Map<String, List<String>> want = append(db, 5, T0, T0 + 4 * HOUR, new TreeMap<>());
            long headMin = db.head().minTime();
            Querier old = db.querier(Long.MIN_VALUE, Long.MAX_VALUE);
            Future<?> cut = db.compactor().trigger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (db.blocks().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, db.blocks().size(), "block written");
            Thread.sleep(200);
            assertFalse(cut.isDone(), "truncation waits for the old querier");
            assertEquals(headMin, db.head().minTime());
            // The old querier does not know the block: the head still answers for it.
            assertEquals(want, StoredSamples.read(old));
            old.close();
            cut.get(30, TimeUnit.SECONDS);
            assertTrue(db.head().minTime() > headMin);
            assertEquals(want, StoredSamples.readAll(db));
        }
    }

    @Test
    void exportsCompactionTruncationAndCheckpointCounters() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            append(db, 30, T0, T0 + 4 * HOUR, new TreeMap<>());
            db.compactor().compactHead();
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
            assertEquals(1.0, m.get("prometheus_tsdb_compactions_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_head_truncations_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_checkpoint_creations_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_wal_truncations_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_blocks_loaded"));
            assertEquals(0.0, m.get("prometheus_tsdb_compactions_failed_total"));
            assertTrue(m.get("prometheus_tsdb_head_chunks_removed_total") > 0);
        }
    }

    @Test
    void truncatesTheWalWithACheckpointOfLiveSeries() throws Exception {
        Map<String, List<String>> want;
        int lastCheckpointed;
        try (Tsdb db = Tsdb.open(opts(dir))) {
            // A series that stops early: gone from the head and from the checkpoint after the cut.
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "gone"), T0 + 10, 1);
            app.commit();
            want = append(db, 30, T0, T0 + 4 * HOUR, new TreeMap<>());
            want.put(Labels.of("__name__", "gone").toString(), List.of((T0 + 10) + "=1.0"));
            long seriesBefore = db.head().numSeries();
            int segmentsBefore = Segments.list(dir.resolve("wal")).size();
            assertTrue(segmentsBefore > 3, "segments: " + segmentsBefore);

            assertEquals(1, db.compactor().compactHead());
            assertEquals(seriesBefore - 1, db.head().numSeries());
            assertEquals(1, db.head().metrics().seriesRemoved.sum());
            assertEquals(1, db.compactor().checkpoints.sum());
            Path cp = Segments.lastCheckpoint(dir.resolve("wal"));
            assertTrue(cp != null, "checkpoint written");
            lastCheckpointed = Segments.checkpointIndex(cp);
            for (int s : Segments.list(dir.resolve("wal"))) {
                assertTrue(s > lastCheckpointed, "segment " + s + " deleted after the checkpoint");
            }
            assertEquals(want, StoredSamples.readAll(db));
        }
        // Restart: block + checkpoint + later segments give every sample exactly once.
        try (Tsdb db = Tsdb.open(opts(dir))) {
            assertEquals(1, db.blocks().size());
            long blockEnd = db.blocks().get(0).meta().maxTime();
            assertEquals(want, StoredSamples.readAll(db));
            try (Querier head = db.head().querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                for (List<String> samples : StoredSamples.read(head).values()) {
                    for (String s : samples) {
                        assertTrue(Long.parseLong(s.substring(0, s.indexOf('='))) >= blockEnd, "replayed into the head: " + s);
                    }
                }
            }
            assertFalse(db.head().hasSeriesLabels(Labels.of("__name__", "gone")));
            // Appending continues after the restart; the old series comes back as a new one.
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "gone"), T0 + 4 * HOUR, 2);
            app.commit();
        }
    }

    @Test
    void removesABlockWriteThatACrashInterrupted() throws Exception {
        Path partial = Files.createDirectories(dir.resolve("01M8E49EKG48WQCNJ4T4PA4JMM.tmp-for-creation").resolve("chunks"));
        Files.write(partial.resolve("000001"), new byte[] {(byte) 0x85, (byte) 0xBD});
        try (Tsdb db = Tsdb.open(opts(dir))) {
            assertEquals(0, db.blocks().size());
            assertFalse(Files.exists(partial.getParent()));
        }
    }

    @Test
    void appendsRacingTheTruncationOfTheirSeriesAreKept() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            int old = 2000;
            Map<String, List<String>> want = new TreeMap<>();
            Appender first = db.appender();
            for (int i = 0; i < old; i++) {
                Labels l = Labels.of("__name__", "old", "i", Integer.toString(i));
                first.append(0, l, T0 + 1000, i);
                want.computeIfAbsent(l.toString(), k -> new ArrayList<>()).add((T0 + 1000) + "=" + (double) i);
            }
            first.commit();
            append(db, 1, T0, T0 + 4 * HOUR, want);
            long late = T0 + 4 * HOUR - STEP;
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread appender = new Thread(() -> {
                try {
                    // One commit per series, so that some land before, during and after the truncation.
                    for (int i = 0; i < old; i++) {
                        Appender app = db.appender();
                        app.append(0, Labels.of("__name__", "old", "i", Integer.toString(i)), late, -i);
                        app.commit();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            appender.start();
            assertEquals(1, db.compactor().compactHead());
            appender.join(60_000);
            assertEquals(null, failure.get());
            for (int i = 0; i < old; i++) {
                want.get(Labels.of("__name__", "old", "i", Integer.toString(i)).toString()).add(late + "=" + (double) -i);
            }
            assertEquals(want, StoredSamples.readAll(db));
        }
    }

    @Test
    void aSeriesWithSamplesWaitingForCommitSurvivesTruncation() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir))) {
            Labels old = Labels.of("__name__", "old");
            Appender app = db.appender();
            app.append(0, old, T0 + 1000, 1);
            app.commit();
            Map<String, List<String>> want = append(db, 1, T0, T0 + 4 * HOUR, new TreeMap<>());
            // The pending sample is newer than the cut; the series has nothing else after it.
            Appender pending = db.appender();
            pending.append(0, old, T0 + 4 * HOUR - STEP, 2);
            assertEquals(1, db.compactor().compactHead());
            pending.commit();
            want.put(old.toString(), List.of((T0 + 1000) + "=1.0", (T0 + 4 * HOUR - STEP) + "=2.0"));
            assertEquals(want, StoredSamples.readAll(db));
        }
    }

    @Test
    void promtoolDumpsBlocksAndTheCheckpointedWal() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool 2.42 not installed");
        Map<String, List<String>> want;
        try (Tsdb db = Tsdb.open(opts(dir))) {
            want = append(db, 10, T0, T0 + 5 * HOUR, new TreeMap<>());
            // T0 is 800 s into a 2 h range: [T0, b1) and [b1, b1 + 2h) are cut, 1 h 14 min stay in the head.
            assertEquals(2, db.compactor().compactHead());
            assertTrue(Segments.lastCheckpoint(dir.resolve("wal")) != null, "promtool reads a checkpoint too");
        }
        Process p = new ProcessBuilder(promtool.toString(), "tsdb", "dump", dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        Map<String, List<String>> theirs = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp2 = line.lastIndexOf(' ');
            int sp1 = line.lastIndexOf(' ', sp2 - 1);
            theirs.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>())
                    .add(line.substring(sp2 + 1) + "=" + Double.parseDouble(line.substring(sp1 + 1, sp2)));
        }
        // promtool prints the block's samples, then the head's (which it replays from the WAL).
        for (List<String> l : theirs.values()) {
            l.sort((a, b) -> Long.compare(Long.parseLong(a.substring(0, a.indexOf('='))),
                    Long.parseLong(b.substring(0, b.indexOf('=')))));
        }
        assertEquals(want, theirs);
    }
}
