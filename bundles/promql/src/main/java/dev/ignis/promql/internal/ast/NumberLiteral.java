package dev.ignis.promql.internal.ast;

/** A number: {@code 1}, {@code -0x1f}, {@code Inf}. A leading sign is folded into the value. */
public record NumberLiteral(double value, PosRange pos) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public String toString() {
        return Printing.formatNumber(value);
    }
}
