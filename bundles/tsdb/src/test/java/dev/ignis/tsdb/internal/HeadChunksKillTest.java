package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReplay;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A separate JVM appends until its chunks_head write buffer has gone to the file at least
 * once, then is killed with SIGKILL (no close, so the buffered chunks are lost): the restarted
 * head holds every acknowledged batch, whole, with the chunks that reached the file loaded from
 * chunks_head and the rest from the WAL, and answers exactly as a head rebuilt from the WAL alone.
 */
class HeadChunksKillTest {

    @TempDir
    Path dir;

    /** Head chunks written by the commits (0), or through a write queue, whose chunks a kill also loses. */
    @ParameterizedTest(name = "write queue {0}")
    @ValueSource(ints = {0, 1000})
    void killedWriterRestartsFromChunksHeadAndWal(int writeQueue) throws Exception {
        Path data = dir.resolve("data");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), HeadChunksKillWriter.class.getName(), data.toString(),
                Integer.toString(writeQueue))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acked = -1;
        Path chunks = data.resolve("chunks_head").resolve("000001");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            long killAt = Long.MAX_VALUE;
            String line;
            while (acked < killAt && (line = r.readLine()) != null) {
                acked = Long.parseLong(line.substring("committed ".length()));
                if (killAt == Long.MAX_VALUE && Files.exists(chunks) && Files.size(chunks) > 0) {
                    killAt = acked + 40; // some chunks cut after the write-out stay in the buffer
                }
                assertTrue(System.nanoTime() < deadline, "the write buffer never went to the file");
            }
            p.toHandle().destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            while ((line = r.readLine()) != null) {
                if (line.matches("committed \\d+")) {
                    acked = Long.parseLong(line.substring("committed ".length()));
                }
            }
        }
        Map<String, List<String>> fromChunks;
        try (HeadChunksTest.Replayed r = HeadChunksTest.replay(data)) {
            assertTrue(r.mappedChunks() > 0, "chunks loaded from chunks_head");
            long total = (long) HeadChunksKillWriter.SERIES * (acked + 1);
            assertTrue(r.walSamples() < total, "WAL samples " + r.walSamples() + " of " + total);
            fromChunks = HeadChunksTest.all(r.head());
        }
        assertEquals(HeadChunksKillWriter.SERIES, fromChunks.size());
        long newest = -2;
        for (int s = 0; s < HeadChunksKillWriter.SERIES; s++) {
            List<String> samples = fromChunks.get(HeadChunksKillWriter.labels(s).toString());
            for (int i = 0; i < samples.size(); i++) {
                assertEquals((HeadChunksKillWriter.T0 + i * HeadChunksKillWriter.STEP) + "=" + HeadChunksKillWriter.value(s, i),
                        samples.get(i), "series " + s + " sample " + i);
            }
            if (newest == -2) {
                newest = samples.size() - 1;
            }
            assertEquals(newest, samples.size() - 1, "every series ends at the same batch");
        }
        assertTrue(newest >= acked && newest <= acked + 1, "newest " + newest + " vs acknowledged " + acked);
        // The WAL alone gives the same head.
        Head walOnly = new Head(HeadOptions.defaults());
        new WalReplay(walOnly, new WalMetrics()).replay(data.resolve("wal"));
        assertEquals(fromChunks, HeadChunksTest.all(walOnly));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(fromChunks, HeadChunksTest.all(db));
        }
    }
}
