package dev.ignis.promql.internal.ast;

/** The type of a PromQL expression. */
public enum ValueType {
    NONE("none", "none"),
    SCALAR("scalar", "scalar"),
    VECTOR("vector", "instant vector"),
    MATRIX("matrix", "range vector"),
    STRING("string", "string");

    private final String internalName;
    private final String documentedName;

    ValueType(String internalName, String documentedName) {
        this.internalName = internalName;
        this.documentedName = documentedName;
    }

    /** The short name Prometheus uses in some messages ("matrix"). */
    public String internalName() {
        return internalName;
    }

    /** The name of the type as the documentation and most messages spell it ("range vector"). */
    public String documentedName() {
        return documentedName;
    }
}
