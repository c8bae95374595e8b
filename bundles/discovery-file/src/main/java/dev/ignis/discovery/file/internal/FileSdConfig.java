package dev.ignis.discovery.file.internal;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.PromDuration;
import dev.ignis.api.config.SdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A validated {@code file_sd_configs} section.
 *
 * @param files path patterns, relative ones resolved against the config's directory; a
 *              pattern may have meta characters only in its last element
 * @param refreshInterval how often all files are re-read; zero means only on change
 *        notifications (Prometheus 2.42 cannot run with zero)
 */
record FileSdConfig(List<String> files, Duration refreshInterval) {
    static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

    /** Prometheus's check on each path: a star only in the last element, a JSON or YAML extension. */
    private static final Pattern VALID_NAME = Pattern.compile("^[^*]*(\\*[^/]*)?\\.(json|yml|yaml|JSON|YML|YAML)$");
    /** Go type named in unknown-field errors. */
    private static final String GO_TYPE = "file.plain";

    FileSdConfig {
        files = List.copyOf(files);
    }

    /**
     * Validates a raw section with Prometheus's messages.
     *
     * @throws ConfigException positioned at the section
     */
    static FileSdConfig parse(SdConfig sd) throws ConfigException {
        for (String key : sd.raw().keySet()) {
            if (!key.equals("files") && !key.equals("refresh_interval")) {
                throw sd.error("field " + key + " not found in type " + GO_TYPE);
            }
        }
        List<String> names = new ArrayList<>();
        Object files = sd.raw().get("files");
        if (files instanceof List<?> list) {
            for (Object o : list) {
                names.add(scalar(sd, o, "string"));
            }
        } else if (files != null) {
            throw sd.error(typeError(files, "[]string"));
        }
        Duration refresh = DEFAULT_REFRESH;
        if (sd.raw().containsKey("refresh_interval")) {
            Object r = sd.raw().get("refresh_interval");
            if (r == null) {
                refresh = Duration.ZERO;
            } else {
                try {
                    refresh = PromDuration.parse(scalar(sd, r, "string"));
                } catch (IllegalArgumentException e) {
                    throw sd.error(e.getMessage());
                }
            }
        }
        if (names.isEmpty()) {
            throw sd.error("file service discovery config must contain at least one path name");
        }
        List<String> resolved = new ArrayList<>(names.size());
        for (String name : names) {
            if (!VALID_NAME.matcher(name).matches()) {
                throw sd.error("path name " + GoQuote.quote(name) + " is not valid for file discovery");
            }
            resolved.add(resolve(sd.baseDir(), name));
        }
        return new FileSdConfig(resolved, refresh);
    }

    /** As Prometheus joins relative paths to the config directory: joined and cleaned; absolute ones untouched. */
    static String resolve(Path baseDir, String name) {
        if (name.startsWith("/") || baseDir == null) {
            return name;
        }
        return baseDir.resolve(name).normalize().toString();
    }

    /** A YAML scalar read into a Go string: numbers and booleans as written, null as "". */
    private static String scalar(SdConfig sd, Object o, String goType) throws ConfigException {
        if (o == null) {
            return "";
        }
        if (o instanceof Map<?, ?> || o instanceof List<?>) {
            throw sd.error(typeError(o, goType));
        }
        return String.valueOf(o);
    }

    /** yaml.v2's wording: {@code cannot unmarshal !!str `x.json` into []string}. */
    static String typeError(Object o, String goType) {
        String tag;
        if (o instanceof Map<?, ?>) {
            tag = "!!map";
        } else if (o instanceof List<?>) {
            tag = "!!seq";
        } else if (o instanceof Boolean) {
            tag = "!!bool";
        } else if (o instanceof Long) {
            tag = "!!int";
        } else if (o instanceof Double) {
            tag = "!!float";
        } else {
            tag = "!!str";
        }
        String value = "";
        if (!(o instanceof Map<?, ?>) && !(o instanceof List<?>)) {
            String v = String.valueOf(o);
            value = v.length() > 10 ? " `" + v.substring(0, 7) + "...`" : " `" + v + "`";
        }
        return "cannot unmarshal " + tag + value + " into " + goType;
    }
}
