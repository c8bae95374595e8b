package dev.ignis.promql.internal.ast;

/** The binary operators of PromQL. */
public enum BinaryOp {
    ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%"), POW("^"), ATAN2("atan2"),
    EQLC("=="), NEQ("!="), GTR(">"), LSS("<"), GTE(">="), LTE("<="),
    LAND("and"), LOR("or"), LUNLESS("unless");

    private final String text;

    BinaryOp(String text) {
        this.text = text;
    }

    /** The operator as written in PromQL. */
    public String text() {
        return text;
    }

    public boolean isComparison() {
        return switch (this) {
            case EQLC, NEQ, GTR, LSS, GTE, LTE -> true;
            default -> false;
        };
    }

    public boolean isSetOperator() {
        return this == LAND || this == LOR || this == LUNLESS;
    }

    @Override
    public String toString() {
        return text;
    }
}
