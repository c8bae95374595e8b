package dev.ignis.api.config;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A successfully parsed configuration as published to bundles.
 *
 * @param config the typed configuration
 * @param file the file it was read from
 * @param yaml the configuration re-rendered as YAML with defaults filled in, as
 *             /api/v1/status/config shows it
 * @param loadedAt when it was loaded
 * @param generation increases by one on every successful load
 */
public record LoadedConfig(PrometheusConfig config, Path file, String yaml, Instant loadedAt, long generation) {
}
