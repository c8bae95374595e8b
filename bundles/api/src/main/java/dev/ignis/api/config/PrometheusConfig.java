package dev.ignis.api.config;

import java.util.List;

/**
 * The typed content of prometheus.yml with Prometheus's defaults applied and validated.
 * Relative paths are already resolved against the config file's directory.
 *
 * @param ruleFiles rule file paths or globs (glob only in the last element)
 * @param alerting {@link AlertingConfig#EMPTY} when absent
 * @param storage {@link StorageConfig#EMPTY} when absent
 * @param tracing {@link TracingConfig#NONE} when absent
 */
public record PrometheusConfig(GlobalConfig global, List<String> ruleFiles, List<ScrapeConfig> scrapeConfigs,
        AlertingConfig alerting, List<RemoteWriteConfig> remoteWrite, List<RemoteReadConfig> remoteRead,
        StorageConfig storage, TracingConfig tracing) {

    /** What an empty file means. */
    public static final PrometheusConfig DEFAULT = new PrometheusConfig(GlobalConfig.DEFAULT, List.of(), List.of(),
            AlertingConfig.EMPTY, List.of(), List.of(), StorageConfig.EMPTY, TracingConfig.NONE);

    public PrometheusConfig {
        ruleFiles = List.copyOf(ruleFiles);
        scrapeConfigs = List.copyOf(scrapeConfigs);
        remoteWrite = List.copyOf(remoteWrite);
        remoteRead = List.copyOf(remoteRead);
    }

    /** The scrape config of {@code jobName}, or null. */
    public ScrapeConfig scrapeConfig(String jobName) {
        for (ScrapeConfig c : scrapeConfigs) {
            if (c.jobName().equals(jobName)) {
                return c;
            }
        }
        return null;
    }
}
