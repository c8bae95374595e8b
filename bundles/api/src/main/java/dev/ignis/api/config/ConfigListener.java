package dev.ignis.api.config;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that wants the configuration. The {@link ConfigSource} calls it once
 * with the current config as soon as both are present, and again after each successful
 * reload. Calls to one listener never overlap. On a reload, listeners are called one after
 * the other by descending {@code service.ranking} (then in arrival order), so a listener that
 * others depend on (storage, remote write) can rank itself first, as Prometheus orders its
 * reloaders.
 */
@ConsumerType
public interface ConfigListener {

    /**
     * Applies a configuration.
     *
     * @throws ConfigException when this listener cannot apply it (e.g. a rule file is broken);
     *         the reload is then reported as failed, as Prometheus does when one of its
     *         reloaders fails, and the listener should keep running on its previous config
     */
    void configChanged(LoadedConfig config) throws ConfigException;
}
