package dev.ignis.api.config;

import dev.ignis.api.labels.Labels;
import java.time.Duration;

/** The {@code global} section. */
public record GlobalConfig(Duration scrapeInterval, Duration scrapeTimeout, Duration evaluationInterval,
        String queryLogFile, Labels externalLabels) {
}
