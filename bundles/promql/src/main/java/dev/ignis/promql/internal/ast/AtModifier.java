package dev.ignis.promql.internal.ast;

/**
 * The {@code @} modifier of a selector or subquery: a fixed time, or the query's start or end.
 *
 * @param kind which of the three forms
 * @param timestampMs for {@link Kind#TIMESTAMP}, the time in ms since the epoch; 0 otherwise
 */
public record AtModifier(Kind kind, long timestampMs) {

    /** The forms of {@code @}. */
    public enum Kind { TIMESTAMP, START, END }

    public static final AtModifier START = new AtModifier(Kind.START, 0);
    public static final AtModifier END = new AtModifier(Kind.END, 0);

    public static AtModifier at(long timestampMs) {
        return new AtModifier(Kind.TIMESTAMP, timestampMs);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case START -> "@ start()";
            case END -> "@ end()";
            case TIMESTAMP -> "@ " + Printing.formatMillisAsSeconds(timestampMs);
        };
    }
}
