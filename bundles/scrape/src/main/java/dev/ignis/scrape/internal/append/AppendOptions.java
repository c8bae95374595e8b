package dev.ignis.scrape.internal.append;

/**
 * The per-pool settings that shape how a scrape's samples are appended (Prometheus's
 * {@code scrape_config} fields of the same names; 0 means unlimited).
 */
public record AppendOptions(boolean honorLabels, boolean honorTimestamps, int sampleLimit, int labelLimit,
        int labelNameLengthLimit, int labelValueLengthLimit) {

    /** Prometheus's defaults: honor_labels false, honor_timestamps true, no limits. */
    public static final AppendOptions DEFAULT = new AppendOptions(false, true, 0, 0, 0, 0);
}
