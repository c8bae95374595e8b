package dev.ignis.scrape.internal.parse;

/**
 * A metric family type as the parsers report it, spelled as Prometheus's metadata API spells it:
 * the text format's {@code untyped} becomes {@link #UNKNOWN}.
 */
public enum MetricKind {
    COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram"), GAUGEHISTOGRAM("gaugehistogram"),
    SUMMARY("summary"), INFO("info"), STATESET("stateset"), UNKNOWN("unknown");

    private final String text;

    MetricKind(String text) {
        this.text = text;
    }

    /** The spelling used by {@code /api/v1/metadata}. */
    public String text() {
        return text;
    }
}
