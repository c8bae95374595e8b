package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.api.storage.WalReplayProgress;
import dev.ignis.api.storage.WalReplayStatus;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.text.GoDurations;
import dev.ignis.web.internal.text.GoTime;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code /api/v1/status/*}: config, flags, build and runtime information, TSDB, WAL replay. */
public final class StatusEndpoints {

    /** Prometheus's retention when neither time nor size retention is set. */
    static final String DEFAULT_RETENTION = "15d";

    private final ServerState state;
    private final BuildInfo build;
    private final ZoneId zone;

    public StatusEndpoints(ServerState state, BuildInfo build, ZoneId zone) {
        this.state = state;
        this.build = build;
        this.zone = zone;
    }

    /** {@code {"yaml":"..."}}: the running configuration. */
    public ApiResult config(HttpServletRequest req) throws ApiException {
        ConfigSource source = state.configSource();
        if (source == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "configuration not loaded");
        }
        String yaml = source.current().yaml();
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeStringField("yaml", yaml);
            g.writeEndObject();
        });
    }

    /** Every flag with its value, sorted by name as Go's JSON encoder sorts map keys. */
    public ApiResult flags(HttpServletRequest req) {
        Map<String, String> flags = new TreeMap<>(state.runtime().flags());
        return ApiResult.of(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : flags.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** {@code {version, revision, branch, buildUser, buildDate, goVersion}}. */
    public ApiResult buildInfo(HttpServletRequest req) {
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeStringField("version", build.version());
            g.writeStringField("revision", build.revision());
            g.writeStringField("branch", build.branch());
            g.writeStringField("buildUser", build.buildUser());
            g.writeStringField("buildDate", build.buildDate());
            g.writeStringField("goVersion", build.goVersion());
            g.writeEndObject();
        });
    }

    /**
     * Prometheus's runtime info: start time (RFC 3339 with nanoseconds), working directory,
     * config reload state, live threads as goroutines, available processors as GOMAXPROCS.
     */
    public ApiResult runtimeInfo(HttpServletRequest req) {
        RuntimeInfo rt = state.runtime();
        ConfigSource source = state.configSource();
        boolean reloadOk = source != null && source.lastReloadSuccessful();
        Instant lastConfig = source == null ? Instant.EPOCH : source.lastReloadSuccessTime();
        String startTime = GoTime.rfc3339Nano(rt.startTime(), zone);
        // Prometheus keeps the last successful reload as whole Unix seconds.
        String lastConfigTime = GoTime.rfc3339Nano(lastConfig.truncatedTo(ChronoUnit.SECONDS), zone);
        String cwd = rt.workingDirectory().toString();
        int threads = ManagementFactory.getThreadMXBean().getThreadCount();
        int cpus = Runtime.getRuntime().availableProcessors();
        String retention = rt.agentMode() ? "" : storageRetention(rt.flags());
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeStringField("startTime", startTime);
            g.writeStringField("CWD", cwd);
            g.writeBooleanField("reloadConfigSuccess", reloadOk);
            g.writeStringField("lastConfigTime", lastConfigTime);
            g.writeNumberField("corruptionCount", 0);
            g.writeNumberField("goroutineCount", threads);
            g.writeNumberField("GOMAXPROCS", cpus);
            g.writeStringField("GOGC", env("GOGC"));
            g.writeStringField("GODEBUG", env("GODEBUG"));
            g.writeStringField("storageRetention", retention);
            g.writeEndObject();
        });
    }

    /** How many entries each cardinality list of /status/tsdb holds (Prometheus: 10). */
    static final int TSDB_STATS_LIMIT = 10;

    /**
     * Head statistics and the top-10 cardinality lists:
     * {@code {headStats:{numSeries, numLabelPairs, chunkCount, minTime, maxTime},
     * seriesCountByMetricName, labelValueCountByLabelName, memoryInBytesByLabelName,
     * seriesCountByLabelValuePair}}, each list of {@code {name, value}}.
     */
    public ApiResult tsdb(HttpServletRequest req) throws ApiException {
        Storage storage = state.storage();
        if (storage == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "storage not available");
        }
        TsdbStats s = storage.stats(TSDB_STATS_LIMIT);
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("headStats");
            g.writeNumberField("numSeries", s.numSeries());
            g.writeNumberField("numLabelPairs", s.numLabelPairs());
            g.writeNumberField("chunkCount", s.chunkCount());
            g.writeNumberField("minTime", s.minTime());
            g.writeNumberField("maxTime", s.maxTime());
            g.writeEndObject();
            writeStats(g, "seriesCountByMetricName", s.seriesCountByMetricName());
            writeStats(g, "labelValueCountByLabelName", s.labelValueCountByLabelName());
            writeStats(g, "memoryInBytesByLabelName", s.memoryInBytesByLabelName());
            writeStats(g, "seriesCountByLabelValuePair", s.seriesCountByLabelValuePair());
            g.writeEndObject();
        });
    }

    private static void writeStats(JsonGenerator g, String field, List<TsdbStats.Stat> stats)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (int i = 0; i < stats.size(); i++) {
            TsdbStats.Stat st = stats.get(i);
            g.writeStartObject();
            g.writeStringField("name", st.name());
            g.writeNumberField("value", st.value());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * {@code {min, max, current}}: the WAL segments of the storage's replay at start
     * ({@link WalReplayProgress}), answered before the server is ready too, as in 2.42; all zero
     * without a storage that reports it (and in agent mode, where 2.42 reports zeros).
     */
    public ApiResult walReplay(HttpServletRequest req) {
        WalReplayProgress progress = state.walReplay();
        WalReplayStatus s = progress == null ? WalReplayStatus.NONE : progress.status();
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeNumberField("min", s.min());
            g.writeNumberField("max", s.max());
            g.writeNumberField("current", s.current());
            g.writeEndObject();
        });
    }

    /**
     * The effective TSDB retention as Prometheus describes it: {@code 15d}, {@code 1GiB} or
     * {@code 30d or 1GiB}. Time retention comes from {@code storage.tsdb.retention.time},
     * else the deprecated {@code storage.tsdb.retention}; with neither time nor size set the
     * default 15d applies.
     */
    static String storageRetention(Map<String, String> flags) {
        long timeMs = durationFlag(flags.get("storage.tsdb.retention.time"));
        if (timeMs == 0) {
            timeMs = durationFlag(flags.get("storage.tsdb.retention"));
        }
        long bytes = bytesFlag(flags.get("storage.tsdb.retention.size"));
        if (timeMs == 0 && bytes == 0) {
            return DEFAULT_RETENTION;
        }
        StringBuilder sb = new StringBuilder();
        if (timeMs != 0) {
            sb.append(GoDurations.formatDuration(timeMs));
        }
        if (bytes != 0) {
            if (sb.length() > 0) {
                sb.append(" or ");
            }
            sb.append(GoDurations.formatBytes(bytes));
        }
        return sb.toString();
    }

    private static long durationFlag(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return GoDurations.parseDurationMillis(v);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return 0;
        }
    }

    private static long bytesFlag(String v) {
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return GoDurations.parseBytes(v);
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "" : v;
    }
}
