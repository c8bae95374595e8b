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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses and evaluates queries against a {@link Queryable}. Thread-safe. */
public final class Engine {

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
        return run(expr, timeMs, timeMs, 0, options);
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
        return run(expr, startMs, endMs, stepMs, options);
    }

    /** An instant query when {@code stepMs} is 0, else a range query. */
    private QueryResult run(String expr, long startMs, long endMs, long stepMs, QueryOptions options)
            throws QueryException {
        long began = System.nanoTime();
        Expr e = parse(expr);
        boolean instant = stepMs == 0;
        if (!instant && e.type() != ValueType.SCALAR && e.type() != ValueType.VECTOR) {
            throw new QueryException(ErrorType.BAD_DATA, "invalid expression type \""
                    + e.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        Settings settings = this.settings;
        long deadline = deadline(options);
        long queued = System.nanoTime();
        acquire(deadline);
        long evalBegan = System.nanoTime();
        long prepared;
        long evaluated;
        long sorted;
        long interval = instant ? 1 : stepMs;
        int steps = (int) ((endMs - startMs) / interval) + 1;
        SampleStats stats = new SampleStats(options.stats() && options.perStepStats() && settings.perStepStats(),
                startMs, interval, steps);
        QueryResult.Value value;
        try {
            Set<Expr> invariant = StepInvariance.of(e);
            QueryRange span = QueryRange.of(e, startMs, endMs, settings.lookbackMs(), settings.subqueryStepMs());
            try (Querier q = span.isEmpty() ? null : storage.querier(span.min(), span.max())) {
                prepared = System.nanoTime();
                Evaluator.Ctx ctx = new Evaluator.Ctx(q, settings.lookbackMs(), startMs, endMs, options.canceled(),
                        deadline, settings.maxSamples(), settings.subqueryStepMs(), invariant);
                // A query whose deadline passed while it waited fails before it starts, as in 2.42.
                ctx.poll("query execution");
                Evaluator ev = new Evaluator(ctx, startMs, endMs, interval, stats);
                Evaluator.Val v = ev.eval(e);
                evaluated = System.nanoTime();
                value = instant ? instantValue(e, v, startMs) : rangeValue((Evaluator.Mat) v);
                sorted = System.nanoTime();
            }
        } finally {
            slots.release();
        }
        Map<String, Object> statsOut = null;
        if (options.stats()) {
            long done = System.nanoTime();
            statsOut = stats(stats, new double[] {
                secs(sorted - evalBegan), secs(sorted - evaluated), secs(prepared - evalBegan),
                secs(evaluated - prepared), secs(evalBegan - queued), secs(done - began)});
        }
        return new QueryResult(value, List.of(), statsOut);
    }

    private static double secs(long nanos) {
        return nanos / 1e9;
    }

    /** Prometheus's {@code stats} object: timings, then samples (per step only when counted). */
    private static Map<String, Object> stats(SampleStats s, double[] timings) {
        Map<String, Object> t = new LinkedHashMap<>();
        String[] names = {"evalTotalTime", "resultSortTime", "queryPreparationTime", "innerEvalTime",
            "execQueueTime", "execTotalTime"};
        for (int i = 0; i < names.length; i++) {
            t.put(names[i], timings[i]);
        }
        Map<String, Object> samples = new LinkedHashMap<>();
        long[] perStep = s.perStep();
        if (perStep != null) {
            List<Object> points = new ArrayList<>(perStep.length);
            for (int i = 0; i < perStep.length; i++) {
                points.add(List.of((s.start() + i * s.interval()) / 1000.0, perStep[i]));
            }
            samples.put("totalQueryableSamplesPerStep", points);
        }
        samples.put("totalQueryableSamples", s.total);
        samples.put("peakSamples", s.peak);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timings", t);
        out.put("samples", samples);
        return out;
    }

    private static QueryResult.Value instantValue(Expr e, Evaluator.Val v, long t) {
        if (v instanceof Evaluator.Str s) {
            return new QueryResult.StringValue(t, s.s());
        }
        Evaluator.Mat m = (Evaluator.Mat) v;
        switch (e.type()) {
            case SCALAR:
                return new QueryResult.Scalar(t, m.series.get(0).vs[0]);
            case VECTOR: {
                List<Sample> out = new ArrayList<>(m.series.size());
                for (Evaluator.Ser s : m.series) {
                    out.add(new Sample(s.labels, t, s.vs[0]));
                }
                return new QueryResult.Vector(out);
            }
            default:
                return matrix(m.series);
        }
    }

    private static QueryResult.Matrix matrix(List<Evaluator.Ser> series) {
        List<QueryResult.Series> out = new ArrayList<>(series.size());
        for (Evaluator.Ser s : series) {
            out.add(new QueryResult.Series(s.labels, s.ts, s.vs, s.n));
        }
        return new QueryResult.Matrix(out);
    }

    /** A range query's result: series sorted by labels. */
    private static QueryResult.Matrix rangeValue(Evaluator.Mat m) {
        List<Evaluator.Ser> series = new ArrayList<>(m.series);
        series.sort((a, b) -> a.labels.compareTo(b.labels));
        return matrix(series);
    }
}
