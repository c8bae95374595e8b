package dev.ignis.api.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One element of {@code remote_write}.
 *
 * @param url the endpoint, non-empty
 * @param remoteTimeout default 30s
 * @param headers extra headers (reserved ones rejected), in config order
 * @param name unique when set, "" otherwise
 * @param sigv4 or null
 */
public record RemoteWriteConfig(String url, Duration remoteTimeout, Map<String, String> headers,
        List<RelabelConfig> writeRelabelConfigs, String name, boolean sendExemplars, boolean sendNativeHistograms,
        HttpClientConfig httpClient, QueueConfig queueConfig, MetadataConfig metadataConfig, SigV4Config sigv4) {
    public RemoteWriteConfig {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        writeRelabelConfigs = List.copyOf(writeRelabelConfigs);
    }
}
