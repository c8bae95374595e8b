package dev.ignis.tsdb.internal.chunkenc;

/**
 * An XOR (Gorilla) float chunk being appended to, in Prometheus's encoding (see
 * {@link XorEncoder}). Appending allocates only when the byte buffer grows.
 */
public final class XorChunk extends XorEncoder {

    /** Encoding byte of XOR chunks in chunk files. */
    public static final byte ENCODING = 1;

    /** An empty chunk with room for about {@code initialBytes} bytes before it grows. */
    public XorChunk(int initialBytes) {
        startChunk(initialBytes);
    }

    public XorChunk() {
        this(128);
    }

    /** Timestamp of the last sample; undefined when empty. */
    public long lastT() {
        return chunkLastT();
    }

    /** Raw bits of the last value; undefined when empty. */
    public long lastVBits() {
        return chunkLastVBits();
    }

    /** Appends a sample. The caller keeps timestamps ordered; the format itself allows any. */
    public void append(long ts, double v) {
        encode(ts, v);
    }
}
