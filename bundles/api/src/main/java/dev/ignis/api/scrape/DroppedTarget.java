package dev.ignis.api.scrape;

import dev.ignis.api.labels.Labels;

/**
 * A discovered target that relabeling dropped, as {@code /api/v1/targets}' {@code droppedTargets}
 * lists it.
 *
 * @param discoveredLabels its labels before relabeling
 * @param scrapePool the job name
 */
public record DroppedTarget(Labels discoveredLabels, String scrapePool) {
}
