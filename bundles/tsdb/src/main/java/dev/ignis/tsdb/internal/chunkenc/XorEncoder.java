package dev.ignis.tsdb.internal.chunkenc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The writer of an XOR (Gorilla) float chunk, in Prometheus's encoding
 * ({@code tsdb/docs/format/chunks.md}, XOR encoding): a 2-byte big-endian sample count, then a
 * bit stream, most significant bit first. Sample 0 is {@code varint t} and the raw 64 value bits;
 * sample 1 is {@code uvarint (t1 - t0)} and an XOR value block; later samples code the
 * timestamp delta-of-delta in the buckets 0 | 10+14 | 110+17 | 1110+20 | 1111+64 bits, then an
 * XOR value block.
 *
 * <p>Appending allocates only when the byte buffer grows. Bits are only ever OR-ed into bytes
 * past the current end, so a reader that decodes no further than a sample count it saw
 * earlier (under a happens-before edge) reads stable bits even while a writer appends.
 * Not thread-safe for writers: one appender at a time.
 *
 * <p>Abstract so that a holder of one open chunk among very many (the head's series) can keep
 * the encoder's state in its own object instead of pointing at a chunk object: {@link XorChunk}
 * is the stand-alone chunk. A subclass starts a chunk ({@link #startChunk}), appends
 * ({@link #encode}) and may drop it ({@link #dropChunk}).
 */
public abstract class XorEncoder {

    private static final int HEADER_BITS = 16;
    private static final int NO_LEADING = 0xff;
    /** Most samples a chunk holds: its header counts them in 2 bytes. */
    public static final int MAX_SAMPLES = 0xffff;

    private byte[] bytes;
    private int bitLen;
    // Prometheus's bit stream (chunkenc/bstream.go) writes whole bytes by appending the next,
    // empty byte at once: a chunk whose last write was a whole byte at a byte boundary ends
    // with one zero byte more, and Prometheus stores that byte too.
    private boolean padByte;
    // The sample count is not a field: it is the 2-byte header, kept current at each append.
    private long firstT;
    // Stored with release semantics: a holder may let other threads read the last sample
    // (chunkLastT with acquire, then chunkLastVBits) without its lock.
    private long t;
    private long tDelta;
    private long vBits;
    // Bytes, not ints: the head keeps this state for every series.
    private byte leading;
    private byte trailing;

    private static final VarHandle T;
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static {
        try {
            T = MethodHandles.lookup().findVarHandle(XorEncoder.class, "t", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** No chunk until {@link #startChunk}. */
    protected XorEncoder() {
    }

    /**
     * Starts an empty chunk with room for about {@code initialBytes} bytes before it grows. The
     * previous chunk's array is left as it is (readers may still hold it).
     */
    protected final void startChunk(int initialBytes) {
        bytes = new byte[Math.max(initialBytes, 16)];
        bitLen = HEADER_BITS;
        padByte = false;
        leading = (byte) NO_LEADING;
        trailing = 0;
    }

    /** Forgets the chunk (its array is left as it is): none until the next {@link #startChunk}. */
    protected final void dropChunk() {
        bytes = null;
    }

    /** Whether a chunk was started and not dropped. */
    protected final boolean hasChunk() {
        return bytes != null;
    }

    /** Number of samples appended. */
    public final int numSamples() {
        byte[] b = bytes;
        return b == null ? 0 : (b[0] & 0xff) << 8 | b[1] & 0xff;
    }

    /**
     * Loads the chunk's header and the byte the next sample goes to, for a caller that warms
     * the caches of many chunks before appending to them; the result means nothing. Safe
     * without the writer's lock (a racing append only changes which byte is read).
     */
    public final int touch() {
        byte[] b = bytes;
        if (b == null) {
            return 0;
        }
        return b[0] + b[Math.min(bitLen >>> 3, b.length - 1)];
    }

    /** Timestamp of the first sample; undefined when empty. */
    public final long firstT() {
        return firstT;
    }

    /**
     * Timestamp of the last sample appended (or {@link #setLast set}), kept after
     * {@link #dropChunk} and until the next chunk's first sample. Safe to read without the
     * writer's lock (acquire): {@link #chunkLastVBits} read after it is at least as new.
     */
    protected final long chunkLastT() {
        return (long) T.getAcquire(this);
    }

    /** Raw bits of the last value, kept like {@link #chunkLastT}. */
    protected final long chunkLastVBits() {
        return vBits;
    }

    /**
     * Sets the last sample without encoding it, for a holder that keeps it as its own newest
     * sample while it has no chunk; the next chunk's first sample replaces it.
     */
    protected final void setLast(long ts, long bits) {
        vBits = bits;
        T.setRelease(this, ts);
    }

    /**
     * The backing array: the first {@link #byteLength()} bytes are the chunk's encoding. The
     * array object changes when the chunk grows.
     */
    public final byte[] bytes() {
        return bytes;
    }

    /** Length of the encoding in bytes, the final byte zero-padded. */
    public final int byteLength() {
        return ((bitLen + 7) >>> 3) + (padByte ? 1 : 0);
    }

    /** A copy of the encoding, exactly {@link #byteLength()} bytes. */
    public final byte[] toByteArray() {
        return Arrays.copyOf(bytes, byteLength());
    }

    /** Drops spare capacity; call once the chunk is complete. */
    public final void trim() {
        int n = byteLength();
        if (bytes.length != n) {
            bytes = Arrays.copyOf(bytes, n);
        }
    }

    /** Appends a sample. The caller keeps timestamps ordered; the format itself allows any. */
    protected final void encode(long ts, double v) {
        long bits = Double.doubleToRawLongBits(v);
        int n = numSamples();
        if (n == MAX_SAMPLES) {
            throw new IllegalStateException("XOR chunk full: " + n + " samples");
        }
        if (n == 0) {
            firstT = ts;
            writeVarint(ts);
            writeBits(bits, 64);
            vBits = bits;
        } else if (n == 1) {
            long d = ts - t;
            writeUvarint(d);
            writeValue(bits);
            tDelta = d;
        } else {
            long d = ts - t;
            long dod = d - tDelta;
            if (dod == 0) {
                writeBits(0, 1);
            } else if (fits(dod, 14)) {
                writeBits(0b10, 2);
                writeBits(dod, 14);
            } else if (fits(dod, 17)) {
                writeBits(0b110, 3);
                writeBits(dod, 17);
            } else if (fits(dod, 20)) {
                writeBits(0b1110, 4);
                writeBits(dod, 20);
            } else {
                writeBits(0b1111, 4);
                writeBits(dod, 64);
            }
            writeValue(bits);
            tDelta = d;
        }
        T.setRelease(this, ts);
        n++;
        bytes[0] = (byte) (n >>> 8);
        bytes[1] = (byte) n;
    }

    // A b-bit bucket holds -(2^(b-1) - 1) .. 2^(b-1): the decoder maps patterns above 2^(b-1)
    // to negatives, so -2^(b-1) has no pattern of its own.
    private static boolean fits(long x, int b) {
        long half = 1L << (b - 1);
        return x >= -(half - 1) && x <= half;
    }

    private void writeValue(long bits) {
        long delta = bits ^ vBits;
        vBits = bits;
        if (delta == 0) {
            writeBits(0, 1);
            return;
        }
        int lead = Long.numberOfLeadingZeros(delta);
        int trail = Long.numberOfTrailingZeros(delta);
        if (lead >= 32) {
            lead = 31; // the count has 5 bits
        }
        if (leading != (byte) NO_LEADING && lead >= leading && trail >= trailing) {
            writeBits(0b10, 2);
            writeBits(delta >>> trailing, 64 - leading - trailing);
            return;
        }
        leading = (byte) lead;
        trailing = (byte) trail;
        int sig = 64 - lead - trail;
        writeBits(0b11, 2);
        writeBits(lead, 5);
        writeBits(sig, 6); // 64 wraps to 0 in 6 bits, which the decoder reads back as 64
        writeBits(delta >>> trail, sig);
    }

    private void writeVarint(long x) {
        writeUvarint((x << 1) ^ (x >> 63));
    }

    private void writeUvarint(long x) {
        while ((x & ~0x7fL) != 0) {
            writeBits((x & 0x7f) | 0x80, 8);
            x >>>= 7;
        }
        writeBits(x, 8);
    }

    private void writeBits(long v, int n) {
        padByte = (n & 7) == 0 && (bitLen & 7) == 0;
        // One spare byte for the trailing zero byte above.
        int need = ((bitLen + n + 7) >>> 3) + 1;
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length + (bytes.length >>> 1)));
        }
        int pos = bitLen >>> 3;
        int shift = bitLen & 7;
        if (n + shift <= 64 && pos + 8 <= bytes.length) {
            // All n bits in one 8-byte big-endian OR instead of a byte at a time. The bytes it
            // rewrites keep their values (zero bits OR-ed in), so readers see what they saw.
            long w = (v << (64 - n)) >>> shift;
            BE64.set(bytes, pos, (long) BE64.get(bytes, pos) | w);
            bitLen += n;
            return;
        }
        while (n > 0) {
            int free = 8 - (bitLen & 7);
            int take = Math.min(free, n);
            int chunk = (int) (v >>> (n - take)) & ((1 << take) - 1);
            bytes[bitLen >>> 3] |= (byte) (chunk << (free - take));
            bitLen += take;
            n -= take;
        }
    }
}
