package dev.ignis.config.internal;

import dev.ignis.api.config.RuntimeInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@link RuntimeInfo} from the framework properties the launcher sets. Without a launcher
 * (tests, a bare framework) every property falls back to a default: server mode, the flags
 * in {@link #DEFAULT_FLAGS}, no features, start time = activation time.
 */
@Component(service = RuntimeInfo.class)
public final class RuntimeInfoComponent implements RuntimeInfo {
    /** {@code server} or {@code agent}. */
    public static final String MODE = "ignis.mode";
    /** Comma-separated flag names without dashes. */
    public static final String FLAG_NAMES = "ignis.flag.names";
    /** Prefix of one property per flag holding its effective value. */
    public static final String FLAG_PREFIX = "ignis.flag.";
    /** Comma-separated --enable-feature values. */
    public static final String FEATURES = "ignis.features";
    /** Process start, epoch milliseconds. */
    public static final String START_TIME = "ignis.start.time";
    public static final String VERSION = "ignis.version";
    public static final String REVISION = "ignis.revision";

    /** Flags assumed when the launcher set none. */
    static final Map<String, String> DEFAULT_FLAGS = Map.of("config.file", "prometheus.yml",
            "web.listen-address", "0.0.0.0:9090", "storage.tsdb.path", "data/");

    private final boolean agent;
    private final Map<String, String> flags;
    private final Set<String> features;
    private final Instant startTime;
    private final String version;
    private final String revision;
    private final Path workingDirectory;

    @Activate
    public RuntimeInfoComponent(BundleContext context) {
        this(context::getProperty);
    }

    /** @param properties framework property lookup, returning null when unset */
    public RuntimeInfoComponent(Function<String, String> properties) {
        Set<String> feats = new LinkedHashSet<>(split(properties.apply(FEATURES)));
        this.features = Collections.unmodifiableSet(feats);
        String mode = properties.apply(MODE);
        this.agent = (mode != null && mode.trim().equalsIgnoreCase("agent")) || feats.contains("agent");
        String names = properties.apply(FLAG_NAMES);
        Map<String, String> f = new LinkedHashMap<>();
        if (names == null) {
            f.putAll(new TreeMap<>(DEFAULT_FLAGS));
        } else {
            for (String name : split(names)) {
                String v = properties.apply(FLAG_PREFIX + name);
                f.put(name, v == null ? "" : v);
            }
        }
        this.flags = Collections.unmodifiableMap(f);
        this.startTime = parseStart(properties.apply(START_TIME));
        this.version = orDefault(properties.apply(VERSION), "unknown");
        this.revision = orDefault(properties.apply(REVISION), "unknown");
        this.workingDirectory = Path.of("").toAbsolutePath();
    }

    private static Instant parseStart(String s) {
        if (s != null) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                // fall through to the activation time
            }
        }
        return Instant.now();
    }

    private static String orDefault(String v, String d) {
        return v == null || v.isBlank() ? d : v.trim();
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    @Override
    public boolean agentMode() {
        return agent;
    }

    @Override
    public Map<String, String> flags() {
        return flags;
    }

    @Override
    public Set<String> features() {
        return features;
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String revision() {
        return revision;
    }
}
