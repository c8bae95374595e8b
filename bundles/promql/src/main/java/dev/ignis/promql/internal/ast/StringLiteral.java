package dev.ignis.promql.internal.ast;

import dev.ignis.api.config.GoQuote;
import java.util.Objects;

/** A string literal, already unquoted. */
public record StringLiteral(String value, PosRange pos) implements Expr {

    public StringLiteral {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }

    @Override
    public String toString() {
        return GoQuote.quote(value);
    }
}
