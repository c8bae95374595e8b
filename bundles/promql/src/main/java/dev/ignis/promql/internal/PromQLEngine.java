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
 * The {@link QueryEngine} service over the {@link Storage} service. The lookback delta comes
 * from {@code --query.lookback-delta} (default 5m).
 */
@Component(service = QueryEngine.class)
public final class PromQLEngine implements QueryEngine {

    private final Engine engine;

    @Activate
    public PromQLEngine(@Reference(name = "storage") Storage storage,
            @Reference(name = "runtime") RuntimeInfo runtime) {
        this(storage, Engine.lookbackFromFlag(runtime.flag("query.lookback-delta")));
    }

    /** For tests and embedding: any {@link Queryable}, an explicit lookback delta (ms). */
    public PromQLEngine(Queryable storage, long lookbackMs) {
        this.engine = new Engine(storage, lookbackMs);
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
