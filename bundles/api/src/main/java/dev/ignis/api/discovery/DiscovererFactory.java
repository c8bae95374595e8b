package dev.ignis.api.discovery;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.SdConfig;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A whiteboard service that serves one {@code *_sd_configs} key. Register it with the service
 * property {@link #CONFIG_KEY} set to that key (e.g. {@code file_sd_configs}); the discovery
 * manager then starts a {@link Discoverer} for each section of that kind, including sections
 * already in the config when the factory arrives.
 */
@ConsumerType
public interface DiscovererFactory {

    /** Service property: the config key this factory serves. */
    String CONFIG_KEY = "ignis.sd.config.key";

    /**
     * Validates the raw section and makes a discoverer for it (not yet started).
     *
     * @throws ConfigException when the section is invalid; the message names the field
     */
    Discoverer create(SdConfig config) throws ConfigException;
}
