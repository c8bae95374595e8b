package dev.ignis.api.config;

import java.time.Duration;

/** {@code remote_write.queue_config}. */
public record QueueConfig(int capacity, int maxShards, int minShards, int maxSamplesPerSend,
        Duration batchSendDeadline, Duration minBackoff, Duration maxBackoff, boolean retryOnRateLimit) {
    /** Prometheus 2.42's defaults. */
    public static final QueueConfig DEFAULT = new QueueConfig(2500, 200, 1, 500, Duration.ofSeconds(5),
            Duration.ofMillis(30), Duration.ofSeconds(5), false);
}
