package dev.ignis.tsdb.internal.util;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for encoding records: big-endian fixed-width integers, Go-style
 * varints (LEB128; signed ones zig-zag) and uvarint-length-prefixed UTF-8 strings. Reused
 * across records with {@link #reset()}. Not thread-safe.
 */
public final class ByteBuf {
    private byte[] b;
    private int n;

    public ByteBuf(int capacity) {
        b = new byte[Math.max(16, capacity)];
    }

    public byte[] array() {
        return b;
    }

    public int length() {
        return n;
    }

    public ByteBuf reset() {
        n = 0;
        return this;
    }

    public void putByte(int x) {
        ensure(1);
        b[n++] = (byte) x;
    }

    public void putBE32(int x) {
        ensure(4);
        b[n] = (byte) (x >>> 24);
        b[n + 1] = (byte) (x >>> 16);
        b[n + 2] = (byte) (x >>> 8);
        b[n + 3] = (byte) x;
        n += 4;
    }

    public void putBE64(long x) {
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            b[n + i] = (byte) x;
            x >>>= 8;
        }
        n += 8;
    }

    public void putUvarint(long x) {
        ensure(10);
        while ((x & ~0x7fL) != 0) {
            b[n++] = (byte) ((x & 0x7f) | 0x80);
            x >>>= 7;
        }
        b[n++] = (byte) x;
    }

    public void putVarint(long x) {
        putUvarint((x << 1) ^ (x >> 63));
    }

    /** A uvarint byte length, then the string as UTF-8. */
    public void putUvarintStr(String s) {
        int len = s.length();
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            putUvarint(len);
            ensure(len);
            for (int i = 0; i < len; i++) {
                b[n++] = (byte) s.charAt(i);
            }
        } else {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            putUvarint(utf8.length);
            putBytes(utf8, 0, utf8.length);
        }
    }

    public void putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, b, n, len);
        n += len;
    }

    private void ensure(int more) {
        if (n + more > b.length) {
            b = Arrays.copyOf(b, Math.max(n + more, b.length * 2));
        }
    }
}
