package dev.ignis.api.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One element of {@code remote_read}.
 *
 * @param remoteTimeout default 1m
 * @param requiredMatchers equality matchers a query must have to be sent
 * @param filterExternalLabels default true
 */
public record RemoteReadConfig(String url, Duration remoteTimeout, Map<String, String> headers, boolean readRecent,
        String name, HttpClientConfig httpClient, Map<String, String> requiredMatchers,
        boolean filterExternalLabels) {
    public RemoteReadConfig {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        requiredMatchers = Collections.unmodifiableMap(new LinkedHashMap<>(requiredMatchers));
    }
}
