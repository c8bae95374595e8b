package dev.ignis.promql.internal.ast;

import java.util.Objects;

/**
 * A subquery {@code expr[range:step]}.
 *
 * @param stepMs the step as written, 0 when omitted (the engine's default applies)
 * @param offsetMs the {@code offset} as written, 0 if none
 * @param at the {@code @} modifier, or {@code null}
 */
public record SubqueryExpr(Expr expr, long rangeMs, long stepMs, long offsetMs, AtModifier at,
        PosRange pos) implements Expr {

    public SubqueryExpr {
        Objects.requireNonNull(expr, "expr");
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    public SubqueryExpr withOffset(long newOffsetMs, PosRange newPos) {
        return new SubqueryExpr(expr, rangeMs, stepMs, newOffsetMs, at, newPos);
    }

    public SubqueryExpr withAt(AtModifier newAt, PosRange newPos) {
        return new SubqueryExpr(expr, rangeMs, stepMs, offsetMs, newAt, newPos);
    }

    @Override
    public String toString() {
        String step = stepMs == 0 ? "" : Durations.format(stepMs);
        return expr + "[" + Durations.format(rangeMs) + ":" + step + "]"
                + Printing.modifiers(at, offsetMs);
    }
}
