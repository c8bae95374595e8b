package dev.ignis.promql.internal.ast;

import java.util.Objects;

/** An expression in parentheses; kept in the tree so that printing needs no precedence rules. */
public record ParenExpr(Expr expr, PosRange pos) implements Expr {

    public ParenExpr {
        Objects.requireNonNull(expr, "expr");
    }

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return "(" + expr + ")";
    }
}
