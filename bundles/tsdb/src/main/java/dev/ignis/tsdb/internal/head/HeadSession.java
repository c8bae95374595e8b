package dev.ignis.tsdb.internal.head;

import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An append session (a scrape loop): the series its batches claim stay claimed by the session
 * between batches ({@link MemSeries} owner = {@link #id}), so that its next batch finds them
 * its own with a plain read instead of a compare-and-set per series.
 *
 * <p>While no batch of the session is open its series are not pinned: head truncation may
 * remove them. The two sides order themselves as the appender's pin and truncation's flag do:
 * a batch counts itself {@link #active} before it reads a series' {@code removed} flag, and
 * truncation sets the flag before it reads the count. A closed session leaves the head's
 * registry once no batch of it is open; other batches may then take its series over.
 */
final class HeadSession implements AppendSession {
    private final Head head;
    /** Negative, so never a batch's id. */
    final int id;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closed;
    // The series of the session's last batch, in append order; used by one batch at a time
    // (the active count orders successive batches' accesses).
    private MemSeries[] last = new MemSeries[0];
    private int lastN;
    private int touched;

    HeadSession(Head head, int id) {
        this.head = head;
        this.id = id;
    }

    @Override
    public Appender appender() {
        // Counted first, then the closed flag read: close() does the opposite.
        if (active.incrementAndGet() != 1 || closed) {
            done();
            return head.appender();
        }
        touchLast();
        return head.appender(this);
    }

    /**
     * Loads the series the last batch appended, most of which this one appends again: they lie
     * all over the heap, and one loop of independent loads overlaps their cache misses, where
     * the appends, far apart between parsed lines, would wait for them one at a time.
     */
    private void touchLast() {
        MemSeries[] a = last;
        int sum = 0;
        for (int i = 0, n = lastN; i < n; i++) {
            sum += a[i].touchForAppend();
        }
        touched = sum; // kept, so that the loads are not optimised away
    }

    /** Keeps the series of a batch of the session that ends (not an empty one). */
    void remember(MemSeries[] series, int n) {
        if (n == 0) {
            return;
        }
        if (last.length < n) {
            last = new MemSeries[n];
        } else if (n < lastN) {
            Arrays.fill(last, n, lastN, null);
        }
        System.arraycopy(series, 0, last, 0, n);
        lastN = n;
    }

    /** Whether a batch of the session is open (then its series are pinned). */
    boolean active() {
        return active.get() > 0;
    }

    /** A batch of the session was released (or never opened). */
    void done() {
        if (active.decrementAndGet() == 0 && closed) {
            head.unregister(this);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (active.get() == 0) {
            head.unregister(this);
        }
    }
}
