package dev.ignis.api.config;

import java.util.List;

/**
 * The typed content of prometheus.yml with Prometheus's defaults applied.
 * (Skeleton: completed by the config parser work.)
 */
public record PrometheusConfig(GlobalConfig global, List<String> ruleFiles, List<ScrapeConfig> scrapeConfigs) {
    public PrometheusConfig {
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigs = List.copyOf(scrapeConfigs);
    }
}
