package dev.ignis.promql.internal;

import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.Storage;
import dev.ignis.promql.internal.engine.Engine;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@link QueryEngine} service over the {@link Storage} service. Flags, as in Prometheus:
 * {@code --query.lookback-delta} (default 5m) and {@code --query.timeout} (default 2m); the
 * default subquery step is 1m (Prometheus uses the global evaluation interval, whose default
 * is 1m; following config reloads is still to do).
 */
@Component(service = QueryEngine.class)
public final class PromQLEngine implements QueryEngine {

    private final Engine engine;

    @Activate
    public PromQLEngine(@Reference(name = "storage") Storage storage,
            @Reference(name = "runtime") RuntimeInfo runtime) {
        this.engine = new Engine(storage,
                Engine.durationFlag(runtime.flag("query.lookback-delta"), Engine.DEFAULT_LOOKBACK_MS),
                Engine.DEFAULT_SUBQUERY_STEP_MS,
                Engine.durationFlag(runtime.flag("query.timeout"), Engine.DEFAULT_TIMEOUT_MS));
    }

    /** For tests and embedding: any {@link Queryable} with the engine's defaults. */
    public PromQLEngine(Queryable storage) {
        this.engine = new Engine(storage, Engine.DEFAULT_LOOKBACK_MS);
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

    @Override
    public String format(String expr) throws QueryException {
        return engine.format(expr);
    }
}
