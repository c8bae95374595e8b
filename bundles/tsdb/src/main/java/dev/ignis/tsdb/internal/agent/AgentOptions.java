package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.config.PromDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Settings of the agent's WAL storage, validated as Prometheus 2.42's agent does: a zero or
 * negative minimum WAL time becomes 5m, maximum 4h, the maximum is raised to the minimum and
 * to the truncation period.
 *
 * @param dir               the {@code --storage.agent.path} directory; the WAL is its {@code wal/}
 * @param walSegmentSize    WAL segment size in bytes (128 MiB)
 * @param walCompression    snappy-compress records ({@code --storage.agent.wal-compression})
 * @param truncateFrequency time between WAL truncations (2h; configurable for tests only)
 * @param minWalTimeMs      {@code --storage.agent.retention.min-time} in milliseconds
 * @param maxWalTimeMs      {@code --storage.agent.retention.max-time} in milliseconds
 * @param useLockfile       hold {@code <dir>/lock} while open ({@code --storage.agent.use-lockfile})
 */
public record AgentOptions(Path dir, int walSegmentSize, boolean walCompression, Duration truncateFrequency,
        long minWalTimeMs, long maxWalTimeMs, boolean useLockfile) {

    public static final String PATH_PROPERTY = "ignis.flag.storage.agent.path";
    public static final String WAL_COMPRESSION_PROPERTY = "ignis.flag.storage.agent.wal-compression";
    public static final String MIN_TIME_PROPERTY = "ignis.flag.storage.agent.retention.min-time";
    public static final String MAX_TIME_PROPERTY = "ignis.flag.storage.agent.retention.max-time";
    public static final String LOCKFILE_PROPERTY = "ignis.flag.storage.agent.use-lockfile";
    /** Not a Prometheus flag: the truncation period, for tests of a running agent. */
    public static final String TRUNCATE_FREQUENCY_PROPERTY = "ignis.agent.truncate-frequency";

    public static final int DEFAULT_WAL_SEGMENT_SIZE = 128 * 1024 * 1024;
    public static final Duration DEFAULT_TRUNCATE_FREQUENCY = Duration.ofHours(2);
    public static final long DEFAULT_MIN_WAL_TIME_MS = Duration.ofMinutes(5).toMillis();
    public static final long DEFAULT_MAX_WAL_TIME_MS = Duration.ofHours(4).toMillis();

    public AgentOptions {
        if (walSegmentSize < 32 * 1024 || walSegmentSize % (32 * 1024) != 0) {
            throw new IllegalArgumentException("WAL segment size must be a multiple of 32 KiB: " + walSegmentSize);
        }
        if (truncateFrequency == null || truncateFrequency.isNegative() || truncateFrequency.isZero()) {
            truncateFrequency = DEFAULT_TRUNCATE_FREQUENCY;
        }
        if (minWalTimeMs <= 0) {
            minWalTimeMs = DEFAULT_MIN_WAL_TIME_MS;
        }
        if (maxWalTimeMs <= 0) {
            maxWalTimeMs = DEFAULT_MAX_WAL_TIME_MS;
        }
        maxWalTimeMs = Math.max(maxWalTimeMs, Math.max(minWalTimeMs, truncateFrequency.toMillis()));
    }

    /** Prometheus's defaults with the flags' defaults (compression on, no lock file). */
    public static AgentOptions defaults(Path dir) {
        return new AgentOptions(dir, DEFAULT_WAL_SEGMENT_SIZE, true, DEFAULT_TRUNCATE_FREQUENCY, 0, 0, false);
    }

    /** Options from framework properties (null for unset). */
    public static AgentOptions fromProperties(Function<String, String> props) {
        String path = props.apply(PATH_PROPERTY);
        AgentOptions d = defaults(Path.of(blank(path) ? "data-agent/" : path.trim()));
        String comp = props.apply(WAL_COMPRESSION_PROPERTY);
        String lock = props.apply(LOCKFILE_PROPERTY);
        String freq = props.apply(TRUNCATE_FREQUENCY_PROPERTY);
        return new AgentOptions(d.dir(), d.walSegmentSize(),
                blank(comp) ? d.walCompression() : Boolean.parseBoolean(comp.trim()),
                blank(freq) ? d.truncateFrequency() : PromDuration.parse(freq.trim()),
                millis(props.apply(MIN_TIME_PROPERTY)), millis(props.apply(MAX_TIME_PROPERTY)),
                !blank(lock) && Boolean.parseBoolean(lock.trim()));
    }

    public AgentOptions withWalSegmentSize(int size) {
        return new AgentOptions(dir, size, walCompression, truncateFrequency, minWalTimeMs, maxWalTimeMs, useLockfile);
    }

    public AgentOptions withWalCompression(boolean on) {
        return new AgentOptions(dir, walSegmentSize, on, truncateFrequency, minWalTimeMs, maxWalTimeMs, useLockfile);
    }

    public AgentOptions withRetention(long minMs, long maxMs) {
        return new AgentOptions(dir, walSegmentSize, walCompression, truncateFrequency, minMs, maxMs, useLockfile);
    }

    public AgentOptions withTruncateFrequency(Duration d) {
        return new AgentOptions(dir, walSegmentSize, walCompression, d, minWalTimeMs, maxWalTimeMs, useLockfile);
    }

    public AgentOptions withLockfile(boolean on) {
        return new AgentOptions(dir, walSegmentSize, walCompression, truncateFrequency, minWalTimeMs, maxWalTimeMs, on);
    }

    /** The WAL directory, {@code <dir>/wal}, where remote write expects it. */
    public Path walDir() {
        return dir.resolve("wal");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static long millis(String s) {
        return blank(s) ? 0 : PromDuration.parse(s.trim()).toMillis();
    }
}
