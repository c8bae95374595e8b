package dev.ignis.scrape.internal.loop;

import dev.ignis.api.labels.Labels;

/**
 * A target to scrape, identified as Prometheus identifies it across syncs: by its labels
 * (those steering the scrape included) and its URL.
 *
 * @param pool the job name
 * @param labels the labels after target relabeling, {@code __address__} and friends included
 * @param publicLabels the labels attached to its series (no {@code __} labels)
 * @param url the scrape URL
 * @param intervalMs {@code __scrape_interval__}
 * @param timeoutMs {@code __scrape_timeout__}
 */
record ScrapeTarget(String pool, Labels labels, Labels publicLabels, String url, long intervalMs, long timeoutMs) {

    /** The identity of the target within its pool. */
    record Key(Labels labels, String url) {
    }

    Key key() {
        return new Key(labels, url);
    }
}
