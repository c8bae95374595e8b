package dev.ignis.tsdb.internal.wal;

import java.util.Arrays;

/**
 * Snappy block format (not the framing format), as Prometheus uses it for compressed WAL
 * records: a uvarint decoded length, then literal and copy elements. The compressor is a
 * simple greedy one with a 4-byte hash table and copies of at most 64 KiB back; any snappy
 * decoder reads its output.
 */
final class Snappy {

    private static final int TABLE_BITS = 14;

    private final int[] table = new int[1 << TABLE_BITS];

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
        Arrays.fill(table, 0);
        int end = off + len;
        int lit = off;
        int i = off;
        while (i + 4 <= end) {
            int word = read32(src, i);
            int h = (word * 0x1e35a7bd) >>> (32 - TABLE_BITS);
            int cand = table[h] - 1 + off;
            table[h] = i - off + 1;
            if (cand >= off && i - cand <= 0xffff && read32(src, cand) == word) {
                d = literal(src, lit, i - lit, dst, d);
                int m = 4;
                while (i + m < end && src[cand + m] == src[i + m]) {
                    m++;
                }
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
            } else {
                i++;
            }
        }
        return literal(src, lit, end - lit, dst, d);
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

    private static int read32(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    private static IllegalArgumentException corrupt() {
        return new IllegalArgumentException("snappy: corrupt input");
    }
}
