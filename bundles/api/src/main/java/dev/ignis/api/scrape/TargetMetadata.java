package dev.ignis.api.scrape;

import dev.ignis.api.labels.Labels;

/**
 * The metadata of one metric family as one target exposed it: an element of
 * {@code /api/v1/targets/metadata}, and the raw material of {@code /api/v1/metadata}.
 *
 * @param target the target's labels (as in {@link ActiveTarget#labels()})
 * @param metric the family name
 * @param type {@code counter}, {@code gauge}, {@code histogram}, {@code gaugehistogram},
 *             {@code summary}, {@code info}, {@code stateset} or {@code unknown}
 * @param help the HELP text, "" when none
 * @param unit the UNIT (OpenMetrics only), "" when none
 */
public record TargetMetadata(Labels target, String metric, String type, String help, String unit) {
}
