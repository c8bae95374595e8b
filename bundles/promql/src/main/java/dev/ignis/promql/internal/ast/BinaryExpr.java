package dev.ignis.promql.internal.ast;

import java.util.Objects;

/**
 * A binary operation.
 *
 * @param matching how vectors are matched; {@code null} unless both sides are instant vectors
 * @param returnBool whether the {@code bool} modifier was given (comparisons only)
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching,
        boolean returnBool, PosRange pos) implements Expr {

    public BinaryExpr {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(lhs, "lhs");
        Objects.requireNonNull(rhs, "rhs");
    }

    @Override
    public ValueType type() {
        if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
            return ValueType.SCALAR;
        }
        return ValueType.VECTOR;
    }

    public BinaryExpr withMatching(VectorMatching newMatching) {
        return new BinaryExpr(op, lhs, rhs, newMatching, returnBool, pos);
    }

    @Override
    public String toString() {
        String mod = (returnBool ? " bool" : "") + (matching == null ? "" : matching.text());
        return lhs + " " + op.text() + mod + " " + rhs;
    }
}
