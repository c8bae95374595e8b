package dev.ignis.api.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One raw service-discovery section (an element of a {@code *_sd_configs} list), kept as parsed
 * YAML so that the {@code DiscovererFactory} for its key, possibly a third-party plugin, can
 * validate and interpret it.
 *
 * @param key the config key, e.g. {@code file_sd_configs}
 * @param index position in its list
 * @param raw the section as YAML maps, lists and scalars (String, Long, Double, Boolean, or null
 *            for a YAML null), unmodifiable, maps in config order
 * @param file the config file it came from
 * @param line 1-based line of the section in {@code file}
 * @param baseDir directory against which relative paths in the section resolve
 */
public record SdConfig(String key, int index, Map<String, Object> raw, String file, int line, Path baseDir) {
    public SdConfig {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** A {@link ConfigException} positioned at this section. */
    public ConfigException error(String message) {
        return new ConfigException(file, line, message);
    }
}
