package dev.ignis.promql.internal.engine;

import dev.ignis.promql.internal.ast.BinaryOp;

/** Scalar arithmetic and comparison, IEEE 754 as in Prometheus (comparisons give 1 or 0). */
final class Operators {

    private Operators() {
    }

    /**
     * Whether the operator's vector result loses the metric name: arithmetic does, except
     * atan2 (Prometheus 2.42, observed); comparisons do only with {@code bool}.
     */
    static boolean dropsName(BinaryOp op, boolean returnBool) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, MOD, POW -> true;
            default -> returnBool;
        };
    }

    /** Go's math.Pow, which differs from Java's for a base of 1, and -1 with infinite exponents. */
    static double pow(double l, double r) {
        if (l == 1 || (l == -1 && Double.isInfinite(r))) {
            return 1;
        }
        return Math.pow(l, r);
    }

    static double apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            // Go's math.Mod: the sign follows the dividend, as Java's % on doubles.
            case MOD -> l % r;
            case POW -> pow(l, r);
            case ATAN2 -> Math.atan2(l, r);
            case EQLC -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            case LAND, LOR, LUNLESS -> throw new IllegalStateException("BUG: set operator on scalars");
        };
    }
}
