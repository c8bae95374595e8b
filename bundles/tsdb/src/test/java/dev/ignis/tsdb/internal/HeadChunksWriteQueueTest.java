package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A TSDB whose head chunks go through the write queue ({@code --storage.tsdb.head-chunks-write-queue-size}). */
class HeadChunksWriteQueueTest {

    static final long T0 = HeadCutTest.T0;
    static final long HOUR = HeadCutTest.HOUR;
    static final String OPS = "prometheus_tsdb_chunk_write_queue_operations_total";

    @TempDir
    Path dir;

    static TsdbOptions opts(Path data, int queue) {
        return HeadCutTest.opts(data).withHeadChunksWriteQueueSize(queue);
    }

    static Map<String, Double> metrics(Tsdb db) {
        Map<String, Double> m = new TreeMap<>();
        TsdbMetrics.collect(db, new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                m.put(labels.isEmpty() ? name : name + labels, value);
            }
        });
        return m;
    }

    @ParameterizedTest(name = "queue {0}")
    @ValueSource(ints = {1, 16, 10_000})
    void appendsQueriesAndRestartsAsWithSynchronousWrites(int queue) throws Exception {
        Path data = dir.resolve("data");
        Map<String, List<String>> want = new TreeMap<>();
        long chunks;
        try (Tsdb db = Tsdb.open(opts(data, queue))) {
            HeadChunkMapper m = db.head().chunkMapper();
            assertTrue(m.hasWriteQueue());
            // 2.5h at 15 s: every series cuts 4 chunks.
            HeadCutTest.append(db, 30, T0, T0 + 150 * 60_000L, want);
            assertEquals(want, HeadChunksTest.all(db), "read while chunks may be queued");
            m.flush();
            assertEquals(0, m.queued());
            assertEquals(want, HeadChunksTest.all(db), "read from the files");
            Map<String, Double> metrics = metrics(db);
            chunks = metrics.get(OPS + "{operation=\"add\"}").longValue();
            assertTrue(chunks >= 30 * 4, "chunks queued: " + chunks);
            assertEquals((double) chunks, metrics.get(OPS + "{operation=\"complete\"}"));
            assertEquals(0.0, metrics.get(OPS + "{operation=\"shrink\"}"));
        }
        try (HeadChunksTest.Replayed r = HeadChunksTest.replay(data)) {
            assertEquals(chunks, r.mappedChunks(), "every queued chunk reached chunks_head");
            assertEquals(0, r.mapper().corruptions());
            assertEquals(want, HeadChunksTest.all(r.head()));
            assertTrue(r.walSamples() < 30 * 600L / 2, "only the open chunks from the WAL: " + r.walSamples());
        }
        // Restarted with the queue: keeps appending; a head cut and truncation go through it too.
        try (Tsdb db = Tsdb.open(opts(data, queue))) {
            assertEquals(want, HeadChunksTest.all(db));
            HeadCutTest.append(db, 30, T0 + 150 * 60_000L, T0 + 4 * HOUR, want);
            assertEquals(1, db.compactor().compactHead());
            assertEquals(want, HeadChunksTest.all(db));
        }
        try (Tsdb db = Tsdb.open(opts(data, 0))) {
            assertEquals(want, HeadChunksTest.all(db), "read back without a queue");
        }
    }

    @Test
    void queriesReadChunksTheWriterHasNotWrittenYet() throws Exception {
        Map<String, List<String>> want = new TreeMap<>();
        try (Tsdb db = Tsdb.open(opts(dir.resolve("data"), 10_000))) {
            HeadChunkMapper m = db.head().chunkMapper();
            // The writer thread needs the mapper's monitor to write: holding it keeps every chunk queued.
            synchronized (m) {
                HeadCutTest.append(db, 20, T0, T0 + 2 * HOUR, want);
                assertTrue(m.queued() >= 20 * 3, "queued: " + m.queued());
                assertEquals(List.of(), m.fileNumbers(), "nothing written yet");
                assertEquals(want, HeadChunksTest.all(db));
            }
            Map<String, Double> metrics = metrics(db);
            assertTrue(metrics.get(OPS + "{operation=\"get\"}") >= 20 * 3, "reads answered by the queue");
            m.flush();
            assertEquals(want, HeadChunksTest.all(db));
        }
    }

    @Test
    void queuesAsManyChunksAsPrometheusForTheSameSamples() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Labels[] series = CompactionMetricsTest.series(8);
        int samples = (int) (150 * 60_000L / HeadCutTest.STEP);
        long t0 = (System.currentTimeMillis() - 4 * HOUR) / HeadCutTest.STEP * HeadCutTest.STEP;
        Map<String, Double> theirs = new TreeMap<>();
        Path work = Files.createDirectories(dir.resolve("prom"));
        try (RealPrometheus prometheus = new RealPrometheus(work, dir.resolve("prom-data"),
                "--web.enable-remote-write-receiver", "--storage.tsdb.head-chunks-write-queue-size=100")) {
            for (int from = 0; from < samples; from += 60) {
                byte[] body = RemoteWriteBodies.request(series, t0, HeadCutTest.STEP, from, Math.min(samples, from + 60),
                        CompactionMetricsTest::value);
                assertEquals(204, prometheus.post("/api/v1/write", body, RemoteWriteBodies.headers()), prometheus.log());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                theirs = CompactionMetricsTest.Exposition.parseAll(prometheus.metrics());
                Thread.sleep(100);
            } while (!theirs.get(OPS + "{operation=\"add\"}").equals(theirs.get(OPS + "{operation=\"complete\"}"))
                    && System.nanoTime() < deadline);
        }
        Map<String, Double> ours;
        try (Tsdb db = Tsdb.open(opts(dir.resolve("data"), 100))) {
            CompactionMetricsTest.append(db, series, t0, samples);
            db.head().chunkMapper().flush();
            ours = metrics(db);
        }
        double added = theirs.get(OPS + "{operation=\"add\"}");
        assertTrue(added >= 8 * 4, "Prometheus queued " + added);
        assertEquals(added, ours.get(OPS + "{operation=\"add\"}"), "chunks queued");
        assertEquals(theirs.get(OPS + "{operation=\"complete\"}"), ours.get(OPS + "{operation=\"complete\"}"));
        assertEquals(theirs.get("prometheus_tsdb_head_chunks_created_total"), ours.get("prometheus_tsdb_head_chunks_created_total"));
    }

    @Test
    void withoutAQueueChunksAreWrittenByTheCommitAndNoQueueMetricIsExported() throws Exception {
        try (Tsdb db = Tsdb.open(opts(dir.resolve("data"), 0))) {
            HeadCutTest.append(db, 5, T0, T0 + HOUR, new TreeMap<>());
            assertFalse(db.head().chunkMapper().hasWriteQueue());
            assertFalse(metrics(db).keySet().stream().anyMatch(k -> k.startsWith(OPS)));
        }
    }
}
