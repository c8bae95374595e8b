package dev.ignis.api.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code tracing} section; {@link #NONE} (empty endpoint) when absent.
 *
 * @param clientType {@code grpc} (default) or {@code http}
 * @param compression "" or {@code gzip}
 * @param timeout zero when unset
 */
public record TracingConfig(String clientType, String endpoint, double samplingFraction, boolean insecure,
        TlsConfig tlsConfig, Map<String, String> headers, String compression, Duration timeout) {
    /** Tracing off. */
    public static final TracingConfig NONE =
            new TracingConfig("grpc", "", 0, false, TlsConfig.DEFAULT, Map.of(), "", Duration.ZERO);

    public TracingConfig {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Whether tracing is configured. */
    public boolean enabled() {
        return !endpoint.isEmpty();
    }
}
