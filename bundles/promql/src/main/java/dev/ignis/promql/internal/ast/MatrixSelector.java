package dev.ignis.promql.internal.ast;

import java.util.Objects;

/**
 * A range vector selector {@code sel[range]}. Its {@code offset} and {@code @} are those of
 * {@link #selector()}, as in Prometheus.
 */
public record MatrixSelector(VectorSelector selector, long rangeMs, PosRange pos) implements Expr {

    public MatrixSelector {
        Objects.requireNonNull(selector, "selector");
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        return selector.selectorText() + "[" + Durations.format(rangeMs) + "]"
                + Printing.modifiers(selector.at(), selector.offsetMs());
    }
}
