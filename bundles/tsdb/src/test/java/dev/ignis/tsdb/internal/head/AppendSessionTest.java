package dev.ignis.tsdb.internal.head;

import static dev.ignis.tsdb.internal.head.HeadTest.commit;
import static dev.ignis.tsdb.internal.head.HeadTest.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Append sessions (a scrape loop's): the series a session's batch claims stay the session's
 * between batches, yet each batch checks order against its own samples, head truncation
 * removes them only while no batch of the session is open, other appenders to the same series
 * pin them, and a closed session's series are taken over by the next claimant.
 */
class AppendSessionTest {

    static final Labels X = Labels.of("__name__", "m", "s", "x");
    static final Labels Y = Labels.of("__name__", "m", "s", "y");

    @Test
    void eachBatchChecksOrderAgainstItsOwnSamplesNotAnIndexLeftByTheLastOne() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        AppendSession session = head.session();
        Appender a = session.appender();
        long x = a.append(0, X, 100, 1); // X at index 0 of this batch
        a.commit();
        Appender b = session.appender();
        b.append(0, Y, 300, 1); // Y at index 0: X's index from the last batch now points at Y
        b.append(x, X, 200, 2); // checked against X's committed 100, not Y's 300
        StorageException ooo = assertThrows(StorageException.class, () -> b.append(x, X, 150, 2));
        assertEquals(StorageException.Kind.OUT_OF_ORDER, ooo.kind());
        StorageException dup = assertThrows(StorageException.class, () -> b.append(x, X, 200, 3));
        assertEquals(StorageException.Kind.DUPLICATE_SAMPLE, dup.kind());
        b.append(x, X, 200, 2); // the same sample again: dropped
        b.commit();
        Map<String, List<String>> seen = all(head);
        assertEquals(List.of("100=1.0", "200=2.0"), seen.get(X.toString()));
        assertEquals(List.of("300=1.0"), seen.get(Y.toString()));
        assertEquals(3, head.metrics().samplesAppended.sum());
    }

    @Test
    void truncationRemovesAnIdleSessionsSeriesButNotThoseOfItsOpenBatch() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        AppendSession session = head.session();
        Appender a = session.appender();
        long x = a.append(0, X, 100, 1);
        a.append(0, Y, 100, 1);
        a.commit();
        assertEquals(session, idOwner(head, X, session));
        // A batch of the session holds X's next sample: X and Y are kept, though both are
        // empty after the truncation and Y has no sample in the batch yet.
        Appender b = session.appender();
        b.append(x, X, 200, 2);
        assertEquals(0, head.truncate(150));
        b.commit();
        assertEquals(List.of("200=2.0"), all(head).get(X.toString()));
        // No batch open: the session's series are not pinned.
        assertEquals(1, head.truncate(150), "Y, empty and idle");
        assertFalse(head.hasSeriesLabels(Y));
        assertEquals(1, head.truncate(250), "X, empty and idle");
        assertFalse(head.hasSeriesLabels(X));
        // The session's next batch gets a new series for the stale ref.
        Appender c = session.appender();
        long x2 = c.append(x, X, 300, 3);
        c.commit();
        assertNotEquals(x, x2);
        assertEquals(List.of("300=3.0"), all(head).get(X.toString()));
    }

    @Test
    void otherAppendersPinASessionsSeriesAndAClosedSessionsSeriesAreTakenOver() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        AppendSession first = head.session();
        Appender a = first.appender();
        long x = a.append(0, X, 100, 1);
        a.commit();
        // A plain batch (a rule, a second target with the same labels) cannot own X.
        Appender plain = head.appender();
        plain.append(x, X, 200, 2);
        plain.append(x, X, 210, 2);
        StorageException ooo = assertThrows(StorageException.class, () -> plain.append(x, X, 205, 2));
        assertEquals(StorageException.Kind.OUT_OF_ORDER, ooo.kind());
        assertEquals(first, idOwner(head, X, first));
        assertEquals(0, head.truncate(150), "pinned by the plain batch");
        plain.commit();
        // A second open session cannot take X either: it pins it too.
        AppendSession second = head.session();
        Appender b = second.appender();
        b.append(x, X, 300, 3);
        assertEquals(first, idOwner(head, X, first));
        b.commit();
        // Once the first is closed, the next batch that appends X owns it.
        first.close();
        Appender c = second.appender();
        c.append(x, X, 400, 4);
        c.commit();
        assertEquals(second, idOwner(head, X, second));
        // Appenders of a closed session are plain ones.
        second.close();
        Appender d = second.appender();
        d.append(x, X, 500, 5);
        d.commit();
        assertEquals(0, head.series.getByLabels(X).owner());
        assertEquals(List.of("200=2.0", "210=2.0", "300=3.0", "400=4.0", "500=5.0"), all(head).get(X.toString()));
    }

    @Test
    void aSecondBatchOpenInTheSameSessionIsAPlainOne() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        commit(head, X, 100, 1);
        AppendSession session = head.session();
        Appender a = session.appender();
        Appender b = session.appender();
        b.append(0, X, 200, 2);
        assertEquals(0, head.series.getByLabels(X).owner() < 0 ? 1 : 0, "b claims as a batch, not as the session");
        b.commit();
        a.append(0, X, 300, 3);
        a.commit();
        assertTrue(head.series.getByLabels(X).owner() < 0);
        assertEquals(List.of("100=1.0", "200=2.0", "300=3.0"), all(head).get(X.toString()));
    }

    /**
     * A session appends the same series round after round (a scrape loop), a plain appender
     * appends the same samples to half of them (another target with the same labels), and
     * truncation runs all the time at the last round's time: every series must show each round
     * once both committed it, however the truncation fell between them.
     */
    @Test
    void noRoundIsLostToTruncationWithASessionAndAPlainAppenderOnTheSameSeries() throws Exception {
        int n = 400;
        int rounds = 300;
        Head head = new Head(HeadOptions.defaults());
        Labels[] ls = new Labels[n];
        for (int i = 0; i < n; i++) {
            ls[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
        }
        AtomicLong done = new AtomicLong(); // last round both committed
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> truncator = pool.submit(() -> {
                while (!stop.get()) {
                    head.truncate(done.get() * 10 + 1);
                }
                return null;
            });
            Future<?> other = null;
            long[] refs = new long[n];
            long[] otherRefs = new long[n];
            try (AppendSession session = head.session()) {
                for (int r = 1; r <= rounds; r++) {
                    long t = r * 10L;
                    double v = r;
                    other = pool.submit(() -> {
                        Appender p = head.appender();
                        for (int i = 0; i < n; i += 2) {
                            otherRefs[i] = p.append(otherRefs[i], ls[i], t, v);
                        }
                        p.commit();
                        return null;
                    });
                    Appender app = session.appender();
                    for (int i = 0; i < n; i++) {
                        refs[i] = app.append(refs[i], ls[i], t, v);
                    }
                    app.commit();
                    other.get(10, TimeUnit.SECONDS);
                    Map<String, List<String>> seen = read(head, t, t, LabelMatcher.equal("__name__", "m"));
                    List<String> missing = new ArrayList<>();
                    for (Labels l : ls) {
                        List<String> s = seen.get(l.toString());
                        if (s == null || !s.equals(List.of(t + "=" + v))) {
                            missing.add(l + " " + s);
                        }
                    }
                    assertEquals(0, missing.size(), "round " + r + ": " + missing.size() + " series wrong, first "
                            + missing.subList(0, Math.min(3, missing.size())));
                    done.set(r);
                }
            } finally {
                stop.set(true);
            }
            truncator.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(head.metrics().seriesRemoved.sum() > 0, "truncation removed series between rounds");
    }

    private static Map<String, List<String>> all(Head head) {
        return read(head, 0, Long.MAX_VALUE, LabelMatcher.equal("__name__", "m"));
    }

    /** {@code expected} when the series is owned by that session, else a description of its owner. */
    private static Object idOwner(Head head, Labels l, AppendSession expected) {
        int o = head.series.getByLabels(l).owner();
        return o == ((HeadSession) expected).id ? expected : "owner " + o;
    }
}
