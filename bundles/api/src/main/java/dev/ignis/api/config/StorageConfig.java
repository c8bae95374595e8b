package dev.ignis.api.config;

import java.time.Duration;

/**
 * The {@code storage} section. Each part is null when absent from the file (Prometheus then
 * uses its defaults, which the accessors below return).
 */
public record StorageConfig(Tsdb tsdb, Exemplars exemplars) {
    /** Nothing configured. */
    public static final StorageConfig EMPTY = new StorageConfig(null, null);
    /** Default {@code max_exemplars} (used with feature exemplar-storage). */
    public static final long DEFAULT_MAX_EXEMPLARS = 100_000;

    /** {@code storage.tsdb}. */
    public record Tsdb(Duration outOfOrderTimeWindow) {
    }

    /** {@code storage.exemplars}. */
    public record Exemplars(long maxExemplars) {
    }

    /** The out-of-order window, zero (off) by default. */
    public Duration outOfOrderTimeWindow() {
        return tsdb == null ? Duration.ZERO : tsdb.outOfOrderTimeWindow();
    }

    /** The exemplar buffer size. */
    public long maxExemplars() {
        return exemplars == null ? DEFAULT_MAX_EXEMPLARS : exemplars.maxExemplars();
    }
}
