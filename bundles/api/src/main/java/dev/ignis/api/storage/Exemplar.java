package dev.ignis.api.storage;

import dev.ignis.api.labels.Labels;
import java.util.Objects;

/**
 * One stored exemplar: its own labels (e.g. a trace id), value and timestamp (ms).
 *
 * @param hasTimestamp whether the exposition gave the exemplar its own timestamp; without one
 *                     {@code timestamp} is the sample's, and two exemplars with equal labels
 *                     and value then count as the same exemplar (Prometheus's duplicate rule)
 */
public record Exemplar(Labels labels, double value, long timestamp, boolean hasTimestamp) {
    public Exemplar {
        Objects.requireNonNull(labels, "labels");
    }
}
