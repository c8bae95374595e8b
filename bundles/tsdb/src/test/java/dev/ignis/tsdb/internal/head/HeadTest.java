package dev.ignis.tsdb.internal.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.StorageException;
import dev.ignis.api.storage.StorageException.Kind;
import dev.ignis.tsdb.internal.query.ChunkSeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadTest {

    static final Labels A = Labels.of("__name__", "up", "job", "a");
    static final Labels B = Labels.of("__name__", "up", "job", "b");
    static final long HOUR = 3_600_000L;

    /** A committed series A at t=10h (value 1), then one more append; the expected reject or null. */
    static Stream<Arguments> appendChecks() {
        return Stream.of(
                Arguments.of("newer sample is accepted", A, 10 * HOUR + 1, 2.0, null, 2),
                Arguments.of("older sample is out of order", A, 10 * HOUR - 1, 2.0, Kind.OUT_OF_ORDER, 1),
                Arguments.of("same timestamp other value is a duplicate", A, 10 * HOUR, 2.0, Kind.DUPLICATE_SAMPLE, 1),
                Arguments.of("same timestamp same value is dropped silently", A, 10 * HOUR, 1.0, null, 1),
                Arguments.of("stale marker over a value at same timestamp is a duplicate", A, 10 * HOUR, StaleMarker.VALUE,
                        Kind.DUPLICATE_SAMPLE, 1),
                Arguments.of("stale marker is stored", A, 10 * HOUR + 1, StaleMarker.VALUE, null, 2),
                Arguments.of("new series inside the window", B, 9 * HOUR, 1.0, null, 1),
                Arguments.of("new series exactly at the window edge", B, 9 * HOUR, 1.0, null, 1),
                Arguments.of("new series before the window is out of bounds", B, 9 * HOUR - 1, 1.0, Kind.OUT_OF_BOUNDS, 0),
                Arguments.of("old sample of a known series is out of bounds first", A, 8 * HOUR, 1.0, Kind.OUT_OF_BOUNDS, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("appendChecks")
    void checksEachAppend(String name, Labels labels, long t, double v, Kind expected, int samplesAfter) throws Exception {
        Head head = new Head(HeadOptions.defaults());
        commit(head, A, 10 * HOUR, 1.0);

        Appender app = head.appender();
        if (expected == null) {
            app.append(0, labels, t, v);
        } else {
            StorageException e = assertThrows(StorageException.class, () -> app.append(0, labels, t, v));
            assertEquals(expected, e.kind());
        }
        app.commit();
        assertEquals(samplesAfter, read(head, 0, Long.MAX_VALUE, LabelMatcher.equal("__name__", "up"))
                .getOrDefault(labels.toString(), List.of()).size());
    }

    static Stream<Arguments> inBatchChecks() {
        return Stream.of(
                Arguments.of("increasing in one batch", new long[] {1, 2, 3}, new double[] {1, 2, 3}, null),
                Arguments.of("decreasing in one batch", new long[] {2, 1}, new double[] {1, 2}, Kind.OUT_OF_ORDER),
                Arguments.of("duplicate in one batch", new long[] {2, 2}, new double[] {1, 2}, Kind.DUPLICATE_SAMPLE),
                Arguments.of("identical repeat in one batch", new long[] {2, 2}, new double[] {1, 1}, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inBatchChecks")
    void checksOrderWithinBatch(String name, long[] ts, double[] vs, Kind expected) throws Exception {
        Head head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        long ref = 0;
        for (int i = 0; i < ts.length - 1; i++) {
            ref = app.append(ref, A, ts[i], vs[i]);
        }
        int last = ts.length - 1;
        long r = ref;
        if (expected == null) {
            app.append(r, A, ts[last], vs[last]);
        } else {
            assertEquals(expected, assertThrows(StorageException.class, () -> app.append(r, A, ts[last], vs[last])).kind());
        }
    }

    @Test
    void queryNeverSeesUncommittedOrRolledBackSamples() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        app.append(0, A, 1000, 1);
        app.append(0, B, 1000, 2);
        assertTrue(read(head, 0, 5000, LabelMatcher.equal("__name__", "up")).isEmpty());
        app.commit();
        assertEquals(2, read(head, 0, 5000, LabelMatcher.equal("__name__", "up")).size());

        Appender app2 = head.appender();
        app2.append(0, A, 2000, 1);
        app2.rollback();
        assertEquals(List.of("1000=1.0"), read(head, 0, 5000, LabelMatcher.equal("job", "a")).get(A.toString()));
        assertThrows(IllegalStateException.class, () -> app2.append(0, A, 3000, 1));
    }

    @Test
    void querierSeesTheSameCommitsInAllItsSelects() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        commit(head, A, 1000, 1);
        try (Querier q = head.querier(0, 10_000)) {
            Appender app = head.appender();
            app.append(0, A, 2000, 2);
            app.append(0, B, 2000, 2);
            app.commit();
            SeriesSet ss = q.select(LabelMatcher.equal("__name__", "up"));
            assertTrue(ss.next());
            assertEquals(A, ss.labels());
            SampleIterator it = ss.iterator();
            assertTrue(it.next());
            assertEquals(1000, it.t());
            assertFalse(it.next(), "the commit after the querier started is not visible");
            assertFalse(ss.next(), "nor the series it created");
        }
        assertEquals(2, read(head, 0, 10_000, LabelMatcher.equal("__name__", "up")).size());
    }

    @Test
    void refsAreStableAndCachedRefSkipsLabels() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        long ra = app.append(0, A, 1000, 1);
        long rb = app.append(0, B, 1000, 1);
        app.commit();
        assertNotEquals(0, ra);
        assertNotEquals(ra, rb);
        Appender app2 = head.appender();
        assertEquals(ra, app2.append(ra, null, 2000, 2));
        assertEquals(ra, app2.append(0, A, 3000, 3));
        assertEquals(rb, app2.append(987654, B, 2000, 2), "an unknown ref falls back to the labels");
        app2.commit();
        assertEquals(List.of("1000=1.0", "2000=2.0", "3000=3.0"), read(head, 0, 5000, LabelMatcher.equal("job", "a")).get(A.toString()));
    }

    @Test
    void cutsChunksWhereTheRangeSplitsEvenlyAndAtRangeBoundaries() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        long ref = 0;
        // 300 samples 15 s apart from 0. At 30 samples each chunk predicts its end so that the
        // rest of the 2h range splits evenly (Prometheus 2.42): 0-30 min, 30-60 min, then
        // 60-90 min for the last 60 samples.
        for (int i = 0; i < 300; i++) {
            ref = app.append(ref, A, i * 15_000L, i);
        }
        // After the predicted end of the third chunk, and across the 2h boundary.
        app.append(ref, A, 2 * HOUR - 1, 1);
        app.append(ref, A, 2 * HOUR, 2);
        app.commit();
        assertEquals(5, head.metrics().chunks.get());
        ChunkSeriesSet ss = (ChunkSeriesSet) head.querier(0, Long.MAX_VALUE).select(LabelMatcher.equal("job", "a"));
        assertEquals(5, ss.chunkCount());
        assertEquals(302, read(head, 0, Long.MAX_VALUE, LabelMatcher.equal("job", "a")).get(A.toString()).size());
    }

    @Test
    void iteratesTimeRangeAndSeeks() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        long ref = 0;
        for (int i = 0; i < 500; i++) {
            ref = app.append(ref, A, i * 1000L, i);
        }
        app.commit();
        try (Querier q = head.querier(100_500, 399_000)) {
            SeriesSet ss = q.select(LabelMatcher.equal("job", "a"));
            assertTrue(ss.next());
            SampleIterator it = ss.iterator();
            assertTrue(it.next());
            assertEquals(101_000, it.t());
            assertTrue(it.seek(250_500));
            assertEquals(251_000, it.t());
            assertEquals(251.0, it.v());
            assertTrue(it.seek(10));
            assertEquals(251_000, it.t());
            assertTrue(it.seek(399_000));
            assertFalse(it.next());
            assertFalse(ss.next());
        }
    }

    @Test
    void storesAndReturnsStaleMarkers() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        commit(head, A, 1000, 1.0);
        commit(head, A, 2000, StaleMarker.VALUE);
        try (Querier q = head.querier(0, 5000)) {
            SeriesSet ss = q.select(LabelMatcher.equal("job", "a"));
            assertTrue(ss.next());
            SampleIterator it = ss.iterator();
            assertTrue(it.next());
            assertTrue(it.next());
            assertTrue(StaleMarker.isStale(it.v()));
        }
    }

    @Test
    void concurrentQueriesSeeWholeBatches() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        int nSeries = 50;
        Labels[] ls = new Labels[nSeries];
        for (int i = 0; i < nSeries; i++) {
            ls[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                long[] refs = new long[nSeries];
                for (int t = 1; t <= 400; t++) {
                    Appender app = head.appender();
                    for (int i = 0; i < nSeries; i++) {
                        refs[i] = app.append(refs[i], ls[i], t, t);
                    }
                    app.commit();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            try (Querier q = head.querier(0, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(LabelMatcher.equal("__name__", "m"));
                long expectLast = -1;
                int seen = 0;
                while (ss.next()) {
                    SampleIterator it = ss.iterator();
                    long last = -1;
                    int count = 0;
                    while (it.next()) {
                        last = it.t();
                        count++;
                    }
                    assertEquals(last, count, "samples 1..last, no gaps");
                    if (expectLast < 0) {
                        expectLast = last;
                    }
                    assertEquals(expectLast, last, "every series ends at the same batch");
                    seen++;
                }
                assertTrue(seen == 0 || seen == nSeries);
            }
        }
        writer.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(400L * nSeries, head.metrics().samplesAppended.sum());
    }

    static void commit(Head head, Labels l, long t, double v) throws StorageException {
        Appender app = head.appender();
        app.append(0, l, t, v);
        app.commit();
    }

    /** Series string -> ["t=v", ...]. */
    static Map<String, List<String>> read(Head head, long mint, long maxt, LabelMatcher... ms) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Querier q = head.querier(mint, maxt)) {
            SeriesSet ss = q.select(ms);
            while (ss.next()) {
                List<String> samples = new ArrayList<>();
                SampleIterator it = ss.iterator();
                while (it.next()) {
                    samples.add(it.t() + "=" + it.v());
                }
                out.put(ss.labels().toString(), samples);
            }
        }
        return out;
    }
}
