package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;

/**
 * One series the agent tracks: its WAL ref, its labels and the newest committed timestamp,
 * which is all the agent keeps in memory. Thread-safe.
 */
final class AgentSeries {

    final long ref;
    final Labels labels;
    private long lastTs;

    AgentSeries(long ref, Labels labels, long lastTs) {
        this.ref = ref;
        this.labels = labels;
        this.lastTs = lastTs;
    }

    synchronized long lastTs() {
        return lastTs;
    }

    /** Raises the newest timestamp to {@code t}; false when {@code t} is older. */
    synchronized boolean updateTimestamp(long t) {
        if (t < lastTs) {
            return false;
        }
        lastTs = t;
        return true;
    }
}
