package dev.ignis.promql.internal.ast;

import java.util.List;
import java.util.Objects;

/**
 * How the two sides of a vector-vector binary operation are matched.
 *
 * @param card the cardinality: one-to-one by default, many-to-one with {@code group_left},
 *     one-to-many with {@code group_right}, many-to-many for set operators
 * @param matchingLabels the labels of {@code on(...)} or {@code ignoring(...)}
 * @param on true for {@code on}, false for {@code ignoring} (or neither)
 * @param include the extra labels of {@code group_left(...)}/{@code group_right(...)}
 */
public record VectorMatching(Cardinality card, List<String> matchingLabels, boolean on,
        List<String> include) {

    /** Matching cardinalities. */
    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    public VectorMatching {
        Objects.requireNonNull(card, "card");
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    /** Default matching: one-to-one on all labels but the metric name. */
    public static VectorMatching oneToOne() {
        return new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false, List.of());
    }

    public VectorMatching withCard(Cardinality newCard) {
        return new VectorMatching(newCard, matchingLabels, on, include);
    }

    /**
     * The modifier text after the operator (with a leading space), or {@code ""}. Unlike
     * Prometheus's printer, {@code ignoring()} is kept when a group modifier follows it, so
     * that the printed query means the same thing.
     */
    String text() {
        boolean grouped = card == Cardinality.MANY_TO_ONE || card == Cardinality.ONE_TO_MANY;
        if (matchingLabels.isEmpty() && !on && !grouped) {
            return "";
        }
        StringBuilder sb = new StringBuilder(on ? " on (" : " ignoring (")
                .append(String.join(", ", matchingLabels)).append(')');
        if (grouped) {
            sb.append(card == Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (")
                    .append(String.join(", ", include)).append(')');
        }
        return sb.toString();
    }
}
