package dev.ignis.promql.internal.engine;

import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.AtModifier;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import dev.ignis.promql.internal.ast.VectorSelector;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The span of sample time a query reads, so that one querier covers every selector: each
 * selector reads at its @ time (or the query's steps) minus its offset, back by its range (or
 * the lookback delta).
 *
 * @param min earliest timestamp read (ms); {@link Long#MAX_VALUE} when nothing is read
 * @param max latest timestamp read (ms)
 */
record QueryRange(long min, long max) {

    private record Pending(Expr e, long from, long to) {
    }

    /**
     * @param startMs first evaluation time
     * @param endMs last evaluation time
     * @param subqueryStepMs unused for the span (a subquery's steps lie inside its window)
     */
    static QueryRange of(Expr root, long startMs, long endMs, long lookbackMs, long subqueryStepMs) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        Deque<Pending> todo = new ArrayDeque<>();
        todo.push(new Pending(root, startMs, endMs));
        while (!todo.isEmpty()) {
            Pending p = todo.pop();
            Expr e = p.e();
            long from = p.from();
            long to = p.to();
            VectorSelector vs = null;
            long back = lookbackMs;
            if (e instanceof VectorSelector v) {
                vs = v;
            } else if (e instanceof MatrixSelector m) {
                vs = m.selector();
                back = m.rangeMs();
            } else if (e instanceof ParenExpr x) {
                todo.push(new Pending(x.expr(), from, to));
            } else if (e instanceof UnaryExpr u) {
                todo.push(new Pending(u.expr(), from, to));
            } else if (e instanceof BinaryExpr b) {
                todo.push(new Pending(b.lhs(), from, to));
                todo.push(new Pending(b.rhs(), from, to));
            } else if (e instanceof Call c) {
                c.args().forEach(a -> todo.push(new Pending(a, from, to)));
            } else if (e instanceof AggregateExpr a) {
                todo.push(new Pending(a.expr(), from, to));
                if (a.param() != null) {
                    todo.push(new Pending(a.param(), from, to));
                }
            } else if (e instanceof SubqueryExpr s) {
                long[] w = window(s.at(), s.offsetMs(), from, to, startMs, endMs);
                todo.push(new Pending(s.expr(), w[0] - s.rangeMs(), w[1]));
            }
            if (vs != null) {
                long[] w = window(vs.at(), vs.offsetMs(), from, to, startMs, endMs);
                min = Math.min(min, w[0] - back);
                max = Math.max(max, w[1]);
            }
        }
        return new QueryRange(min, max);
    }

    /** The selection times of a node evaluated at times in [from, to]. */
    private static long[] window(AtModifier at, long offsetMs, long from, long to, long startMs, long endMs) {
        if (at != null) {
            from = to = switch (at.kind()) {
                case TIMESTAMP -> at.timestampMs();
                case START -> startMs;
                case END -> endMs;
            };
        }
        return new long[] {from - offsetMs, to - offsetMs};
    }

    boolean isEmpty() {
        return min == Long.MAX_VALUE;
    }
}
