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
    private Labels exLabels;
    private long exT;
    private long exVBits;

    AgentSeries(long ref, Labels labels, long lastTs) {
        this.ref = ref;
        this.labels = labels;
        this.lastTs = lastTs;
    }

    synchronized long lastTs() {
        return lastTs;
    }

    /**
     * Records the series' latest exemplar; false when it equals the latest one (labels,
     * timestamp and value bits), which Prometheus's agent drops silently.
     */
    synchronized boolean setLatestExemplar(Labels labels, long t, long vBits) {
        if (exLabels != null && exT == t && exVBits == vBits && exLabels.equals(labels)) {
            return false;
        }
        exLabels = labels;
        exT = t;
        exVBits = vBits;
        return true;
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
