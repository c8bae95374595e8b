package dev.ignis.launcher;

import dev.ignis.launcher.Flag.Kind;
import dev.ignis.launcher.Flag.Mode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The server's flags: Prometheus 2.42's names, defaults and mode rules, plus Ignis's
 * {@code --agent}. Parsing is done by picocli (see {@link Main}); this class holds the table and
 * the checks that run once all flags are known.
 */
final class Flags {

    /** Features --enable-feature accepts (Prometheus 2.42's list). */
    static final Set<String> FEATURES = Set.of(
            "agent", "exemplar-storage", "expand-external-labels", "memory-snapshot-on-shutdown",
            "promql-at-modifier", "promql-negative-offset", "promql-per-step-stats", "remote-write-receiver",
            "extra-scrape-metrics", "new-service-discovery-manager", "auto-gomaxprocs",
            "no-default-scrape-port", "native-histograms");

    /** Every flag, in help order. Defaults differ from Debian's build only in paths. */
    static final List<Flag> ALL = List.of(
            f("config.file", "prometheus.yml", Kind.STRING, Mode.ANY, "Prometheus configuration file path."),
            f("web.listen-address", "0.0.0.0:9090", Kind.STRING, Mode.ANY, "Address to listen on for UI, API, and telemetry."),
            f("web.config.file", "", Kind.STRING, Mode.ANY, "[EXPERIMENTAL] Path to configuration file that can enable TLS or authentication."),
            f("web.read-timeout", "5m", Kind.DURATION, Mode.ANY, "Maximum duration before timing out read of the request, and closing idle connections."),
            f("web.max-connections", "512", Kind.INT, Mode.ANY, "Maximum number of simultaneous connections."),
            f("web.external-url", "", Kind.URL, Mode.ANY, "The URL under which the server is externally reachable (for example, behind a reverse proxy)."),
            f("web.route-prefix", "", Kind.STRING, Mode.ANY, "Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url."),
            f("web.user-assets", "", Kind.STRING, Mode.ANY, "Path to user asset directory, available at /user."),
            f("web.enable-lifecycle", "false", Kind.BOOL, Mode.ANY, "Enable shutdown and reload via HTTP request."),
            f("web.enable-admin-api", "false", Kind.BOOL, Mode.ANY, "Enable API endpoints for admin control actions."),
            f("web.enable-remote-write-receiver", "false", Kind.BOOL, Mode.ANY, "Enable API endpoint accepting remote write requests."),
            f("web.console.templates", "consoles", Kind.STRING, Mode.ANY, "Path to the console template directory, available at /consoles."),
            f("web.console.libraries", "console_libraries", Kind.STRING, Mode.ANY, "Path to the console library directory."),
            f("web.page-title", "Prometheus Time Series Collection and Processing Server", Kind.STRING, Mode.ANY, "Document title of the server's pages."),
            f("web.cors.origin", ".*", Kind.STRING, Mode.ANY, "Regex for CORS origin. It is fully anchored."),
            f("storage.tsdb.path", "data/", Kind.STRING, Mode.SERVER, "Base path for metrics storage. Use with server mode only."),
            f("storage.tsdb.retention", "0s", Kind.DURATION, Mode.SERVER, "[DEPRECATED] How long to retain samples in storage. Use \"storage.tsdb.retention.time\" instead."),
            f("storage.tsdb.retention.time", "0s", Kind.DURATION, Mode.SERVER, "How long to retain samples in storage. Defaults to 15d when no retention flag is set. Use with server mode only."),
            f("storage.tsdb.retention.size", "0B", Kind.BYTES, Mode.SERVER, "Maximum number of bytes that can be stored for blocks, e.g. \"512MB\". Use with server mode only."),
            f("storage.tsdb.use-lockfile", "false", Kind.BOOL, Mode.SERVER, "Create a lockfile in data directory. Use with server mode only."),
            f("storage.tsdb.head-chunks-write-queue-size", "0", Kind.INT, Mode.SERVER, "Size of the queue through which head chunks are written to the disk to be m-mapped. Use with server mode only."),
            f("storage.tsdb.min-block-duration", "2h", Kind.DURATION, Mode.SERVER, "Minimum duration of a data block before being persisted. For use in testing."),
            f("storage.tsdb.max-block-duration", "1d12h", Kind.DURATION, Mode.SERVER, "Maximum duration compacted blocks may span. For use in testing."),
            f("storage.tsdb.wal-compression", "true", Kind.BOOL, Mode.SERVER, "Compress the tsdb WAL."),
            f("storage.agent.path", "data-agent/", Kind.STRING, Mode.AGENT, "Base path for metrics storage. Use with agent mode only."),
            f("storage.agent.wal-compression", "true", Kind.BOOL, Mode.AGENT, "Compress the agent WAL. Use with agent mode only."),
            f("storage.agent.retention.min-time", "0s", Kind.DURATION, Mode.AGENT, "Minimum age samples may be before being considered for deletion when the WAL is truncated. Use with agent mode only."),
            f("storage.agent.retention.max-time", "0s", Kind.DURATION, Mode.AGENT, "Maximum age samples may be before being forcibly deleted when the WAL is truncated. Use with agent mode only."),
            f("storage.agent.use-lockfile", "false", Kind.BOOL, Mode.AGENT, "Create a lockfile in data directory. Use with agent mode only."),
            f("storage.remote.flush-deadline", "1m", Kind.DURATION, Mode.ANY, "How long to wait flushing sample on shutdown or config reload."),
            f("storage.remote.read-sample-limit", "50000000", Kind.INT, Mode.SERVER, "Maximum overall number of samples to return via the remote read interface, in a single query. 0 means no limit. Use with server mode only."),
            f("storage.remote.read-concurrent-limit", "10", Kind.INT, Mode.SERVER, "Maximum number of concurrent remote read calls. 0 means no limit. Use with server mode only."),
            f("storage.remote.read-max-bytes-in-frame", "1048576", Kind.INT, Mode.SERVER, "Maximum number of bytes in a single frame for streaming remote read response types. Use with server mode only."),
            f("rules.alert.for-outage-tolerance", "1h", Kind.DURATION, Mode.SERVER, "Max time to tolerate an outage for restoring \"for\" state of alert. Use with server mode only."),
            f("rules.alert.for-grace-period", "10m", Kind.DURATION, Mode.SERVER, "Minimum duration between alert and restored \"for\" state. Use with server mode only."),
            f("rules.alert.resend-delay", "1m", Kind.DURATION, Mode.SERVER, "Minimum amount of time to wait before resending an alert to Alertmanager. Use with server mode only."),
            f("alertmanager.notification-queue-capacity", "10000", Kind.INT, Mode.SERVER, "The capacity of the queue for pending Alertmanager notifications. Use with server mode only."),
            f("query.lookback-delta", "5m", Kind.DURATION, Mode.SERVER, "The maximum lookback duration for retrieving metrics during expression evaluations and federation. Use with server mode only."),
            f("query.timeout", "2m", Kind.DURATION, Mode.SERVER, "Maximum time a query may take before being aborted. Use with server mode only."),
            f("query.max-concurrency", "20", Kind.INT, Mode.SERVER, "Maximum number of queries executed concurrently. Use with server mode only."),
            f("query.max-samples", "50000000", Kind.INT, Mode.SERVER, "Maximum number of samples a single query can load into memory. Use with server mode only."),
            f("enable-feature", "", Kind.LIST, Mode.ANY, "Comma separated feature names to enable. Valid options: " + String.join(", ", new java.util.TreeSet<>(FEATURES)) + "."),
            f("log.level", "info", Kind.ENUM_LOG_LEVEL, Mode.ANY, "Only log messages with the given severity or above. One of: [debug, info, warn, error]"),
            f("log.format", "logfmt", Kind.ENUM_LOG_FORMAT, Mode.ANY, "Output format of log messages. One of: [logfmt, json]"));

    private static Flag f(String name, String def, Kind kind, Mode mode, String help) {
        return new Flag(name, def, kind, mode, help);
    }

    private static final Pattern BYTES = Pattern.compile("0|([0-9]+(EB|PB|TB|GB|MB|KB|B))+");

    private final Map<String, String> given = new LinkedHashMap<>();
    private final Set<String> features = new LinkedHashSet<>();
    private boolean agentFlag;

    /** Records an explicitly given flag value. */
    void set(String name, String value) {
        if (name.equals("enable-feature")) {
            for (String feature : value.split(",")) {
                String f = feature.trim();
                if (!f.isEmpty()) {
                    features.add(f);
                }
            }
            given.put(name, String.join(",", features));
            return;
        }
        given.put(name, value);
    }

    /** Records --agent (the form later Prometheus versions use). */
    void setAgent(boolean agent) {
        agentFlag = agent;
    }

    boolean agentMode() {
        return agentFlag || features.contains("agent");
    }

    Set<String> features() {
        Set<String> all = new LinkedHashSet<>(features);
        if (agentFlag) {
            all.add("agent");
        }
        return all;
    }

    /** The effective value: given, else default. */
    String get(String name) {
        String v = given.get(name);
        if (v != null) {
            return v;
        }
        for (Flag f : ALL) {
            if (f.name().equals(name)) {
                return f.defaultValue();
            }
        }
        throw new IllegalArgumentException("BUG: unknown flag " + name);
    }

    /** All flags with effective values, sorted by name, as /api/v1/status/flags shows them. */
    Map<String, String> effective() {
        Map<String, String> m = new TreeMap<>();
        for (Flag f : ALL) {
            m.put(f.name(), get(f.name()));
        }
        if (m.get("web.route-prefix").isEmpty()) {
            m.put("web.route-prefix", routePrefix());
        }
        if (!given.containsKey("storage.tsdb.max-block-duration")) {
            m.put("storage.tsdb.max-block-duration", Durations.format(defaultMaxBlockDuration()));
        }
        return m;
    }

    /**
     * The max block duration when the flag is not given, as Prometheus's main.go sets it: 10%
     * of the time retention (the new flag, else the deprecated one, else 15d when no size
     * retention is set either), at most 31d.
     */
    long defaultMaxBlockDuration() {
        long retention = Durations.parseMillis(get("storage.tsdb.retention"));
        long newer = Durations.parseMillis(get("storage.tsdb.retention.time"));
        if (newer != 0) {
            retention = newer;
        }
        boolean sizeSet = get("storage.tsdb.retention.size").matches(".*[1-9].*");
        if (retention == 0 && !sizeSet) {
            retention = 15L * 86_400_000L;
        }
        long max = 31L * 86_400_000L;
        return retention != 0 && retention / 10 < max ? retention / 10 : max;
    }

    /** The route prefix: the flag, or the path of --web.external-url, or "/". */
    String routePrefix() {
        String prefix = given.getOrDefault("web.route-prefix", "");
        if (prefix.isEmpty()) {
            String ext = get("web.external-url");
            if (!ext.isEmpty()) {
                prefix = java.net.URI.create(ext).getPath();
            }
        }
        if (prefix == null || prefix.isEmpty()) {
            return "/";
        }
        prefix = "/" + prefix.replaceAll("^/+", "").replaceAll("/+$", "");
        return prefix;
    }

    /**
     * Checks values and the mode rules. Returns the problems in Prometheus's words (empty when
     * all is well).
     */
    List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (Flag f : ALL) {
            String v = given.get(f.name());
            if (v == null) {
                continue;
            }
            String bad = check(f, v);
            if (bad != null) {
                problems.add(bad);
            }
        }
        List<String> wrongMode = new ArrayList<>();
        Mode refused = agentMode() ? Mode.SERVER : Mode.AGENT;
        for (Flag f : ALL) {
            if (f.mode() == refused && given.containsKey(f.name())) {
                wrongMode.add("\"--" + f.name() + "\"");
            }
        }
        if (!wrongMode.isEmpty()) {
            String list = "[" + String.join(" ", wrongMode) + "]";
            problems.add(agentMode()
                    ? "The following flag(s) can not be used in agent mode: " + list
                    : "The following flag(s) can only be used in agent mode: " + list);
        }
        return problems;
    }

    /** Unknown features given to --enable-feature (Prometheus logs and ignores them). */
    List<String> unknownFeatures() {
        List<String> unknown = new ArrayList<>();
        for (String f : features) {
            if (!FEATURES.contains(f)) {
                unknown.add(f);
            }
        }
        return unknown;
    }

    private static String check(Flag f, String v) {
        return switch (f.kind()) {
            case DURATION -> checkDuration(f, v);
            case BYTES -> BYTES.matcher(v).matches()
                    ? null : "invalid value \"" + v + "\" for flag --" + f.name() + ": invalid size";
            case INT -> v.matches("-?[0-9]+|[0-9.]+e[0-9]+")
                    ? null : "invalid value \"" + v + "\" for flag --" + f.name() + ": not a number";
            case BOOL -> v.equals("true") || v.equals("false")
                    ? null : "invalid value \"" + v + "\" for flag --" + f.name() + ": expected true or false";
            case ENUM_LOG_LEVEL -> Set.of("debug", "info", "warn", "error").contains(v)
                    ? null : "enum value must be one of debug,info,warn,error, got '" + v + "'";
            case ENUM_LOG_FORMAT -> Set.of("logfmt", "json").contains(v)
                    ? null : "enum value must be one of logfmt,json, got '" + v + "'";
            case URL -> checkUrl(f, v);
            default -> null;
        };
    }

    private static String checkDuration(Flag f, String v) {
        try {
            Durations.parseMillis(v);
            return null;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return "invalid value \"" + v + "\" for flag --" + f.name() + ": not a valid duration string: \"" + v + "\"";
        }
    }

    private static String checkUrl(Flag f, String v) {
        try {
            java.net.URI u = new java.net.URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                return "invalid value \"" + v + "\" for flag --" + f.name() + ": URL must have a scheme and a host";
            }
            return null;
        } catch (java.net.URISyntaxException e) {
            return "invalid value \"" + v + "\" for flag --" + f.name() + ": " + e.getMessage();
        }
    }
}
