package dev.ignis.promql.internal.engine;

import dev.ignis.promql.internal.ast.AggregateExpr;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which nodes Prometheus 2.42 evaluates once and repeats at every step (its
 * {@code PreprocessExpr}): subtrees whose value cannot change from step to step because every
 * selector in them has an {@code @} and no function in them reads the step's time. It matters
 * for the results only in speed, but for the sample counts exactly.
 */
final class StepInvariance {

    private static final Set<String> TIME_DEPENDENT = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp");

    private final Set<Expr> wrapped = Collections.newSetFromMap(new IdentityHashMap<>());

    private StepInvariance() {
    }

    /** The nodes to evaluate once, by identity. */
    static Set<Expr> of(Expr root) {
        StepInvariance s = new StepInvariance();
        if (s.invariant(root)) {
            s.wrapped.add(root);
        }
        return s.wrapped;
    }

    private boolean invariant(Expr e) {
        if (e instanceof VectorSelector vs) {
            return vs.at() != null;
        } else if (e instanceof MatrixSelector m) {
            return invariant(m.selector());
        } else if (e instanceof AggregateExpr a) {
            // As Prometheus: the parameter is not looked at.
            return invariant(a.expr());
        } else if (e instanceof BinaryExpr b) {
            boolean l = invariant(b.lhs());
            boolean r = invariant(b.rhs());
            if (l && r) {
                return true;
            }
            if (l) {
                wrapped.add(b.lhs());
            }
            if (r) {
                wrapped.add(b.rhs());
            }
            return false;
        } else if (e instanceof Call c) {
            boolean all = !TIME_DEPENDENT.contains(c.func().name());
            boolean[] each = new boolean[c.args().size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = invariant(c.args().get(i));
                all &= each[i];
            }
            if (all) {
                return true;
            }
            for (int i = 0; i < each.length; i++) {
                if (each[i]) {
                    wrapped.add(c.args().get(i));
                }
            }
            return false;
        } else if (e instanceof SubqueryExpr s) {
            if (invariant(s.expr())) {
                wrapped.add(s.expr());
            }
            return s.at() != null;
        } else if (e instanceof ParenExpr p) {
            return invariant(p.expr());
        } else if (e instanceof UnaryExpr u) {
            return invariant(u.expr());
        } else if (e instanceof StringLiteral || e instanceof NumberLiteral) {
            return true;
        }
        throw new IllegalStateException("BUG: unknown node " + e.getClass().getSimpleName());
    }
}
