package dev.ignis.promql.internal.engine;

/**
 * Engine settings, Prometheus's query flags.
 *
 * @param lookbackMs --query.lookback-delta
 * @param subqueryStepMs the step of subqueries written without one (Prometheus: the global
 *     evaluation interval)
 * @param timeoutMs --query.timeout, unless a query's options say otherwise
 * @param maxSamples --query.max-samples: samples a query may hold in memory at once
 * @param maxConcurrency --query.max-concurrency: queries evaluated at once; others wait,
 *     the wait counting against their timeout
 * @param perStepStats {@code --enable-feature=promql-per-step-stats}: statistics may count
 *     samples per step
 */
public record Settings(long lookbackMs, long subqueryStepMs, long timeoutMs, long maxSamples, int maxConcurrency,
        boolean perStepStats) {

    /** Prometheus 2.42's defaults: 5m, 1m, 2m, 50 000 000, 20. */
    public static Settings defaults() {
        return new Settings(5 * 60_000, 60_000, 2 * 60_000, 50_000_000, 20, false);
    }

    public Settings withLookbackMs(long v) {
        return new Settings(v, subqueryStepMs, timeoutMs, maxSamples, maxConcurrency, perStepStats);
    }

    public Settings withSubqueryStepMs(long v) {
        return new Settings(lookbackMs, v, timeoutMs, maxSamples, maxConcurrency, perStepStats);
    }

    public Settings withTimeoutMs(long v) {
        return new Settings(lookbackMs, subqueryStepMs, v, maxSamples, maxConcurrency, perStepStats);
    }

    public Settings withMaxSamples(long v) {
        return new Settings(lookbackMs, subqueryStepMs, timeoutMs, v, maxConcurrency, perStepStats);
    }

    public Settings withMaxConcurrency(int v) {
        return new Settings(lookbackMs, subqueryStepMs, timeoutMs, maxSamples, v, perStepStats);
    }

    public Settings withPerStepStats(boolean v) {
        return new Settings(lookbackMs, subqueryStepMs, timeoutMs, maxSamples, maxConcurrency, v);
    }
}
