package dev.ignis.tsdb.internal.head;

import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
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
        return head.appender(this);
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
