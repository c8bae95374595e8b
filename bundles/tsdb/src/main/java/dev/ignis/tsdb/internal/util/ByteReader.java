package dev.ignis.tsdb.internal.util;

import java.nio.charset.StandardCharsets;

/**
 * Decodes what {@link ByteBuf} encodes, from a byte range. Reusable; throws
 * {@link IllegalArgumentException} on truncated or malformed input. Not thread-safe.
 */
public final class ByteReader {
    private byte[] b;
    private int pos;
    private int end;

    public ByteReader reset(byte[] bytes, int off, int len) {
        b = bytes;
        pos = off;
        end = off + len;
        return this;
    }

    public int remaining() {
        return end - pos;
    }

    /** Absolute offset of the next byte. */
    public int position() {
        return pos;
    }

    public int getBE32() {
        need(4);
        int x = ((b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16) | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
        pos += 4;
        return x;
    }

    public int getByte() {
        need(1);
        return b[pos++] & 0xff;
    }

    public long getBE64() {
        need(8);
        long x = 0;
        for (int i = 0; i < 8; i++) {
            x = (x << 8) | (b[pos + i] & 0xff);
        }
        pos += 8;
        return x;
    }

    public long getUvarint() {
        long x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int by = getByte();
            x |= (long) (by & 0x7f) << shift;
            if (by < 0x80) {
                return x;
            }
        }
        throw new IllegalArgumentException("varint overflows 64 bits");
    }

    public long getVarint() {
        long zz = getUvarint();
        return (zz >>> 1) ^ -(zz & 1);
    }

    public String getUvarintStr() {
        long len = getUvarint();
        if (len > remaining()) {
            throw new IllegalArgumentException("string longer than the record");
        }
        String s = new String(b, pos, (int) len, StandardCharsets.UTF_8);
        pos += (int) len;
        return s;
    }

    private void need(int k) {
        if (pos + k > end) {
            throw new IllegalArgumentException("record truncated");
        }
    }
}
