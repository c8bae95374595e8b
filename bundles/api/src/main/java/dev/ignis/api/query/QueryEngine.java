package dev.ignis.api.query;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The PromQL engine. Thread-safe; concurrency is limited by --query.max-concurrency, and a
 * query waiting for a slot counts against its timeout.
 */
@ProviderType
public interface QueryEngine {

    /** Evaluates {@code expr} at {@code timeMs}. */
    QueryResult instant(String expr, long timeMs, QueryOptions options) throws QueryException;

    /**
     * Evaluates {@code expr} at every step from {@code startMs} to {@code endMs}; the result is
     * always a {@link QueryResult.Matrix}.
     */
    QueryResult range(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException;

    /**
     * Parses and type-checks {@code expr} and returns it pretty-printed (as
     * /api/v1/format_query does).
     *
     * @throws QueryException of type {@link ErrorType#BAD_DATA} with the parse error
     */
    String format(String expr) throws QueryException;
}
