package dev.ignis.tsdb.internal.wal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Snappy block format (not the framing format), as Prometheus uses it for compressed WAL
 * records: a uvarint decoded length, then literal and copy elements. The compressor is a
 * simple greedy one with a 4-byte hash table and copies of at most 64 KiB back, stepping
 * further ahead the longer it finds no match; any snappy decoder reads its output.
 */
final class Snappy {

    private static final int TABLE_BITS = 14;

    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int[] table = new int[1 << TABLE_BITS];
    // Entries at most this are from earlier calls (see compress).
    private int base;

    /** Upper bound of a compressed length for {@code n} input bytes. */
    static int maxCompressedLength(int n) {
        return 32 + n + n / 6;
    }

    /** The decoded length stated by a compressed block. */
    static int decodedLength(byte[] src, int off, int len) {
        long x = 0;
        for (int shift = 0, i = 0; i < len && shift < 35; shift += 7, i++) {
            int by = src[off + i] & 0xff;
            x |= (long) (by & 0x7f) << shift;
            if (by < 0x80) {
                if (x > Integer.MAX_VALUE - 16) {
                    break;
                }
                return (int) x;
            }
        }
        throw new IllegalArgumentException("snappy: bad decoded length");
    }

    /**
     * Decompresses a block into {@code dst} (at least {@link #decodedLength} long).
     *
     * @return the decoded length
     * @throws IllegalArgumentException if the block is corrupt
     */
    static int decompress(byte[] src, int off, int len, byte[] dst) {
        int end = off + len;
        int dlen = decodedLength(src, off, len);
        int p = off;
        while ((src[p] & 0x80) != 0) {
            p++;
        }
        p++;
        if (dst.length < dlen) {
            throw new IllegalArgumentException("snappy: destination too small");
        }
        int d = 0;
        while (p < end) {
            int tag = src[p++] & 0xff;
            int l;
            int offset;
            switch (tag & 3) {
                case 0 -> {
                    l = tag >>> 2;
                    if (l >= 60) {
                        int nb = l - 59;
                        if (p + nb > end) {
                            throw corrupt();
                        }
                        l = 0;
                        for (int i = 0; i < nb; i++) {
                            l |= (src[p + i] & 0xff) << (8 * i);
                        }
                        p += nb;
                    }
                    l += 1;
                    if (l <= 0 || p + l > end || d + l > dlen) {
                        throw corrupt();
                    }
                    System.arraycopy(src, p, dst, d, l);
                    p += l;
                    d += l;
                    continue;
                }
                case 1 -> {
                    if (p >= end) {
                        throw corrupt();
                    }
                    l = 4 + ((tag >>> 2) & 7);
                    offset = ((tag & 0xe0) << 3) | (src[p++] & 0xff);
                }
                case 2 -> {
                    if (p + 2 > end) {
                        throw corrupt();
                    }
                    l = 1 + (tag >>> 2);
                    offset = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8;
                    p += 2;
                }
                default -> {
                    if (p + 4 > end) {
                        throw corrupt();
                    }
                    l = 1 + (tag >>> 2);
                    offset = (src[p] & 0xff) | (src[p + 1] & 0xff) << 8 | (src[p + 2] & 0xff) << 16 | (src[p + 3] & 0xff) << 24;
                    p += 4;
                }
            }
            if (offset <= 0 || offset > d || d + l > dlen) {
                throw corrupt();
            }
            for (int i = 0; i < l; i++) {
                dst[d + i] = dst[d - offset + i];
            }
            d += l;
        }
        if (d != dlen) {
            throw corrupt();
        }
        return dlen;
    }

    /**
     * Compresses {@code src[off, off+len)} into {@code dst} (at least
     * {@link #maxCompressedLength} long). Not thread-safe: uses this instance's hash table.
     *
     * @return the compressed length
     */
    int compress(byte[] src, int off, int len, byte[] dst) {
        int d = 0;
        long x = len;
        while ((x & ~0x7fL) != 0) {
            dst[d++] = (byte) ((x & 0x7f) | 0x80);
            x >>>= 7;
        }
        dst[d++] = (byte) x;
        // The table is not cleared per call (64 KiB of stores, more than a scrape's record):
        // entries hold base + position + 1, and those of earlier calls are at most base.
        if (base > Integer.MAX_VALUE - 1 - len) {
            Arrays.fill(table, 0);
            base = 0;
        }
        int b = base;
        base = b + len + 1;
        int end = off + len;
        int lit = off;
        int i = off;
        // Every miss in a row after the 32nd moves further ahead, so that incompressible runs
        // (sample values are mostly that) cost fewer lookups, as snappy's own encoders do.
        int misses = 0;
        while (i + 4 <= end) {
            int word = (int) LE32.get(src, i);
            int h = (word * 0x1e35a7bd) >>> (32 - TABLE_BITS);
            int e = table[h];
            table[h] = b + (i - off) + 1;
            int cand = e - b - 1 + off;
            if (e > b && i - cand <= 0xffff && (int) LE32.get(src, cand) == word) {
                d = literal(src, lit, i - lit, dst, d);
                int m = 4 + matchLength(src, cand + 4, i + 4, end);
                int offset = i - cand;
                int rest = m;
                while (rest > 0) {
                    int c = Math.min(rest, 64);
                    dst[d++] = (byte) (((c - 1) << 2) | 2);
                    dst[d++] = (byte) offset;
                    dst[d++] = (byte) (offset >>> 8);
                    rest -= c;
                }
                i += m;
                lit = i;
                misses = 0;
            } else {
                i += 1 + (misses++ >>> 5);
            }
        }
        return literal(src, lit, end - lit, dst, d);
    }

    /** Number of equal bytes from {@code a} and from {@code p} on, {@code p} before {@code end}; {@code a < p}. */
    private static int matchLength(byte[] src, int a, int p, int end) {
        int m = 0;
        while (p + m + 8 <= end) {
            long diff = (long) LE64.get(src, a + m) ^ (long) LE64.get(src, p + m);
            if (diff != 0) {
                return m + (Long.numberOfTrailingZeros(diff) >>> 3);
            }
            m += 8;
        }
        while (p + m < end && src[a + m] == src[p + m]) {
            m++;
        }
        return m;
    }

    private static int literal(byte[] src, int from, int n, byte[] dst, int d) {
        if (n == 0) {
            return d;
        }
        int v = n - 1;
        if (v < 60) {
            dst[d++] = (byte) (v << 2);
        } else {
            int nb = v < 1 << 8 ? 1 : v < 1 << 16 ? 2 : v < 1 << 24 ? 3 : 4;
            dst[d++] = (byte) ((59 + nb) << 2);
            for (int k = 0; k < nb; k++) {
                dst[d++] = (byte) (v >>> (8 * k));
            }
        }
        System.arraycopy(src, from, dst, d, n);
        return d + n;
    }

    private static IllegalArgumentException corrupt() {
        return new IllegalArgumentException("snappy: corrupt input");
    }
}
