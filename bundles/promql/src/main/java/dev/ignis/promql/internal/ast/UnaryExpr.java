package dev.ignis.promql.internal.ast;

import java.util.Objects;

/** Unary {@code -expr} or {@code +expr} on a non-literal (signs of literals are folded). */
public record UnaryExpr(boolean negate, Expr expr, PosRange pos) implements Expr {

    public UnaryExpr {
        Objects.requireNonNull(expr, "expr");
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return (negate ? "-" : "+") + expr;
    }
}
