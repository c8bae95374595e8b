package dev.ignis.tsdb.internal.query;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import java.util.List;

/**
 * A querier that runs {@code release} once after it closes the querier it forwards to: how
 * block gates and head-truncation tracking learn that a reader is done.
 */
public final class ReleasingQuerier implements Querier {
    private final Querier q;
    private final Runnable release;
    private boolean closed;

    public ReleasingQuerier(Querier q, Runnable release) {
        this.q = q;
        this.release = release;
    }

    @Override
    public SeriesSet select(LabelMatcher... matchers) {
        return q.select(matchers);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
        return q.labelNames(matchers);
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
        return q.labelValues(name, matchers);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                q.close();
            } finally {
                release.run();
            }
        }
    }
}
