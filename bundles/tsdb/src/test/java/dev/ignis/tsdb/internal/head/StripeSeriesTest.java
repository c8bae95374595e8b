package dev.ignis.tsdb.internal.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StripeSeriesTest {

    static final StripeSeries.RefSource NO_REFS = () -> {
        throw new AssertionError("unexpected create");
    };

    static Labels labels(int i) {
        return Labels.of("__name__", "m", "i", Integer.toString(i));
    }

    @Test
    void findsByRefAndLabelsAndForgetsRemoved() {
        StripeSeries ss = new StripeSeries(4);
        AtomicLong next = new AtomicLong();
        List<MemSeries> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(ss.getOrCreate(labels(i), next::incrementAndGet, s -> { }));
        }
        for (int i = 0; i < 1000; i++) {
            MemSeries s = all.get(i);
            assertSame(s, ss.getByRef(s.ref));
            assertSame(s, ss.getByLabels(labels(i)));
        }
        assertNull(ss.getByRef(0));
        assertNull(ss.getByRef(1001));
        for (int i = 0; i < 1000; i += 2) {
            ss.remove(all.get(i));
        }
        Set<MemSeries> seen = new HashSet<>();
        ss.forEach(seen::add);
        assertEquals(500, seen.size());
        for (int i = 0; i < 1000; i++) {
            MemSeries s = all.get(i);
            if (i % 2 == 0) {
                assertNull(ss.getByRef(s.ref));
                assertNull(ss.getByLabels(labels(i)));
                assertTrue(!seen.contains(s));
            } else {
                assertSame(s, ss.getByRef(s.ref));
            }
        }
        // A series added again (WAL replay keeps logged refs) is found after its removal.
        MemSeries again = ss.getOrCreate(labels(0), () -> all.get(0).ref, s -> { });
        assertSame(again, ss.getByRef(all.get(0).ref));
    }

    /**
     * Removals in random order from few stripes (long probe runs in each table): every series
     * left is still found by labels, removed ones are not, and the tables shrink back.
     */
    @Test
    void removalsInAnyOrderKeepTheRestFindableAndShrinkTheTables() {
        for (int stripes : new int[] {1, 4}) {
            StripeSeries ss = new StripeSeries(stripes);
            AtomicLong next = new AtomicLong();
            List<MemSeries> all = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                all.add(ss.getOrCreate(labels(i), next::incrementAndGet, s -> { }));
            }
            int[] slots = ss.hashSlots();
            assertEquals(5000, slots[0]);
            assertTrue(slots[1] <= 5000 * 8 / 3 + 8 * stripes, "slots " + slots[1]);
            List<MemSeries> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(stripes));
            Set<MemSeries> removed = new HashSet<>();
            for (int k = 0; k < shuffled.size(); k++) {
                ss.remove(shuffled.get(k));
                removed.add(shuffled.get(k));
                if (k % 997 == 0 || k > 4900) {
                    for (int i = 0; i < all.size(); i++) {
                        MemSeries s = all.get(i);
                        if (removed.contains(s)) {
                            assertNull(ss.getByLabels(labels(i)), "removed " + i);
                        } else {
                            assertSame(s, ss.getByLabels(labels(i)), "kept " + i + " after " + (k + 1) + " removals");
                        }
                    }
                }
            }
            assertEquals(0, ss.hashSlots()[0]);
            assertTrue(ss.hashSlots()[1] <= 16 * stripes, "slots left " + ss.hashSlots()[1]);
        }
    }

    @Test
    void pagesOfRemovedSeriesAreDroppedAndRefsBeyondThePagesStillWork() {
        StripeSeries ss = new StripeSeries(4);
        AtomicLong next = new AtomicLong();
        int n = 3 * StripeSeries.PAGE;
        List<MemSeries> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(ss.getOrCreate(labels(i), next::incrementAndGet, s -> { }));
        }
        // Refs 1..3*PAGE span pages 0..3.
        assertEquals(4, ss.pagesInUse());
        for (int i = 0; i < n; i++) {
            if (all.get(i).ref / StripeSeries.PAGE != 1) {
                continue;
            }
            ss.remove(all.get(i));
        }
        assertEquals(3, ss.pagesInUse());
        for (MemSeries s : all) {
            if (s.ref / StripeSeries.PAGE == 1) {
                assertNull(ss.getByRef(s.ref));
            } else {
                assertSame(s, ss.getByRef(s.ref));
            }
        }
        long far = StripeSeries.MAX_PAGED_REF + 5;
        MemSeries f = ss.getOrCreate(labels(-1), () -> far, s -> { });
        MemSeries big = ss.getOrCreate(labels(-2), () -> StripeSeries.MAX_PAGED_REF, s -> { });
        assertSame(f, ss.getByRef(far));
        assertSame(big, ss.getByRef(StripeSeries.MAX_PAGED_REF));
        assertNull(ss.getByRef(far + 1));
        assertNull(ss.getByRef(-1));
        Set<MemSeries> seen = new HashSet<>();
        ss.forEach(seen::add);
        assertTrue(seen.contains(f) && seen.contains(big));
        assertEquals(n - StripeSeries.PAGE + 2, seen.size());
        ss.remove(f);
        ss.remove(big);
        assertNull(ss.getByRef(far));
        assertNull(ss.getByRef(StripeSeries.MAX_PAGED_REF));
    }

    @Test
    void byRefReadTakesNoLockWhileAWriterHoldsTheStripe() throws Exception {
        StripeSeries ss = new StripeSeries(1);
        MemSeries a = ss.getOrCreate(labels(1), () -> 1, s -> { });
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<MemSeries> found = new AtomicReference<>();
            ss.holdingRefLock(() -> {
                try {
                    found.set(ex.submit(() -> ss.getByRef(1)).get(10, TimeUnit.SECONDS));
                } catch (Exception e) {
                    throw new AssertionError("getByRef blocked behind a writer", e);
                }
            });
            assertSame(a, found.get());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void lockFreeReadersAlwaysFindLiveSeriesWhileTablesChange() throws Exception {
        StripeSeries ss = new StripeSeries(2);
        AtomicLong next = new AtomicLong();
        int stable = 200;
        MemSeries[] kept = new MemSeries[stable];
        for (int i = 0; i < stable; i++) {
            kept[i] = ss.getOrCreate(labels(i), next::incrementAndGet, s -> { });
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                while (!stop.get()) {
                    for (MemSeries s : kept) {
                        if (ss.getByRef(s.ref) != s) {
                            failure.compareAndSet(null, "lost series " + s.ref);
                        }
                    }
                }
            });
            readers[r].start();
        }
        try {
            // Churn: creates and removes add and drop pages and grow the page table (past
            // 16 pages of 4096 refs).
            for (int round = 0; round < 100 && failure.get() == null; round++) {
                List<MemSeries> tmp = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    tmp.add(ss.getOrCreate(labels(100_000 + round * 1000 + i), next::incrementAndGet, s -> { }));
                }
                for (MemSeries s : tmp) {
                    assertSame(s, ss.getByRef(s.ref));
                    ss.remove(s);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }
        assertNull(failure.get());
    }

    @Test
    void appendsWithCachedRefsFromManyThreadsNeverLookUpLabels() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        int threads = 4;
        int n = 1000;
        long[][] refs = new long[threads][n];
        Labels[][] ls = new Labels[threads][n];
        for (int th = 0; th < threads; th++) {
            for (int i = 0; i < n; i++) {
                ls[th][i] = Labels.of("__name__", "m", "target", Integer.toString(th), "i", Integer.toString(i));
            }
        }
        long t0 = 1_700_000_000_000L;
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            // First scrape of each target: series are created by labels.
            runAll(ex, threads, th -> scrape(head, refs[th], ls[th], t0));
            long before = head.series.labelLookups();
            // Steady state: refs are cached, and are the same the head hands back.
            for (int k = 1; k <= 20; k++) {
                long t = t0 + k * 1000L;
                runAll(ex, threads, th -> {
                    long[] old = refs[th].clone();
                    scrape(head, refs[th], ls[th], t);
                    for (int i = 0; i < n; i++) {
                        assertEquals(old[i], refs[th][i]);
                    }
                });
            }
            assertEquals(before, head.series.labelLookups(), "label lookups with cached refs");
            assertEquals(threads * n, head.numSeries());
            assertEquals(threads * n * 21L, head.metrics().samplesAppended.sum());
        } finally {
            ex.shutdownNow();
        }
    }

    interface Task {
        void run(int thread) throws Exception;
    }

    static void runAll(ExecutorService ex, int threads, Task task) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (int th = 0; th < threads; th++) {
            int id = th;
            fs.add(ex.submit(() -> {
                task.run(id);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(30, TimeUnit.SECONDS);
        }
    }

    static void scrape(Head head, long[] refs, Labels[] ls, long t) throws Exception {
        Appender app = head.appender();
        for (int i = 0; i < refs.length; i++) {
            refs[i] = app.append(refs[i], ls[i], t, i);
        }
        app.commit();
    }
}
