package dev.ignis.scrape.internal.append;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.StorageException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An appender that records what it is given as text lines, hands out stable refs per label set,
 * and rejects samples whose metric name is listed in {@link #rejects}.
 */
final class RecordingAppender implements Appender {
    final List<String> lines = new ArrayList<>();
    final List<Long> refsSeen = new ArrayList<>();
    final Map<String, StorageException.Kind> rejects = new HashMap<>();
    private final Map<Labels, Long> refs = new HashMap<>();

    @Override
    public long append(long ref, Labels labels, long t, double v) throws StorageException {
        StorageException.Kind k = rejects.get(labels.get(Labels.METRIC_NAME));
        if (k != null) {
            throw k == StorageException.Kind.INTERNAL ? new StorageException(k, "disk on fire", null) : new StorageException(k);
        }
        refsSeen.add(ref);
        lines.add(labels + " " + (StaleMarker.isStale(v) ? "STALE" : Double.toString(v)) + " @" + t);
        return refs.computeIfAbsent(labels, l -> (long) refs.size() + 1);
    }

    /** Exemplar rejects by metric name. */
    final Map<String, StorageException.Kind> exemplarRejects = new HashMap<>();

    @Override
    public long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, boolean hasTimestamp,
            double v) throws StorageException {
        StorageException.Kind k = exemplarRejects.get(seriesLabels.get(Labels.METRIC_NAME));
        if (k != null) {
            throw new StorageException(k);
        }
        lines.add("exemplar " + seriesLabels.get(Labels.METRIC_NAME) + " " + exemplarLabels + " " + v + " @" + t
                + (hasTimestamp ? "" : " (sample time)"));
        return ref;
    }

    @Override
    public void commit() {
    }

    @Override
    public void rollback() {
        lines.add("ROLLBACK");
    }
}
