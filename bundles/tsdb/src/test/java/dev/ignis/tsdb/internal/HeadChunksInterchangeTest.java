package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code chunks_head/} both ways with a real Prometheus 2.42: it loads the head chunks Ignis
 * wrote (and answers from them), and Ignis loads the head chunks it wrote.
 */
class HeadChunksInterchangeTest {

    static final int SERIES = 4;
    static final long STEP = 15_000;
    static final int SAMPLES = 480; // 2h at 15 s: 3 or more chunks cut per series, one open

    @TempDir
    Path dir;

    private static long start() {
        // Recent enough that Prometheus's head takes it, aligned to the step.
        long now = System.currentTimeMillis();
        return (now - SAMPLES * STEP - 60_000) / STEP * STEP;
    }

    private static double value(int s, int i) {
        return s * 1000 + i * 1.5;
    }

    private static Map<String, List<String>> expected(long t0) {
        Map<String, List<String>> want = new TreeMap<>();
        for (int s = 0; s < SERIES; s++) {
            List<String> samples = new ArrayList<>();
            for (int i = 0; i < SAMPLES; i++) {
                samples.add((t0 + i * STEP) + "=" + value(s, i));
            }
            want.put(labels(s).toString(), samples);
        }
        return want;
    }

    private static Labels labels(int s) {
        return Labels.of("__name__", "head_chunks_test", "series", "s" + s);
    }

    private static final Labels[] SERIES_LABELS = new Labels[SERIES];

    static {
        for (int s = 0; s < SERIES; s++) {
            SERIES_LABELS[s] = labels(s);
        }
    }

    @ParameterizedTest(name = "closed={0}")
    @ValueSource(booleans = {true, false})
    void prometheusLoadsIgnisHeadChunks(boolean closed) throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path written = dir.resolve("ignis");
        Path data = dir.resolve("data");
        long t0 = start();
        Tsdb db = Tsdb.open(TsdbOptions.defaults(written));
        try {
            long[] refs = new long[SERIES];
            for (int i = 0; i < SAMPLES; i++) {
                Appender app = db.appender();
                for (int s = 0; s < SERIES; s++) {
                    refs[s] = app.append(refs[s], labels(s), t0 + i * STEP, value(s, i));
                }
                app.commit();
            }
            if (!closed) {
                // As a kill -9 after the write buffer went out: the files as they are now.
                db.head().chunkMapper().flush();
                HeadChunksTest.copy(written, data);
            }
        } finally {
            db.close();
        }
        if (closed) {
            HeadChunksTest.copy(written, data);
        }
        assertTrue(Files.size(data.resolve("chunks_head").resolve("000001")) > HeadChunkMapper.HEADER_SIZE);
        try (HeadChunksTest.Replayed r = HeadChunksTest.replay(written)) {
            assertTrue(r.mappedChunks() >= SERIES * 3L, "3 or more chunks per series in chunks_head: " + r.mappedChunks());
        }
        Path work = Files.createDirectories(dir.resolve("prom"));
        try (RealPrometheus prometheus = new RealPrometheus(work, data)) {
            double at = (t0 + (SAMPLES - 1) * STEP) / 1000.0;
            String body = prometheus.query("count_over_time(head_chunks_test[3h])", at);
            assertEquals(SERIES, body.split("\"" + SAMPLES + "\"", -1).length - 1, body);
            for (int s = 0; s < SERIES; s++) {
                double sum = 0;
                for (int i = 0; i < SAMPLES; i++) {
                    sum += value(s, i);
                }
                body = prometheus.query("sum_over_time(head_chunks_test{series=\"s" + s + "\"}[3h])", at);
                assertTrue(body.contains("\"" + fmt(sum) + "\""), "sum of s" + s + " " + fmt(sum) + ": " + body);
            }
            String log = prometheus.log();
            assertTrue(log.contains("On-disk memory mappable chunks replay completed"), log);
            assertFalse(log.contains("Loading on-disk chunks failed"), log);
            assertFalse(log.contains("Deleting mmapped chunk files"), log);
        }
        // And back: Ignis opens what Prometheus left.
        try (Tsdb again = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(expected(t0), HeadChunksTest.all(again));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    @ParameterizedTest(name = "killed={0}")
    @ValueSource(booleans = {false, true})
    void ignisLoadsPrometheusHeadChunks(boolean killed) throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path data = dir.resolve("data");
        long t0 = start();
        Path work = Files.createDirectories(dir.resolve("prom"));
        try (RealPrometheus prometheus = new RealPrometheus(work, data, "--web.enable-remote-write-receiver")) {
            // Oldest first, 60 steps per request: every batch is within the head's appendable window.
            for (int from = 0; from < SAMPLES; from += 60) {
                byte[] body = RemoteWriteBodies.request(SERIES_LABELS, t0, STEP, from, Math.min(SAMPLES, from + 60),
                        HeadChunksInterchangeTest::value);
                int status = prometheus.post("/api/v1/write", body, RemoteWriteBodies.headers());
                assertEquals(204, status, prometheus.log());
            }
            double at = (t0 + (SAMPLES - 1) * STEP) / 1000.0;
            String body = prometheus.query("count_over_time(head_chunks_test[3h])", at);
            assertEquals(SERIES, body.split("\"" + SAMPLES + "\"", -1).length - 1, body);
            if (killed) {
                prometheus.kill();
            }
        }
        try (HeadChunksTest.Replayed r = HeadChunksTest.replay(copyOf(data))) {
            if (killed) {
                // Its few chunks were still in its write buffer: all of it comes from its WAL.
                assertEquals(0, r.mappedChunks());
                assertEquals(SERIES * (long) SAMPLES, r.walSamples());
            } else {
                // Prometheus flushed chunks_head when it stopped.
                assertTrue(r.mappedChunks() >= SERIES * 2L, "chunks loaded from Prometheus's chunks_head: " + r.mappedChunks());
                assertTrue(r.walSamples() < SERIES * SAMPLES / 2, "the WAL replayed only the open chunks: " + r.walSamples());
            }
            assertEquals(0, r.mapper().corruptions(), "nothing to repair in Prometheus's files");
            assertEquals(expected(t0), HeadChunksTest.all(r.head()));
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(expected(t0), HeadChunksTest.all(db));
        }
    }

    private Path copyOf(Path data) throws Exception {
        Path c = dir.resolve("copy");
        HeadChunksTest.copy(data, c);
        return c;
    }
}
