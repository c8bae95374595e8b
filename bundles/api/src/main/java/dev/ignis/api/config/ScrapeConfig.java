package dev.ignis.api.config;

import dev.ignis.api.discovery.TargetGroup;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of {@code scrape_configs}, with global and Prometheus defaults applied.
 *
 * @param jobName unique, non-empty
 * @param honorLabels default false
 * @param honorTimestamps default true
 * @param params URL parameters, in config order
 * @param scrapeInterval from global when unset
 * @param scrapeTimeout from global when unset, capped at the interval
 * @param metricsPath default {@code /metrics}
 * @param scheme default {@code http}
 * @param bodySizeLimit bytes, 0 = unlimited
 * @param sampleLimit 0 = unlimited (likewise the other limits)
 * @param httpClient the inlined HTTP client options
 * @param relabelConfigs target relabeling
 * @param metricRelabelConfigs sample relabeling
 * @param staticConfigs {@code static_configs}, one group per element, source = its index;
 *        each target holds {@code __address__}
 * @param sdConfigs every other {@code *_sd_configs} section, raw, in config order
 */
public record ScrapeConfig(String jobName, boolean honorLabels, boolean honorTimestamps,
        Map<String, List<String>> params, Duration scrapeInterval, Duration scrapeTimeout, String metricsPath,
        String scheme, long bodySizeLimit, long sampleLimit, long targetLimit, long labelLimit,
        long labelNameLengthLimit, long labelValueLengthLimit, HttpClientConfig httpClient,
        List<RelabelConfig> relabelConfigs, List<RelabelConfig> metricRelabelConfigs,
        List<TargetGroup> staticConfigs, List<SdConfig> sdConfigs) {
    public ScrapeConfig {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        relabelConfigs = List.copyOf(relabelConfigs);
        metricRelabelConfigs = List.copyOf(metricRelabelConfigs);
        staticConfigs = List.copyOf(staticConfigs);
        sdConfigs = List.copyOf(sdConfigs);
    }
}
