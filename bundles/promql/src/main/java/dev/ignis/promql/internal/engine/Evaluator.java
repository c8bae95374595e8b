package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.storage.Querier;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.NumberLiteral;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.StringLiteral;
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
    private final Map<VectorSelector, SelectorData> data = new IdentityHashMap<>();

    /**
     * @param startMs the query's start, what {@code @ start()} means
     * @param endMs the query's end, what {@code @ end()} means
     */
    Evaluator(Querier querier, long lookbackMs, long startMs, long endMs, BooleanSupplier canceled) {
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
        }
        throw new QueryException(ErrorType.EXECUTION, "not implemented yet: " + describe(e));
    }

    private static String describe(Expr e) {
        return switch (e.getClass().getSimpleName()) {
            case "Call" -> "function " + ((dev.ignis.promql.internal.ast.Call) e).func().name() + "()";
            case "AggregateExpr" -> "aggregation " + ((dev.ignis.promql.internal.ast.AggregateExpr) e).op().text();
            case "SubqueryExpr" -> "subqueries";
            default -> e.getClass().getSimpleName();
        };
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

    private SelectorData data(VectorSelector vs) {
        return data.computeIfAbsent(vs, k -> SelectorData.load(querier, k.matchers()));
    }

    /** Per series the newest sample in [t - lookback, t], unless it is a stale marker. */
    private List<Sample> instant(VectorSelector vs, long t) {
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
    private QueryResult.Matrix range(MatrixSelector m, long t) {
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

    private static Labels dropName(Labels l) {
        return l.has(Labels.METRIC_NAME) ? l.toBuilder().delete(Labels.METRIC_NAME).build() : l;
    }

    private static List<Sample> checkDistinct(List<Sample> samples) throws QueryException {
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
