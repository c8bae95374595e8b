package dev.ignis.scrape.internal.append;

/**
 * What one {@link ScrapeAppend#append} did: the counts behind {@code scrape_samples_scraped},
 * {@code scrape_samples_post_metric_relabeling} and {@code scrape_series_added}, the samples
 * the storage rejected without failing the scrape, and the error that failed it, if any.
 * Reused across scrapes by its owner.
 */
public final class AppendResult {
    int total;
    int added;
    int seriesAdded;
    int outOfOrder;
    int duplicates;
    int outOfBounds;
    int exemplarOutOfOrder;
    String error;
    int errorLine;

    void clear() {
        total = 0;
        added = 0;
        seriesAdded = 0;
        outOfOrder = 0;
        duplicates = 0;
        outOfBounds = 0;
        exemplarOutOfOrder = 0;
        error = null;
        errorLine = 0;
    }

    /** Samples in the body (scrape_samples_scraped). */
    public int total() {
        return total;
    }

    /** Samples left after metric relabeling (scrape_samples_post_metric_relabeling). */
    public int added() {
        return added;
    }

    /** Series new to the scrape cache whose sample was stored (scrape_series_added). */
    public int seriesAdded() {
        return seriesAdded;
    }

    /** Samples rejected as out of order (or too old). */
    public int outOfOrder() {
        return outOfOrder;
    }

    /** Samples rejected as duplicates for their timestamp. */
    public int duplicates() {
        return duplicates;
    }

    /** Exemplars rejected as out of order (not newer than their series' newest). */
    public int exemplarOutOfOrder() {
        return exemplarOutOfOrder;
    }

    /** Samples rejected as out of bounds (including too far in the future). */
    public int outOfBounds() {
        return outOfBounds;
    }

    /** Whether the scrape failed; its appender must then be rolled back. */
    public boolean failed() {
        return error != null;
    }

    /** The failure as Prometheus words it (the targets API's lastError), or null. */
    public String error() {
        return error;
    }

    /** For parse errors, the 1-based line of the body; otherwise 0. */
    public int errorLine() {
        return errorLine;
    }
}
