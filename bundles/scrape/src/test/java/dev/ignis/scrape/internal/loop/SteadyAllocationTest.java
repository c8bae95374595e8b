package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A steady target costs the append step no allocation per sample: the bytes the worker threads
 * allocate per scrape stay far below one byte per sample (the body, parser, cache and report
 * buffers are reused; what remains is per-scrape bookkeeping).
 */
@Timeout(60)
class SteadyAllocationTest {
    private static final int SERIES = 5000;

    /** Storage that keeps nothing and hands out stable refs without allocating. */
    private static final class NullStorage implements Appendable {
        final AtomicInteger commits = new AtomicInteger();

        @Override
        public Appender appender() {
            return new Appender() {
                @Override
                public long append(long ref, Labels labels, long t, double v) {
                    return ref != 0 ? ref : 1 + (labels.hashCode() & 0x7fffffffL);
                }

                @Override
                public void commit() {
                    commits.incrementAndGet();
                }

                @Override
                public void rollback() {
                }
            };
        }
    }

    private static long workerBytes() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ignis-scrape-worker")) {
                sum += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return sum;
    }

    @Test
    void steadyScrapesAllocateFarLessThanOneBytePerSample() throws Exception {
        StringBuilder body = new StringBuilder("# HELP m A metric.\n# TYPE m gauge\n");
        for (int i = 0; i < SERIES; i++) {
            body.append("m{idx=\"").append(i).append("\",kind=\"k").append(i % 7).append("\"} ").append(i).append('\n');
        }
        NullStorage storage = new NullStorage();
        FakeDiscovery discovery = new FakeDiscovery();
        ScrapeManager manager = new ScrapeManager(discovery, storage, false, "test.example");
        try (ExpositionServer server = new ExpositionServer()) {
            server.body = body.toString();
            Job job = new Job("j");
            job.interval = Duration.ofMillis(100);
            job.timeout = Duration.ofMillis(100);
            manager.configChanged(Fixture.config(job.build()));
            discovery.push(Map.of("j", Fixture.group(server.address())));
            await(storage, 20); // warm up: caches filled, code compiled
            int c0 = storage.commits.get();
            long b0 = workerBytes();
            await(storage, c0 + 20);
            long bytes = workerBytes() - b0;
            int scrapes = storage.commits.get() - c0;
            double perSample = (double) bytes / scrapes / SERIES;
            assertTrue(perSample < 0.5, "worker threads allocated " + bytes + " bytes over " + scrapes
                    + " scrapes of " + SERIES + " series: " + perSample + " bytes per sample");
        } finally {
            manager.close();
        }
    }

    private static void await(NullStorage s, int commits) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (s.commits.get() < commits) {
            assertTrue(System.nanoTime() < deadline, "only " + s.commits.get() + " scrapes");
            Thread.sleep(10);
        }
    }
}
