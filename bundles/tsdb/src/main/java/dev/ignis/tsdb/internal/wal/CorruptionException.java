package dev.ignis.tsdb.internal.wal;

import java.io.IOException;

/** A WAL segment holds a torn or corrupt record; everything before {@link #offset()} is good. */
public final class CorruptionException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int segment;
    private final long offset;

    public CorruptionException(int segment, long offset, String reason) {
        super("corruption in segment " + Segments.name(segment) + " at " + offset + ": " + reason);
        this.segment = segment;
        this.offset = offset;
    }

    /** Index of the corrupt segment. */
    public int segment() {
        return segment;
    }

    /** Byte offset in the segment just after the last good record. */
    public long offset() {
        return offset;
    }
}
