package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.storage.Querier;
import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.StringLiteral;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.VectorSelector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Evaluates a type-checked expression at one time after another (the steps of a query).
 * Selector data is read from the querier once per query and reused by every step. Not
 * thread-safe: one evaluator per query.
 */
final class Evaluator {

    private final Querier querier;
    private final long lookbackMs;
    private final long startMs;
    private final long endMs;
    private final BooleanSupplier canceled;
    private final long deadlineNanos;
    private final long maxSamples;
    private long samplesLoaded;
    private final long subqueryStepMs;
    private final FunctionCalls calls = new FunctionCalls(this);
    private final Map<VectorSelector, SelectorData> data = new IdentityHashMap<>();

    /**
     * @param startMs the query's start, what {@code @ start()} means
     * @param endMs the query's end, what {@code @ end()} means
     */
    Evaluator(Querier querier, long lookbackMs, long startMs, long endMs, BooleanSupplier canceled,
            long subqueryStepMs, long deadlineNanos, long maxSamples) {
        this.deadlineNanos = deadlineNanos;
        this.maxSamples = maxSamples;
        this.subqueryStepMs = subqueryStepMs;
        this.querier = querier;
        this.lookbackMs = lookbackMs;
        this.startMs = startMs;
        this.endMs = endMs;
        this.canceled = canceled;
    }

    /** The value of {@code e} at {@code t} (ms). */
    QueryResult.Value eval(Expr e, long t) throws QueryException {
        if (canceled.getAsBoolean()) {
            throw new QueryException(ErrorType.CANCELED, "query was canceled in query execution");
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new QueryException(ErrorType.TIMEOUT, "query timed out in query execution");
        }
        if (e instanceof NumberLiteral n) {
            return new QueryResult.Scalar(t, n.value());
        } else if (e instanceof StringLiteral s) {
            return new QueryResult.StringValue(t, s.value());
        } else if (e instanceof ParenExpr p) {
            return eval(p.expr(), t);
        } else if (e instanceof VectorSelector vs) {
            return new QueryResult.Vector(instant(vs, t));
        } else if (e instanceof MatrixSelector m) {
            return range(m, t);
        } else if (e instanceof UnaryExpr u) {
            return unary(u, t);
        } else if (e instanceof BinaryExpr b) {
            return binary(b, t);
        } else if (e instanceof Call c) {
            return calls.call(c, t);
        } else if (e instanceof AggregateExpr a) {
            return aggregate(a, t);
        } else if (e instanceof SubqueryExpr s) {
            return new QueryResult.Matrix(windows(s, t).series());
        }
        throw new IllegalStateException("BUG: unknown node " + e.getClass().getSimpleName());
    }

    private QueryResult.Value aggregate(AggregateExpr a, long t) throws QueryException {
        Object param = null;
        if (a.param() != null) {
            QueryResult.Value p = eval(a.param(), t);
            param = p instanceof QueryResult.Scalar s ? (Object) s.v() : ((QueryResult.StringValue) p).s();
        }
        List<Sample> in = ((QueryResult.Vector) eval(a.expr(), t)).samples();
        return new QueryResult.Vector(Aggregations.apply(a, in, param, t));
    }

    /**
     * The windows a range-vector argument gives at {@code t}: per series its samples, with the
     * window's end and length (for rate's extrapolation).
     */
    record Windows(List<QueryResult.Series> series, long end, long rangeMs) {
    }

    Windows windows(Expr arg, long t) throws QueryException {
        Expr e = arg;
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        if (e instanceof MatrixSelector m) {
            VectorSelector vs = m.selector();
            return new Windows(range(m, t).series(), selectionTime(vs.at(), vs.offsetMs(), t), m.rangeMs());
        }
        SubqueryExpr s = (SubqueryExpr) e;
        long end = selectionTime(s.at(), s.offsetMs(), t);
        long step = s.stepMs() == 0 ? subqueryStepMs : s.stepMs();
        long first = Math.floorDiv(end - s.rangeMs(), step) * step;
        if (first < end - s.rangeMs()) {
            first += step;
        }
        Map<Labels, List<double[]>> points = new java.util.LinkedHashMap<>();
        for (long ts = first; ts <= end; ts += step) {
            QueryResult.Value v = eval(s.expr(), ts);
            for (Sample x : ((QueryResult.Vector) v).samples()) {
                points.computeIfAbsent(x.labels(), k -> new ArrayList<>()).add(new double[] {ts, x.v()});
            }
        }
        List<QueryResult.Series> out = new ArrayList<>(points.size());
        points.forEach((labels, ps) -> {
            long[] ts = new long[ps.size()];
            double[] vs = new double[ps.size()];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = (long) ps.get(i)[0];
                vs[i] = ps.get(i)[1];
            }
            out.add(new QueryResult.Series(labels, ts, vs, ts.length));
        });
        return new Windows(out, end, s.rangeMs());
    }

    /** The time a selector reads at: its @ time or the step, minus its offset. */
    private long selectionTime(AtModifier at, long offsetMs, long t) {
        long base = at == null ? t : switch (at.kind()) {
            case TIMESTAMP -> at.timestampMs();
            case START -> startMs;
            case END -> endMs;
        };
        return base - offsetMs;
    }

    /** Samples read from storage so far (they stay in memory for the whole query). */
    long samplesLoaded() {
        return samplesLoaded;
    }

    private SelectorData data(VectorSelector vs) throws QueryException {
        SelectorData d = data.get(vs);
        if (d == null) {
            d = SelectorData.load(querier, vs.matchers());
            samplesLoaded += d.sampleCount();
            if (samplesLoaded > maxSamples) {
                throw new QueryException(ErrorType.EXECUTION,
                        "query processing would load too many samples into memory in query execution");
            }
            data.put(vs, d);
        }
        return d;
    }

    /** Like an instant selection, each sample carrying its own timestamp (for timestamp()). */
    List<Sample> instantWithTimes(VectorSelector vs, long t) throws QueryException {
        long at = selectionTime(vs.at(), vs.offsetMs(), t);
        List<Sample> out = new ArrayList<>();
        for (SelectorData.Series s : data(vs).series()) {
            int i = s.lastAtOrBefore(at);
            if (i >= 0 && s.ts()[i] >= at - lookbackMs && !SelectorData.isStale(s.vs()[i])) {
                out.add(new Sample(s.labels(), s.ts()[i], s.vs()[i]));
            }
        }
        return out;
    }

    /** Per series the newest sample in [t - lookback, t], unless it is a stale marker. */
    private List<Sample> instant(VectorSelector vs, long t) throws QueryException {
        long at = selectionTime(vs.at(), vs.offsetMs(), t);
        List<Sample> out = new ArrayList<>();
        for (SelectorData.Series s : data(vs).series()) {
            int i = s.lastAtOrBefore(at);
            if (i >= 0 && s.ts()[i] >= at - lookbackMs && !SelectorData.isStale(s.vs()[i])) {
                out.add(new Sample(s.labels(), t, s.vs()[i]));
            }
        }
        return out;
    }

    /** Per series the samples in [t - range, t], stale markers left out. */
    private QueryResult.Matrix range(MatrixSelector m, long t) throws QueryException {
        VectorSelector vs = m.selector();
        long at = selectionTime(vs.at(), vs.offsetMs(), t);
        List<QueryResult.Series> out = new ArrayList<>();
        for (SelectorData.Series s : data(vs).series()) {
            int last = s.lastAtOrBefore(at);
            int first = s.lastAtOrBefore(at - m.rangeMs() - 1) + 1;
            long[] ts = new long[Math.max(0, last - first + 1)];
            double[] vs2 = new double[ts.length];
            int n = 0;
            for (int i = first; i <= last; i++) {
                if (!SelectorData.isStale(s.vs()[i])) {
                    ts[n] = s.ts()[i];
                    vs2[n++] = s.vs()[i];
                }
            }
            if (n > 0) {
                out.add(new QueryResult.Series(s.labels(), ts, vs2, n));
            }
        }
        return new QueryResult.Matrix(out);
    }

    private QueryResult.Value unary(UnaryExpr u, long t) throws QueryException {
        QueryResult.Value v = eval(u.expr(), t);
        if (!u.negate()) {
            return v;
        }
        if (v instanceof QueryResult.Scalar s) {
            return new QueryResult.Scalar(t, -s.v());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : ((QueryResult.Vector) v).samples()) {
            out.add(new Sample(dropName(s.labels()), t, -s.v()));
        }
        return new QueryResult.Vector(checkDistinct(out));
    }

    private QueryResult.Value binary(BinaryExpr b, long t) throws QueryException {
        QueryResult.Value l = eval(b.lhs(), t);
        QueryResult.Value r = eval(b.rhs(), t);
        if (l instanceof QueryResult.Scalar ls && r instanceof QueryResult.Scalar rs) {
            return new QueryResult.Scalar(t, Operators.apply(b.op(), ls.v(), rs.v()));
        }
        if (l instanceof QueryResult.Vector lv && r instanceof QueryResult.Vector rv) {
            return new QueryResult.Vector(checkDistinct(Matching.apply(b, lv.samples(), rv.samples(), t)));
        }
        boolean scalarLeft = l instanceof QueryResult.Scalar;
        List<Sample> vector = ((QueryResult.Vector) (scalarLeft ? r : l)).samples();
        double scalar = ((QueryResult.Scalar) (scalarLeft ? l : r)).v();
        List<Sample> out = new ArrayList<>(vector.size());
        for (Sample s : vector) {
            double v = scalarLeft ? Operators.apply(b.op(), scalar, s.v()) : Operators.apply(b.op(), s.v(), scalar);
            if (b.op().isComparison() && !b.returnBool()) {
                if (v == 0) {
                    continue;
                }
                // A filtering comparison keeps the vector element as it was.
                out.add(new Sample(s.labels(), t, s.v()));
            } else {
                Labels labels = Operators.dropsName(b.op(), b.returnBool()) ? dropName(s.labels()) : s.labels();
                out.add(new Sample(labels, t, v));
            }
        }
        return new QueryResult.Vector(checkDistinct(out));
    }

    static Labels dropName(Labels l) {
        return l.has(Labels.METRIC_NAME) ? l.toBuilder().delete(Labels.METRIC_NAME).build() : l;
    }

    static List<Sample> checkDistinct(List<Sample> samples) throws QueryException {
        if (samples.size() > 1) {
            Set<Labels> seen = new HashSet<>(samples.size() * 2);
            for (Sample s : samples) {
                if (!seen.add(s.labels())) {
                    throw new QueryException(ErrorType.EXECUTION,
                            "vector cannot contain metrics with the same labelset");
                }
            }
        }
        return samples;
    }
}
