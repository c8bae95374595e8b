package dev.ignis.promql.internal.ast;

import java.util.List;
import java.util.Objects;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param the parameter of topk, bottomk, quantile and count_values, otherwise null
 * @param grouping the labels of {@code by(...)} or {@code without(...)}; empty for neither
 * @param without true for {@code without}
 */
public record AggregateExpr(AggregateOp op, Expr expr, Expr param, List<String> grouping,
        boolean without, PosRange pos) implements Expr {

    public AggregateExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(expr, "expr");
        grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(op.text());
        if (without) {
            sb.append(" without (").append(String.join(", ", grouping)).append(") ");
        } else if (!grouping.isEmpty()) {
            sb.append(" by (").append(String.join(", ", grouping)).append(") ");
        }
        sb.append('(');
        if (param != null) {
            sb.append(param).append(", ");
        }
        return sb.append(expr).append(')').toString();
    }
}
