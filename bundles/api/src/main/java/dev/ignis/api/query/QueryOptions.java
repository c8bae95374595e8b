package dev.ignis.api.query;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Per-query options.
 *
 * @param timeout evaluation deadline; {@code null} means the engine's default (--query.timeout)
 * @param stats whether to collect statistics for {@link QueryResult#stats()}
 * @param canceled polled during evaluation; true aborts with {@link ErrorType#CANCELED}
 */
public record QueryOptions(Duration timeout, boolean stats, BooleanSupplier canceled) {
    /** Engine defaults, no statistics, never canceled. */
    public static final QueryOptions DEFAULT = new QueryOptions(null, false, () -> false);
}
