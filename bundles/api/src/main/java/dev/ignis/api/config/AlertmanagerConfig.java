package dev.ignis.api.config;

import dev.ignis.api.discovery.TargetGroup;
import java.time.Duration;
import java.util.List;

/**
 * One element of {@code alerting.alertmanagers}.
 *
 * @param scheme default {@code http}
 * @param pathPrefix "" when unset
 * @param timeout default 10s
 * @param apiVersion {@code v2} (default) or {@code v1}
 * @param staticConfigs as in {@link ScrapeConfig#staticConfigs()}
 * @param sdConfigs raw discovery sections
 */
public record AlertmanagerConfig(HttpClientConfig httpClient, String scheme, String pathPrefix, Duration timeout,
        String apiVersion, List<RelabelConfig> relabelConfigs, List<TargetGroup> staticConfigs,
        List<SdConfig> sdConfigs) {
    public AlertmanagerConfig {
        relabelConfigs = List.copyOf(relabelConfigs);
        staticConfigs = List.copyOf(staticConfigs);
        sdConfigs = List.copyOf(sdConfigs);
    }
}
