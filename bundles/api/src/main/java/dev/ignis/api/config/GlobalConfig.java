package dev.ignis.api.config;

import dev.ignis.api.labels.Labels;
import java.time.Duration;

/**
 * The {@code global} section with defaults applied.
 *
 * @param scrapeInterval default 1m
 * @param scrapeTimeout default min(10s, scrapeInterval); never above the interval
 * @param evaluationInterval default 1m
 * @param queryLogFile path resolved against the config directory, or ""
 * @param externalLabels validated names and values
 */
public record GlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval,
        String queryLogFile, Labels externalLabels) {

    /** Prometheus's defaults. */
    public static final GlobalConfig DEFAULT = new GlobalConfig(Duration.ofMinutes(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), "", Labels.EMPTY);
}
