package dev.ignis.tsdb.internal.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A read-only file mapped in windows of {@code 1 << windowShift} bytes (1 GiB by default), so
 * that files above 2 GiB, which one {@code MappedByteBuffer} cannot cover, read as one long-addressed
 * range; values crossing a window boundary are put together byte by byte. The channel is closed
 * once mapped. Java 17 cannot unmap explicitly: {@link #close()} drops the windows and the GC
 * releases the mappings (the file may be deleted meanwhile, as Linux keeps a mapped file's data).
 * Thread-safe; reads after {@link #close()} throw {@link IllegalStateException}.
 */
final class MappedFile implements Closeable {

    static final int DEFAULT_WINDOW_SHIFT = 30;

    private final long size;
    private final int shift;
    private final long mask;
    private volatile ByteBuffer[] windows;

    private MappedFile(long size, int shift, ByteBuffer[] windows) {
        this.size = size;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.windows = windows;
    }

    static MappedFile open(Path file) throws IOException {
        return open(file, DEFAULT_WINDOW_SHIFT);
    }

    /** Maps {@code file} in windows of {@code 1 << windowShift} bytes (small windows in tests). */
    static MappedFile open(Path file, int windowShift) throws IOException {
        if (windowShift < 3 || windowShift > 30) {
            throw new IllegalArgumentException("window shift out of range: " + windowShift);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long window = 1L << windowShift;
            ByteBuffer[] ws = new ByteBuffer[(int) ((size + window - 1) >>> windowShift)];
            // Windows are slices of 1 GiB mappings, not mappings of their own: small test windows
            // would otherwise take one kernel mapping each, kept until the GC frees them, and
            // exhaust vm.max_map_count (65530), which crashed the test JVM.
            long region = 1L << 30;
            ByteBuffer mapped = null;
            long mappedAt = -1;
            for (int i = 0; i < ws.length; i++) {
                long at = (long) i << windowShift;
                long start = at & -region;
                if (start != mappedAt) {
                    mapped = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(region, size - start));
                    mappedAt = start;
                }
                ws[i] = mapped.slice((int) (at - start), (int) Math.min(window, size - at));
            }
            return new MappedFile(size, windowShift, ws);
        }
    }

    long size() {
        return size;
    }

    private ByteBuffer[] windows() {
        ByteBuffer[] ws = windows;
        if (ws == null) {
            throw new IllegalStateException("mapped file closed");
        }
        return ws;
    }

    private void check(long pos, long len) {
        if (pos < 0 || len < 0 || pos + len > size) {
            throw new IllegalArgumentException("read of " + len + " bytes at " + pos + " beyond " + size);
        }
    }

    /** The unsigned byte at {@code pos}. */
    int get(long pos) {
        check(pos, 1);
        return windows()[(int) (pos >>> shift)].get((int) (pos & mask)) & 0xff;
    }

    int getBE32(long pos) {
        check(pos, 4);
        ByteBuffer w = windows()[(int) (pos >>> shift)];
        int at = (int) (pos & mask);
        if (at + 4 <= w.limit()) {
            return w.getInt(at);
        }
        return (get(pos) << 24) | (get(pos + 1) << 16) | (get(pos + 2) << 8) | get(pos + 3);
    }

    long getBE64(long pos) {
        return ((long) getBE32(pos) << 32) | (getBE32(pos + 4) & 0xffffffffL);
    }

    /** Copies {@code len} bytes from {@code pos} into {@code dst}. */
    void copy(long pos, byte[] dst, int off, int len) {
        check(pos, len);
        ByteBuffer[] ws = windows();
        while (len > 0) {
            ByteBuffer w = ws[(int) (pos >>> shift)];
            int at = (int) (pos & mask);
            int n = Math.min(len, w.limit() - at);
            w.get(at, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Adds {@code len} bytes from {@code pos} to {@code crc}. */
    void crc(CRC32C crc, long pos, long len) {
        check(pos, len);
        ByteBuffer[] ws = windows();
        while (len > 0) {
            ByteBuffer w = ws[(int) (pos >>> shift)];
            int at = (int) (pos & mask);
            int n = (int) Math.min(len, w.limit() - at);
            crc.update(w.slice(at, n));
            pos += n;
            len -= n;
        }
    }

    @Override
    public void close() {
        windows = null;
    }

    /** Decodes a range of the file; throws {@link IllegalArgumentException} past its end. Not thread-safe. */
    static final class Cursor {
        private final MappedFile f;
        private long pos;
        private long end;
        // The windows as of the last reset: one volatile read per record, not per byte.
        private ByteBuffer[] ws;

        Cursor(MappedFile f) {
            this.f = f;
        }

        /** Reads [at, at + len), clipped to the file. */
        Cursor reset(long at, long len) {
            ws = f.windows();
            pos = at;
            end = Math.min(at + len, f.size);
            return this;
        }

        long position() {
            return pos;
        }

        long remaining() {
            return end - pos;
        }

        private void need(int k) {
            if (pos + k > end) {
                throw new IllegalArgumentException("record truncated");
            }
        }

        int getByte() {
            need(1);
            long p = pos++;
            return ws[(int) (p >>> f.shift)].get((int) (p & f.mask)) & 0xff;
        }

        int getBE32() {
            need(4);
            int x = f.getBE32(pos);
            pos += 4;
            return x;
        }

        long getBE64() {
            need(8);
            long x = f.getBE64(pos);
            pos += 8;
            return x;
        }

        long getUvarint() {
            long x = 0;
            for (int s = 0; s < 64; s += 7) {
                int by = getByte();
                x |= (long) (by & 0x7f) << s;
                if (by < 0x80) {
                    return x;
                }
            }
            throw new IllegalArgumentException("varint overflows 64 bits");
        }

        long getVarint() {
            long zz = getUvarint();
            return (zz >>> 1) ^ -(zz & 1);
        }

        /**
         * Compares the length-prefixed string here with {@code target} byte by byte, unsigned (Go's
         * string order for UTF-8), and moves past it; no allocation.
         */
        int compareUvarintStr(byte[] target) {
            long len = getUvarint();
            if (len > remaining()) {
                throw new IllegalArgumentException("string longer than the record");
            }
            long start = pos;
            long n = Math.min(len, target.length);
            int c = 0;
            for (int i = 0; i < n && c == 0; i++) {
                c = Integer.compare(getByte(), target[i] & 0xff);
            }
            pos = start + len;
            return c != 0 ? c : Long.compare(len, target.length);
        }

        void skipUvarintStr() {
            long len = getUvarint();
            if (len > remaining()) {
                throw new IllegalArgumentException("string longer than the record");
            }
            pos += len;
        }

        String getUvarintStr() {
            long len = getUvarint();
            if (len > remaining()) {
                throw new IllegalArgumentException("string longer than the record");
            }
            byte[] b = new byte[(int) len];
            f.copy(pos, b, 0, b.length);
            pos += len;
            return new String(b, StandardCharsets.UTF_8);
        }
    }
}
