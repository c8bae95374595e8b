package dev.ignis.api.config;

import java.time.Duration;
import java.util.List;

/** One element of {@code scrape_configs}. */
public record ScrapeConfig(String jobName, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
        String scheme, List<SdConfig> sdConfigs) {
    public ScrapeConfig {
        sdConfigs = List.copyOf(sdConfigs);
    }
}
