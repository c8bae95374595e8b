package dev.ignis.api.config;

import java.time.Duration;

/** {@code remote_write.metadata_config}. */
public record MetadataConfig(boolean send, Duration sendInterval, int maxSamplesPerSend) {
    /** Prometheus 2.42's defaults. */
    public static final MetadataConfig DEFAULT = new MetadataConfig(true, Duration.ofMinutes(1), 500);
}
