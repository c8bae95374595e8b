package dev.ignis.api.scrape;

import dev.ignis.api.labels.Labels;
import java.time.Duration;
import java.time.Instant;

/**
 * A snapshot of one scraped target, with the fields of {@code /api/v1/targets}'
 * {@code activeTargets}.
 *
 * @param discoveredLabels the labels discovery reported, before relabeling, {@code __meta_*}
 *                         included
 * @param labels the target's labels as attached to its series (no {@code __} labels)
 * @param scrapePool the job name
 * @param scrapeUrl the URL scraped, as Prometheus prints it; the API's {@code globalUrl} is
 *                  derived from it by the web layer, as Prometheus's API does, since only
 *                  the web layer knows the listen address and external URL
 * @param lastError the last scrape's error as Prometheus words it, "" when it succeeded
 * @param lastScrape when the last scrape started, or null before the first scrape
 * @param lastScrapeDuration how long it took, {@link Duration#ZERO} before the first scrape
 * @param health up, down or unknown (before the first scrape)
 * @param scrapeInterval the target's interval ({@code __scrape_interval__})
 * @param scrapeTimeout the target's timeout ({@code __scrape_timeout__})
 */
public record ActiveTarget(Labels discoveredLabels, Labels labels, String scrapePool, String scrapeUrl,
        String lastError, Instant lastScrape, Duration lastScrapeDuration, TargetHealth health,
        Duration scrapeInterval, Duration scrapeTimeout) {
}
