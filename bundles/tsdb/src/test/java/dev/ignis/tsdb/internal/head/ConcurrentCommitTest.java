package dev.ignis.tsdb.internal.head;

import static dev.ignis.tsdb.internal.head.HeadTest.commit;
import static dev.ignis.tsdb.internal.head.HeadTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StorageException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commits run at the same time (each series locked on its own, as Prometheus does), and a
 * querier still never sees part of a commit, nor a commit newer than it. A commit is stopped in
 * the middle by holding the monitor of one of its series from the test thread.
 */
class ConcurrentCommitTest {

    static final Labels X = series("x");
    static final Labels Y = series("y");
    static final Labels W = series("w");
    static final Labels Z = series("z");

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static Labels series(String name) {
        return Labels.of("__name__", "m", "s", name);
    }

    @Test
    void aCommitFinishesWhileAnotherIsStoppedHalfWay() throws Exception {
        Head head = headWith(X, Y, Z);
        MemSeries x = head.series.getByLabels(X);
        Future<?> a;
        Querier q;
        synchronized (x) {
            // A applies Y, then stops at X.
            a = pool.submit(() -> commitAll(head, 100, Y, X));
            waitBlocked(1);
            // With one exclusive commit lock B would wait for A.
            pool.submit(() -> commitAll(head, 100, Z)).get(10, TimeUnit.SECONDS);
            q = head.querier(0, 1000);
        }
        a.get(10, TimeUnit.SECONDS);
        // Created while A was running: neither A nor B, which finished after a running older
        // commit, is visible to it.
        Map<String, List<String>> seen = select(q);
        q.close();
        for (Labels l : List.of(X, Y, Z)) {
            assertEquals(List.of("10=1.0"), seen.get(l.toString()), l.toString());
        }
        seen = readAll(head);
        for (Labels l : List.of(X, Y, Z)) {
            assertEquals(List.of("10=1.0", "100=1.0"), seen.get(l.toString()), l.toString());
        }
    }

    @Test
    void aQuerierNeverSeesACommitThatReachedASeriesBeforeAnOlderOne() throws Exception {
        Head head = headWith(X, Y, W);
        MemSeries x = head.series.getByLabels(X);
        MemSeries y = head.series.getByLabels(Y);
        Future<?> a;
        Future<?> b;
        Querier q;
        synchronized (y) {
            synchronized (x) {
                // A (the older commit) stops at X before it reaches W.
                a = pool.submit(() -> commitAll(head, 200, X, W));
                waitBlocked(1);
                // B (newer) writes W first, then stops at Y.
                b = pool.submit(() -> commitAll(head, 100, W, Y));
                waitBlocked(2);
            }
            // A writes W after B and finishes; B is still running.
            a.get(10, TimeUnit.SECONDS);
            q = head.querier(0, 1000);
        }
        b.get(10, TimeUnit.SECONDS);
        Map<String, List<String>> seen = select(q);
        q.close();
        assertEquals(List.of("10=1.0", "200=1.0"), seen.get(X.toString()), "A is visible");
        // W holds 10 (old), 100 (B) and 200 (A): cut before B's sample.
        assertEquals(List.of("10=1.0"), seen.get(W.toString()), "W without B's sample or what follows it");
        assertEquals(List.of("10=1.0"), seen.get(Y.toString()), "B is not visible");
        seen = readAll(head);
        assertEquals(List.of("10=1.0", "100=1.0", "200=1.0"), seen.get(W.toString()));
        assertEquals(List.of("10=1.0", "100=1.0"), seen.get(Y.toString()));
    }

    @Test
    void twoBatchesHoldingOneSeriesEachCheckTheirOwnSamplesAndKeepItFromTruncation() throws Exception {
        Head head = headWith(X);
        Appender first = head.appender();
        Appender second = head.appender();
        first.append(0, X, 100, 1);
        // Truncation past X's only committed sample removes series nobody holds: the first
        // batch (X's owner) holds it.
        assertEquals(0, head.truncate(50));
        // The second batch cannot own X: it pins it and indexes its samples of X itself.
        second.append(0, X, 100, 2);
        second.append(0, X, 110, 2);
        StorageException ooo = assertThrows(StorageException.class, () -> second.append(0, X, 105, 2));
        assertEquals(StorageException.Kind.OUT_OF_ORDER, ooo.kind());
        StorageException dup = assertThrows(StorageException.class, () -> first.append(0, X, 100, 3));
        assertEquals(StorageException.Kind.DUPLICATE_SAMPLE, dup.kind());
        first.append(0, X, 100, 1); // the same sample again: accepted, dropped
        first.commit();
        assertEquals(0, head.truncate(50), "held by the second batch");
        second.commit();
        // 100 with another value lost to the first commit; 110 went in.
        assertEquals(List.of("100=1.0", "110=2.0"), readAll(head).get(X.toString()));
        assertEquals(1, head.truncate(1000), "held by nobody");
        assertFalse(head.hasSeriesLabels(X));
    }

    @Test
    void manyThreadsCommitAtOnceAndReadersSeePrefixes() throws Exception {
        int threads = 4;
        int perThread = 50;
        int rounds = 300;
        Head head = new Head(HeadOptions.defaults());
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                int id = w;
                fs.add(writers.submit(() -> {
                    long[] refs = new long[perThread];
                    for (int r = 1; r <= rounds; r++) {
                        Appender app = head.appender();
                        for (int i = 0; i < perThread; i++) {
                            refs[i] = app.append(refs[i], Labels.of("__name__", "m", "w", Integer.toString(id), "i",
                                    Integer.toString(i)), r * 1000L, r);
                        }
                        app.commit();
                    }
                    return null;
                }));
            }
            // Readers meanwhile: each series shows a prefix of its rounds, 1..k without gaps.
            while (!fs.stream().allMatch(Future::isDone)) {
                for (Map.Entry<String, List<String>> e : readAll(head).entrySet()) {
                    List<String> samples = e.getValue();
                    for (int k = 0; k < samples.size(); k++) {
                        assertEquals((k + 1) * 1000L + "=" + (double) (k + 1), samples.get(k), e.getKey());
                    }
                }
            }
            for (Future<?> f : fs) {
                assertNull(f.get());
            }
        } finally {
            writers.shutdownNow();
        }
        assertEquals((long) threads * perThread * rounds, head.metrics().samplesAppended.sum());
    }

    private static Head headWith(Labels... ls) throws Exception {
        Head head = new Head(HeadOptions.defaults());
        for (Labels l : ls) {
            commit(head, l, 10, 1);
        }
        return head;
    }

    private static Void commitAll(Head head, long t, Labels... ls) throws Exception {
        Appender app = head.appender();
        for (Labels l : ls) {
            app.append(0, l, t, 1);
        }
        app.commit();
        return null;
    }

    /** Waits until {@code n} threads of the head's commits are blocked on a series monitor. */
    private static void waitBlocked(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int blocked = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getState() == Thread.State.BLOCKED && t.getName().startsWith("pool-")
                        && isApplying(t.getStackTrace())) {
                    blocked++;
                }
            }
            if (blocked >= n) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("commits did not block on the held series");
    }

    private static boolean isApplying(StackTraceElement[] st) {
        for (StackTraceElement e : st) {
            if (e.getClassName().endsWith("Head$Apply")) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<String>> readAll(Head head) {
        return read(head, 0, Long.MAX_VALUE, LabelMatcher.equal("__name__", "m"));
    }

    private static Map<String, List<String>> select(Querier q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        SeriesSet ss = q.select(LabelMatcher.equal("__name__", "m"));
        while (ss.next()) {
            List<String> samples = new ArrayList<>();
            SampleIterator it = ss.iterator();
            while (it.next()) {
                samples.add(it.t() + "=" + it.v());
            }
            out.put(ss.labels().toString(), samples);
        }
        return out;
    }
}
