package dev.ignis.promql.internal.ast;

/**
 * A PromQL expression. Implementations are immutable records; {@link #toString()} prints
 * PromQL in Prometheus's canonical form.
 */
public sealed interface Expr
        permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr,
                ParenExpr, UnaryExpr, BinaryExpr, AggregateExpr, Call {

    /** Where the expression is in the query text. */
    PosRange pos();

    /** The type the expression evaluates to. */
    ValueType type();
}
