package dev.ignis.api.metrics;

/** Metric family types, named as in the text exposition format's TYPE line. */
public enum MetricType {
    COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram"), SUMMARY("summary"), UNTYPED("untyped");

    private final String text;

    MetricType(String text) {
        this.text = text;
    }

    /** The word used in {@code # TYPE} lines. */
    public String text() {
        return text;
    }
}
