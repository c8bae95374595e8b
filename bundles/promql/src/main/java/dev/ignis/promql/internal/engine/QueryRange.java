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

    static QueryRange of(Expr root, long startMs, long endMs, long lookbackMs) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        Deque<Expr> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty()) {
            Expr e = todo.pop();
            VectorSelector vs = null;
            long back = lookbackMs;
            if (e instanceof VectorSelector v) {
                vs = v;
            } else if (e instanceof MatrixSelector m) {
                vs = m.selector();
                back = m.rangeMs();
            } else if (e instanceof ParenExpr p) {
                todo.push(p.expr());
            } else if (e instanceof UnaryExpr u) {
                todo.push(u.expr());
            } else if (e instanceof BinaryExpr b) {
                todo.push(b.lhs());
                todo.push(b.rhs());
            } else if (e instanceof Call c) {
                c.args().forEach(todo::push);
            } else if (e instanceof AggregateExpr a) {
                todo.push(a.expr());
                if (a.param() != null) {
                    todo.push(a.param());
                }
            } else if (e instanceof SubqueryExpr s) {
                todo.push(s.expr());
            }
            if (vs != null) {
                long from = startMs;
                long to = endMs;
                AtModifier at = vs.at();
                if (at != null) {
                    from = to = switch (at.kind()) {
                        case TIMESTAMP -> at.timestampMs();
                        case START -> startMs;
                        case END -> endMs;
                    };
                }
                min = Math.min(min, from - vs.offsetMs() - back);
                max = Math.max(max, to - vs.offsetMs());
            }
        }
        return new QueryRange(min, max);
    }

    boolean isEmpty() {
        return min == Long.MAX_VALUE;
    }
}
