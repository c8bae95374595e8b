package dev.ignis.web.internal.ui;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A query engine for the browser test: every expression yields the same two
 * {@code http_requests_total} series, 10 and 20 at any instant and two waves over a range;
 * an expression starting with a digit is the scalar 2 and one starting with a double quote
 * the string {@code hello}; an expression containing {@code bad(} fails with Prometheus's
 * parse error.
 */
final class WaveEngine implements QueryEngine {
    static final List<Labels> SERIES = List.of(
            Labels.of("__name__", "http_requests_total", "instance", "a:9090", "job", "api"),
            Labels.of("__name__", "http_requests_total", "instance", "b:9090", "job", "api"));

    private static void check(String expr) throws QueryException {
        if (expr.contains("bad(")) {
            throw new QueryException(ErrorType.BAD_DATA, "1:5: parse error: unclosed left parenthesis");
        }
    }

    @Override
    public QueryResult instant(String expr, long timeMs, QueryOptions options) throws QueryException {
        check(expr);
        if (!expr.isEmpty() && Character.isDigit(expr.charAt(0))) {
            return new QueryResult(new QueryResult.Scalar(timeMs, 2), List.of(), null);
        }
        if (expr.startsWith("\"")) {
            return new QueryResult(new QueryResult.StringValue(timeMs, "hello"), List.of(), null);
        }
        List<QueryResult.Sample> samples = new ArrayList<>();
        for (int s = 0; s < SERIES.size(); s++) {
            samples.add(new QueryResult.Sample(SERIES.get(s), timeMs, 10 * (s + 1)));
        }
        return new QueryResult(new QueryResult.Vector(samples), List.of(), null);
    }

    @Override
    public QueryResult range(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException {
        check(expr);
        int n = (int) ((endMs - startMs) / stepMs) + 1;
        List<QueryResult.Series> series = new ArrayList<>();
        for (int s = 0; s < SERIES.size(); s++) {
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = startMs + i * stepMs;
                vs[i] = 10 * (s + 1) + 5 * Math.sin(ts[i] / 600_000.0 + s);
            }
            series.add(new QueryResult.Series(SERIES.get(s), ts, vs, n));
        }
        return new QueryResult(new QueryResult.Matrix(series), List.of(), null);
    }

    @Override
    public String format(String expr) throws QueryException {
        check(expr);
        return expr.strip();
    }
}
