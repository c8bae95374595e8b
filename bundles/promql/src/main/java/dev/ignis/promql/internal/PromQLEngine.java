package dev.ignis.promql.internal;

import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.Storage;
import dev.ignis.promql.internal.engine.Engine;
import dev.ignis.promql.internal.engine.Settings;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link QueryEngine} service over the {@link Storage} service. Flags, as in Prometheus:
 * {@code --query.lookback-delta} (5m), {@code --query.timeout} (2m), {@code --query.max-samples}
 * (50000000), {@code --query.max-concurrency} (20). Subqueries without a step use the global
 * evaluation interval of the running configuration (a {@link ConfigListener}).
 */
@Component(service = {QueryEngine.class, ConfigListener.class})
public final class PromQLEngine implements QueryEngine, ConfigListener {

    private final Engine engine;

    @Activate
    public PromQLEngine(@Reference(name = "storage") Storage storage,
            @Reference(name = "runtime") RuntimeInfo runtime) {
        this.engine = new Engine(storage, settings(runtime));
    }

    /** For tests and embedding: any {@link Queryable}, given settings. */
    public PromQLEngine(Queryable storage, Settings settings) {
        this.engine = new Engine(storage, settings);
    }

    /** The engine's settings from the query flags and {@code --enable-feature=promql-per-step-stats}. */
    static Settings settings(RuntimeInfo runtime) {
        Settings d = Settings.defaults();
        return d.withLookbackMs(Engine.durationFlag(runtime.flag("query.lookback-delta"), d.lookbackMs()))
                .withTimeoutMs(Engine.durationFlag(runtime.flag("query.timeout"), d.timeoutMs()))
                .withMaxSamples(longFlag(runtime.flag("query.max-samples"), d.maxSamples()))
                .withMaxConcurrency((int) longFlag(runtime.flag("query.max-concurrency"), d.maxConcurrency()))
                .withPerStepStats(runtime.features().contains("promql-per-step-stats"));
    }

    private static long longFlag(String value, long defaultValue) {
        return value == null || value.isEmpty() ? defaultValue : Long.parseLong(value.strip());
    }

    @Override
    public QueryResult instant(String expr, long timeMs, QueryOptions options) throws QueryException {
        return engine.instant(expr, timeMs, options);
    }

    @Override
    public QueryResult range(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException {
        return engine.range(expr, startMs, endMs, stepMs, options);
    }

    /** Subqueries without a step use the global evaluation interval, as in Prometheus. */
    @Override
    public void configChanged(LoadedConfig config) {
        engine.subqueryStep(config.config().global().evaluationInterval().toMillis());
    }

    @Override
    public String format(String expr) throws QueryException {
        return engine.format(expr);
    }
}
