package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.wal.Segments;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent under concurrent appenders and truncations, and its steady-state allocation. */
class AgentLoadTest {

    @TempDir
    Path dir;

    @Test
    void concurrentAppendersAndTruncationsLeaveAWalThatReplaysEverySeries() throws Exception {
        AgentOptions o = AgentOptions.defaults(dir).withWalSegmentSize(Segments.PAGE_SIZE);
        int threads = 4;
        int perThread = 50;
        int rounds = 200;
        try (AgentDb db = AgentDb.open(o, System::currentTimeMillis, false)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int th = 0; th < threads; th++) {
                    int id = th;
                    fs.add(pool.submit(() -> {
                        long[] refs = new long[perThread];
                        for (int r = 0; r < rounds; r++) {
                            Appender app = db.appender();
                            for (int s = 0; s < perThread; s++) {
                                refs[s] = app.append(refs[s], Labels.of("__name__", "load", "thread", "t" + id, "s", "s" + s),
                                        1_000_000L + r * 1000L, r);
                            }
                            app.commit();
                        }
                        return null;
                    }));
                }
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        db.truncate(0); // every series is live: nothing may be dropped
                        Thread.sleep(5);
                    }
                    return null;
                }));
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(threads * perThread, db.numSeries());
        }
        try (AgentDb db = AgentDb.open(o, System::currentTimeMillis, false)) {
            assertEquals(threads * perThread, db.numSeries());
            assertEquals(0.0, AgentDbTest.metrics(db).get("prometheus_agent_corruptions_total"));
            Appender app = db.appender();
            app.append(0, Labels.of("__name__", "load", "thread", "t0", "s", "s0"), 1_000_000L + (rounds - 1) * 1000L, 1);
            app.commit(); // the newest replayed timestamp is the last round's: equal is accepted
        }
    }

    @Test
    void appendsWithCachedRefsAllocateNothingPerSample() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int series = 2000;
        Labels[] ls = new Labels[series];
        for (int i = 0; i < series; i++) {
            ls[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
        }
        long[] refs = new long[series];
        try (AgentDb db = AgentDb.open(AgentOptions.defaults(dir), System::currentTimeMillis, false)) {
            long before = 0;
            int measured = 50;
            for (int r = 0; r < 100 + measured; r++) {
                if (r == 100) {
                    before = mx.getCurrentThreadAllocatedBytes();
                }
                Appender app = db.appender();
                for (int i = 0; i < series; i++) {
                    refs[i] = app.append(refs[i], ls[i], 1000L * r, r);
                }
                app.commit();
            }
            double perSample = (double) (mx.getCurrentThreadAllocatedBytes() - before) / (measured * (long) series);
            // One appender object per batch is all that is left; per sample it rounds to zero.
            assertTrue(perSample < 0.1, "bytes allocated per sample: " + perSample);
        }
    }
}
