package dev.ignis.remote.internal;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.snappy.SnappyDecompressor;

/**
 * Snappy block format (not the framed stream format), the body encoding of remote write 1.0.
 * Every failure is reported as Go's {@code snappy: corrupt input}, the one message
 * Prometheus 2.42 answers for a body that does not decode.
 */
public final class SnappyBlock {

    /** Go's {@code snappy.ErrCorrupt} text. */
    public static final String CORRUPT = "snappy: corrupt input";

    /**
     * The most output one input byte can produce: a 3-byte copy emits at most 64 bytes, so a
     * declared length beyond this ratio cannot be honest and is rejected before allocating it.
     */
    private static final int MAX_RATIO = 22;

    private SnappyBlock() {
    }

    /** Thrown for input that is not a valid snappy block. */
    public static final class CorruptException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptException() {
            super(CORRUPT, null, false, false);
        }
    }

    /**
     * Decodes {@code in[0, len)}.
     *
     * @return a new array of exactly the declared uncompressed length
     * @throws CorruptException if the input is empty, truncated or inconsistent
     */
    public static byte[] decode(byte[] in, int len) throws CorruptException {
        if (len <= 0) {
            throw new CorruptException();
        }
        try {
            long declared = declaredLength(in, len);
            if (declared > (long) len * MAX_RATIO || declared > Integer.MAX_VALUE - 8) {
                throw new CorruptException();
            }
            byte[] out = new byte[(int) declared];
            int n = new SnappyDecompressor().decompress(in, 0, len, out, 0, out.length);
            if (n != out.length) {
                throw new CorruptException();
            }
            return out;
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new CorruptException();
        }
    }

    /** The uvarint length prefix of a block (at most 5 bytes for a 32-bit length, as Go reads it). */
    private static long declaredLength(byte[] in, int len) throws CorruptException {
        long v = 0;
        for (int i = 0, shift = 0; i < len && i < 5; i++, shift += 7) {
            int b = in[i] & 0xff;
            v |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                if (v > 0xffffffffL) {
                    throw new CorruptException();
                }
                return v;
            }
        }
        throw new CorruptException();
    }
}
