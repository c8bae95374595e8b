package dev.ignis.promql.internal.ast;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A function call. */
public record Call(Function func, List<Expr> args, PosRange pos) implements Expr {

    public Call {
        Objects.requireNonNull(func, "func");
        args = List.copyOf(args);
    }

    @Override
    public ValueType type() {
        return func.returnType();
    }

    @Override
    public String toString() {
        return func.name() + args.stream().map(Expr::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
