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

    /** Scalar if both sides are scalars, otherwise an instant vector. */
    @Override
    public ValueType type() {
        // Left-nested chains are walked with a loop: a query may chain thousands of operators.
        if (rhs.type() != ValueType.SCALAR) {
            return ValueType.VECTOR;
        }
        Expr inner = lhs;
        while (inner instanceof BinaryExpr b) {
            if (b.rhs.type() != ValueType.SCALAR) {
                return ValueType.VECTOR;
            }
            inner = b.lhs;
        }
        return inner.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    public BinaryExpr withMatching(VectorMatching newMatching) {
        return new BinaryExpr(op, lhs, rhs, newMatching, returnBool, pos);
    }

    @Override
    public String toString() {
        // Left-nested chains are printed with a loop: a query may chain thousands of operators.
        java.util.ArrayDeque<BinaryExpr> chain = new java.util.ArrayDeque<>();
        Expr inner = this;
        while (inner instanceof BinaryExpr b) {
            chain.push(b);
            inner = b.lhs;
        }
        StringBuilder sb = new StringBuilder().append(inner);
        while (!chain.isEmpty()) {
            BinaryExpr b = chain.pop();
            sb.append(' ').append(b.op.text());
            if (b.returnBool) {
                sb.append(" bool");
            }
            if (b.matching != null) {
                sb.append(b.matching.text());
            }
            sb.append(' ').append(b.rhs);
        }
        return sb.toString();
    }
}
