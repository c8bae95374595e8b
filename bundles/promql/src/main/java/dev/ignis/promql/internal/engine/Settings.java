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
 */
public record Settings(long lookbackMs, long subqueryStepMs, long timeoutMs, long maxSamples, int maxConcurrency) {

    /** Prometheus 2.42's defaults: 5m, 1m, 2m, 50 000 000, 20. */
    public static Settings defaults() {
        return new Settings(5 * 60_000, 60_000, 2 * 60_000, 50_000_000, 20);
    }

    public Settings withLookbackMs(long v) {
        return new Settings(v, subqueryStepMs, timeoutMs, maxSamples, maxConcurrency);
    }

    public Settings withSubqueryStepMs(long v) {
        return new Settings(lookbackMs, v, timeoutMs, maxSamples, maxConcurrency);
    }

    public Settings withTimeoutMs(long v) {
        return new Settings(lookbackMs, subqueryStepMs, v, maxSamples, maxConcurrency);
    }

    public Settings withMaxSamples(long v) {
        return new Settings(lookbackMs, subqueryStepMs, timeoutMs, v, maxConcurrency);
    }

    public Settings withMaxConcurrency(int v) {
        return new Settings(lookbackMs, subqueryStepMs, timeoutMs, maxSamples, v);
    }
}
