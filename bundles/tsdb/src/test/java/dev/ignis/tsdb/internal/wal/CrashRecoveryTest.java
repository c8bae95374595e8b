package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.Tsdb;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appends from a separate JVM, kills it with SIGKILL at random points, and checks after each
 * restart that every batch whose commit returned is there, whole, with nothing half applied.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void keepsEveryCommittedBatchAcrossKill9() throws Exception {
        Random random = new Random(20261127);
        long lastCommitted = -1;
        for (int round = 0; round < 5; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            int killAfter = 1 + random.nextInt(300);
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                assertEquals("started " + (lastCommitted + 1), r.readLine(), "resumes after the newest batch");
                int seen = 0;
                String line;
                while (seen < killAfter && (line = r.readLine()) != null) {
                    lastCommitted = Long.parseLong(line.substring("committed ".length()));
                    seen++;
                }
                // SIGKILL (no shutdown hooks, no close); through the handle so our pipe stays readable.
                p.toHandle().destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                // Acknowledgements printed before the kill but not read yet.
                while ((line = r.readLine()) != null) {
                    if (line.matches("committed \\d+")) {
                        lastCommitted = Long.parseLong(line.substring("committed ".length()));
                    }
                }
            }
            long max = verify(lastCommitted);
            lastCommitted = max; // a batch may have committed after its line was read
        }
    }

    /** Checks the data dir; returns the newest batch found. */
    private long verify(long lastCommitted) throws Exception {
        try (Tsdb db = Tsdb.open(CrashWriter.options(dir))) {
            long newest = -2;
            int series = 0;
            try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(LabelMatcher.equal("__name__", "crash_test"));
                while (ss.next()) {
                    series++;
                    SampleIterator it = ss.iterator();
                    long expect = 0;
                    while (it.next()) {
                        assertEquals(expect * CrashWriter.STEP, it.t(), ss.labels() + ": no gap");
                        assertEquals(expect, (long) it.v());
                        expect++;
                    }
                    long last = expect - 1;
                    if (newest == -2) {
                        newest = last;
                    }
                    assertEquals(newest, last, "every series ends at the same batch: no half batch");
                }
            }
            assertEquals(CrashWriter.SERIES, series);
            assertTrue(newest >= lastCommitted && newest <= lastCommitted + 1,
                    "newest batch " + newest + " vs last acknowledged " + lastCommitted);
            return newest;
        }
    }
}
