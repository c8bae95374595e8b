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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A steady target costs the append step no allocation per sample: the bytes the appending
 * thread allocates from taking the appender to the commit stay far below one byte per sample
 * (the body, parser, cache and report buffers are reused; what remains is per-scrape
 * bookkeeping). Successful scrapes append on the Jetty thread that completed the exchange,
 * without a hand-off to the worker pool.
 */
@Timeout(60)
class SteadyAllocationTest {
    private static final int SERIES = 5000;

    /**
     * Storage that keeps nothing and hands out stable refs without allocating; counts the bytes
     * each committing thread allocated since it took its appender, and the threads' names.
     */
    private static final class NullStorage implements Appendable {
        private static final com.sun.management.ThreadMXBean MX =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final AtomicInteger commits = new AtomicInteger();
        final AtomicLong appendBytes = new AtomicLong();
        /** Threads (pool names) that committed successful scrapes ({@code up} 1), and how many each. */
        final Map<String, Integer> committers = new ConcurrentHashMap<>();

        @Override
        public Appender appender() {
            long start = MX.getCurrentThreadAllocatedBytes();
            return new Appender() {
                boolean up;

                @Override
                public long append(long ref, Labels labels, long t, double v) {
                    if (v == 1 && "up".equals(labels.get(Labels.METRIC_NAME))) {
                        up = true;
                    }
                    return ref != 0 ? ref : 1 + (labels.hashCode() & 0x7fffffffL);
                }

                @Override
                public void commit() {
                    appendBytes.addAndGet(MX.getCurrentThreadAllocatedBytes() - start);
                    if (up) {
                        committers.merge(Thread.currentThread().getName().replaceAll("-\\d+$", ""), 1, Integer::sum);
                    }
                    commits.incrementAndGet();
                }

                @Override
                public void rollback() {
                }
            };
        }
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
            long b0 = storage.appendBytes.get();
            await(storage, c0 + 20);
            long bytes = storage.appendBytes.get() - b0;
            int scrapes = storage.commits.get() - c0;
            double perSample = (double) bytes / scrapes / SERIES;
            assertTrue(perSample < 0.5, "appending threads allocated " + bytes + " bytes over " + scrapes
                    + " scrapes of " + SERIES + " series: " + perSample + " bytes per sample");
            // A failed scrape appends on the worker, and so does one that Jetty completed inside
            // send on the timer thread, which must not wait for appends.
            Map<String, Integer> threads = storage.committers;
            assertTrue(Set.of("ignis-scrape-http", "ignis-scrape-worker").containsAll(threads.keySet()),
                    "threads that committed scrapes: " + threads);
            assertTrue(threads.getOrDefault("ignis-scrape-http", 0) > threads.getOrDefault("ignis-scrape-worker", 0),
                    "threads that committed scrapes: " + threads);
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
