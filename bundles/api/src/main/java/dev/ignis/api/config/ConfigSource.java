package dev.ignis.api.config;

import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes the running configuration and reloads it. Registered once the first config file
 * has loaded. Thread-safe; reloads are serialized.
 */
@ProviderType
public interface ConfigSource {

    /** The running configuration. */
    LoadedConfig current();

    /**
     * Re-reads the config file and applies it to every {@link ConfigListener}.
     *
     * @return the new running config
     * @throws ConfigException when the file does not parse or validate (the running config
     *         stays) or a listener rejected it; either way the reload counts as failed
     */
    LoadedConfig reload() throws ConfigException;

    /** Whether the last load or reload succeeded (prometheus_config_last_reload_successful). */
    boolean lastReloadSuccessful();

    /** When the last successful load happened. */
    Instant lastReloadSuccessTime();
}
