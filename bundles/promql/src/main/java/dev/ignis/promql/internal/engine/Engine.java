package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Queryable;
import dev.ignis.promql.internal.ast.Durations;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.ValueType;
import dev.ignis.promql.internal.parser.ParseException;
import dev.ignis.promql.internal.parser.PromQL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Parses and evaluates queries against a {@link Queryable}. Thread-safe. */
public final class Engine {

    private static final String TOO_MANY_SAMPLES =
            "query processing would load too many samples into memory in query execution";

    private final Queryable storage;
    // Replaced whole when the configuration changes; a query reads it once.
    private volatile Settings settings;
    private final java.util.concurrent.Semaphore slots;

    public Engine(Queryable storage, Settings settings) {
        this.storage = storage;
        this.settings = settings;
        this.slots = new java.util.concurrent.Semaphore(settings.maxConcurrency(), true);
    }

    /** Sets the step of subqueries written without one (the global evaluation interval). */
    public void subqueryStep(long ms) {
        settings = settings.withSubqueryStepMs(ms);
    }

    /** A duration flag's value in ms ({@code --query.lookback-delta=5m}), the default when empty. */
    public static long durationFlag(String flag, long defaultMs) {
        if (flag == null || flag.isEmpty()) {
            return defaultMs;
        }
        long ms = Durations.parse(flag);
        return ms == 0 ? defaultMs : ms;
    }

    private long deadline(QueryOptions options) {
        long ms = options.timeout() == null ? settings.timeoutMs() : options.timeout().toMillis();
        return System.nanoTime() + ms * 1_000_000L;
    }

    /** Waits for a query slot until the deadline; the caller must release it. */
    private void acquire(long deadlineNanos) throws QueryException {
        try {
            long wait = Math.max(0, deadlineNanos - System.nanoTime());
            if (!slots.tryAcquire(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new QueryException(ErrorType.TIMEOUT, "query timed out in query queue");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueryException(ErrorType.CANCELED, "query was canceled in query queue", e);
        }
    }

    private static Expr parse(String expr) throws QueryException {
        try {
            return PromQL.parse(expr);
        } catch (ParseException e) {
            throw new QueryException(ErrorType.BAD_DATA, e.getMessage(), e);
        }
    }

    public String format(String expr) throws QueryException {
        return dev.ignis.promql.internal.ast.Pretty.print(parse(expr));
    }

    public QueryResult instant(String expr, long timeMs, QueryOptions options) throws QueryException {
        Expr e = parse(expr);
        Settings settings = this.settings;
        long deadline = deadline(options);
        acquire(deadline);
        try {
            QueryRange span = QueryRange.of(e, timeMs, timeMs, settings.lookbackMs(), settings.subqueryStepMs());
            try (Querier q = span.isEmpty() ? null : storage.querier(span.min(), span.max())) {
                QueryResult.Value v = evaluator(settings, q, timeMs, timeMs, options, deadline).eval(e, timeMs);
                return new QueryResult(v, List.of(), null);
            }
        } finally {
            slots.release();
        }
    }

    private static Evaluator evaluator(Settings settings, Querier q, long startMs, long endMs, QueryOptions options,
            long deadline) {
        return new Evaluator(q, settings.lookbackMs(), startMs, endMs, options.canceled(),
                settings.subqueryStepMs(), deadline, settings.maxSamples());
    }

    public QueryResult range(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException {
        // The same checks, in the same order and words, as Prometheus's /api/v1/query_range.
        if (endMs < startMs) {
            throw new QueryException(ErrorType.BAD_DATA, "end timestamp must not be before start time");
        }
        if (stepMs <= 0) {
            throw new QueryException(ErrorType.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((endMs - startMs) / stepMs > 11_000) {
            throw new QueryException(ErrorType.BAD_DATA, "exceeded maximum resolution of 11,000 points per"
                    + " timeseries. Try decreasing the query resolution (?step=XX)");
        }
        Expr e = parse(expr);
        if (e.type() != ValueType.SCALAR && e.type() != ValueType.VECTOR) {
            throw new QueryException(ErrorType.BAD_DATA, "invalid expression type \""
                    + e.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        Settings settings = this.settings;
        long deadline = deadline(options);
        acquire(deadline);
        Map<Labels, SeriesBuilder> series = new TreeMap<>();
        try {
            QueryRange span = QueryRange.of(e, startMs, endMs, settings.lookbackMs(), settings.subqueryStepMs());
            try (Querier q = span.isEmpty() ? null : storage.querier(span.min(), span.max())) {
                Evaluator ev = evaluator(settings, q, startMs, endMs, options, deadline);
                long points = 0;
                for (long t = startMs; t <= endMs; t += stepMs) {
                    QueryResult.Value v = ev.eval(e, t);
                    if (v instanceof QueryResult.Scalar s) {
                        series.computeIfAbsent(Labels.EMPTY, k -> new SeriesBuilder()).add(t, s.v());
                        points++;
                    } else {
                        for (Sample s : ((QueryResult.Vector) v).samples()) {
                            series.computeIfAbsent(s.labels(), k -> new SeriesBuilder()).add(t, s.v());
                        }
                        points += ((QueryResult.Vector) v).samples().size();
                    }
                    if (points + ev.samplesLoaded() > settings.maxSamples()) {
                        throw new QueryException(ErrorType.EXECUTION, TOO_MANY_SAMPLES);
                    }
                }
            }
        } finally {
            slots.release();
        }
        List<QueryResult.Series> out = new ArrayList<>(series.size());
        series.forEach((labels, b) -> out.add(new QueryResult.Series(labels, b.ts, b.vs, b.n)));
        return new QueryResult(new QueryResult.Matrix(out), List.of(), null);
    }

    /** Points of one result series, in step order. */
    private static final class SeriesBuilder {
        long[] ts = new long[8];
        double[] vs = new double[8];
        int n;

        void add(long t, double v) {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n++] = v;
        }
    }
}
