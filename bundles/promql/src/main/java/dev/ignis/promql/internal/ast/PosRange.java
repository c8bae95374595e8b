package dev.ignis.promql.internal.ast;

/**
 * A half-open range {@code [start, end)} of code point offsets into the query text.
 */
public record PosRange(int start, int end) {
    /** A range for nodes that have no place in the text. */
    public static final PosRange NONE = new PosRange(0, 0);

    /** The smallest range covering both. */
    public PosRange merge(PosRange other) {
        return new PosRange(Math.min(start, other.start), Math.max(end, other.end));
    }

    public PosRange withEnd(int newEnd) {
        return new PosRange(start, newEnd);
    }

    public PosRange withStart(int newStart) {
        return new PosRange(newStart, end);
    }
}
