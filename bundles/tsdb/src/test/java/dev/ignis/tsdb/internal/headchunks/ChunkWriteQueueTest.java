package dev.ignis.tsdb.internal.headchunks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Head chunks written through the write queue ({@code --storage.tsdb.head-chunks-write-queue-size} above 0). */
class ChunkWriteQueueTest {

    @TempDir
    Path dir;

    private static byte[] chunk(Random r) {
        byte[] d = new byte[3 + r.nextInt(400)];
        r.nextBytes(d);
        int samples = 1 + r.nextInt(240);
        d[0] = (byte) (samples >>> 8);
        d[1] = (byte) samples;
        return d;
    }

    /**
     * Writes the same chunks, with truncations (which make the next chunk start a file) in
     * between, and returns their refs; the mapper is closed after.
     */
    private static List<Long> script(HeadChunkMapper m, long seed) throws IOException {
        Random r = new Random(seed);
        List<Long> refs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] d = chunk(r);
            refs.add(m.write(1 + i % 13, i * 1000L, i * 1000L + 999, 1, d, d.length));
            if (i % 700 == 699) {
                // Deletes nothing: only makes the next chunk start a file.
                m.truncate(0);
            }
        }
        m.close();
        return refs;
    }

    @ParameterizedTest(name = "queue {0}")
    @ValueSource(ints = {1, 2, 64, 10_000})
    void queuedChunksLandWhereSynchronousWritesPutThem(int size) throws Exception {
        List<Long> want = script(HeadChunkMapper.open(dir.resolve("sync"), 16 * 1024), 3);
        List<Long> got = script(HeadChunkMapper.open(dir.resolve("queued"), 16 * 1024, size), 3);
        assertEquals(want, got, "refs");
        List<String> names = names(dir.resolve("sync"));
        assertTrue(names.size() >= 4, "files cut after truncations: " + names);
        assertEquals(names, names(dir.resolve("queued")));
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("sync").resolve(n)),
                    Files.readAllBytes(dir.resolve("queued").resolve(n)), n);
        }
    }

    private static List<String> names(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, Double> metrics(HeadChunkMapper m) {
        Map<String, Double> out = new TreeMap<>();
        m.collectQueueMetrics(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                assertEquals(MetricType.COUNTER, type);
                assertEquals("Number of operations on the chunk_write_queue.", help);
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                out.put(name + labels, value);
            }
        });
        return out;
    }

    @Test
    void chunksStillQueuedAreReadFromTheQueue() throws Exception {
        Random r = new Random(5);
        try (HeadChunkMapper m = HeadChunkMapper.open(dir, 16 * 1024, 8)) {
            List<byte[]> data = new ArrayList<>();
            List<Long> refs = new ArrayList<>();
            // Holding the mapper's monitor keeps the writer thread from writing: the chunks wait.
            synchronized (m) {
                for (int i = 0; i < 5; i++) {
                    byte[] d = chunk(r);
                    data.add(d);
                    refs.add(m.write(7, i * 1000L, i * 1000L + 999, 1, d, d.length));
                }
                assertEquals(5, m.queued());
                for (int i = 0; i < 5; i++) {
                    assertArrayEquals(data.get(i), m.chunk(refs.get(i)), "queued chunk " + i);
                }
                assertEquals(List.of(), m.fileNumbers(), "nothing written yet");
            }
            m.flush();
            assertEquals(0, m.queued());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(data.get(i), m.chunk(refs.get(i)), "written chunk " + i);
            }
            assertEquals(List.of(1), m.fileNumbers());
            Map<String, Double> got = metrics(m);
            String n = "prometheus_tsdb_chunk_write_queue_operations_total";
            assertEquals(Map.of(n + "{operation=\"add\"}", 5.0, n + "{operation=\"complete\"}", 5.0,
                    n + "{operation=\"get\"}", 5.0, n + "{operation=\"shrink\"}", 0.0), got);
        }
    }

    @Test
    void aChunkRefusedWhileTheQueueIsFullLeavesNoGap() throws Exception {
        Random r = new Random(11);
        List<byte[]> data = new ArrayList<>();
        List<Long> refs = new ArrayList<>();
        HeadChunkMapper m = HeadChunkMapper.open(dir, 16 * 1024, 1);
        java.util.concurrent.atomic.AtomicReference<Throwable> refused = new java.util.concurrent.atomic.AtomicReference<>();
        synchronized (m) {
            // One chunk held by the blocked writer, one in the queue: the third waits, and is interrupted.
            for (int i = 0; i < 2; i++) {
                byte[] d = chunk(r);
                data.add(d);
                refs.add(m.write(4, i * 1000L, i * 1000L + 999, 1, d, d.length));
            }
            byte[] d = chunk(r);
            Thread t = new Thread(() -> {
                try {
                    m.write(4, 5000, 5999, 1, d, d.length);
                } catch (Throwable e) {
                    refused.set(e);
                }
            });
            t.start();
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(10);
            }
            t.interrupt();
            t.join();
        }
        assertTrue(refused.get() instanceof IOException, String.valueOf(refused.get()));
        for (int i = 2; i < 6; i++) {
            byte[] d = chunk(r);
            data.add(d);
            refs.add(m.write(4, i * 10_000L, i * 10_000L + 999, 1, d, d.length));
        }
        m.close();
        try (HeadChunkMapper reopened = HeadChunkMapper.open(dir)) {
            List<Long> seen = new ArrayList<>();
            reopened.iterate((series, ref, mint, maxt, n, enc) -> seen.add(ref));
            assertEquals(refs, seen);
            assertEquals(0, reopened.corruptions());
            for (int i = 0; i < refs.size(); i++) {
                assertArrayEquals(data.get(i), reopened.chunk(refs.get(i)));
            }
        }
    }

    @Test
    void withoutAQueueNoQueueMetricIsExported() throws Exception {
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            assertEquals(Map.of(), metrics(m));
            assertEquals(false, m.hasWriteQueue());
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterWritesFail() throws Exception {
        Random r = new Random(9);
        List<byte[]> data = new ArrayList<>();
        List<Long> refs = new ArrayList<>();
        HeadChunkMapper m = HeadChunkMapper.open(dir, 16 * 1024, 1000);
        for (int i = 0; i < 500; i++) {
            byte[] d = chunk(r);
            data.add(d);
            refs.add(m.write(3, i * 1000L, i * 1000L + 999, 1, d, d.length));
        }
        m.close();
        byte[] d = chunk(r);
        assertThrows(IOException.class, () -> m.write(3, 0, 1, 1, d, d.length));
        try (HeadChunkMapper reopened = HeadChunkMapper.open(dir)) {
            List<Long> seen = new ArrayList<>();
            reopened.iterate((series, ref, mint, maxt, n, enc) -> seen.add(ref));
            assertEquals(refs, seen);
            for (int i = 0; i < refs.size(); i++) {
                assertArrayEquals(data.get(i), reopened.chunk(refs.get(i)));
            }
        }
    }
}
