package dev.ignis.promql.internal.ast;

/** The twelve aggregation operators, with the type of their parameter if they take one. */
public enum AggregateOp {
    SUM(null), AVG(null), COUNT(null), MIN(null), MAX(null), GROUP(null), STDDEV(null),
    STDVAR(null), TOPK(ValueType.SCALAR), BOTTOMK(ValueType.SCALAR),
    COUNT_VALUES(ValueType.STRING), QUANTILE(ValueType.SCALAR);

    private final ValueType paramType;

    AggregateOp(ValueType paramType) {
        this.paramType = paramType;
    }

    /** Whether the operator takes a parameter before the vector. */
    public boolean hasParam() {
        return paramType != null;
    }

    /** The parameter's type, or {@code null}. */
    public ValueType paramType() {
        return paramType;
    }

    /** The operator as written in PromQL (lower case). */
    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return text();
    }
}
