package dev.ignis.api.query;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Per-query options.
 *
 * @param timeout evaluation deadline; {@code null} means the engine's default (--query.timeout)
 * @param stats whether to collect statistics for {@link QueryResult#stats()}
 * @param canceled polled during evaluation; true aborts with {@link ErrorType#CANCELED}
 * @param perStepStats whether the statistics should also count samples per step
 *     ({@code stats=all}); engines honour it only where enabled, as Prometheus does with
 *     {@code --enable-feature=promql-per-step-stats}
 * @since 1.1
 */
public record QueryOptions(Duration timeout, boolean stats, BooleanSupplier canceled, boolean perStepStats) {
    /** Engine defaults, no statistics, never canceled. */
    public static final QueryOptions DEFAULT = new QueryOptions(null, false, () -> false);

    /** Options without per-step statistics. */
    public QueryOptions(Duration timeout, boolean stats, BooleanSupplier canceled) {
        this(timeout, stats, canceled, false);
    }
}
