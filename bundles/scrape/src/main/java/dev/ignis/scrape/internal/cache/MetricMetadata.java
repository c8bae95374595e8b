package dev.ignis.scrape.internal.cache;

/**
 * HELP, TYPE and UNIT of one metric family as a target exposed them, spelled as
 * {@code /api/v1/targets/metadata} reports them (type "unknown" when not declared).
 */
public record MetricMetadata(String metric, String type, String help, String unit) {
}
