package dev.ignis.tsdb.internal.block;

import dev.ignis.tsdb.internal.util.ByteBuf;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A new file written sequentially through a buffer and fsynced when closed. Owns its channel.
 * Not thread-safe.
 */
final class SyncedFile implements Closeable {

    private final FileChannel ch;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    private long pos;
    private boolean closed;

    SyncedFile(Path file) throws IOException {
        ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Bytes written so far. */
    long position() {
        return pos;
    }

    void write(ByteBuf b) throws IOException {
        write(b.array(), 0, b.length());
    }

    void write(byte[] a, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int n = Math.min(len, buf.remaining());
            buf.put(a, off, n);
            off += n;
            len -= n;
            pos += n;
        }
    }

    /** Writes zero bytes up to the next multiple of {@code align}. */
    void pad(int align) throws IOException {
        int n = (int) ((align - pos % align) % align);
        for (int i = 0; i < n; i++) {
            if (!buf.hasRemaining()) {
                flush();
            }
            buf.put((byte) 0);
            pos++;
        }
    }

    private void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
        buf.clear();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flush();
            ch.force(true);
        } finally {
            ch.close();
        }
    }

    /** Fsyncs a directory so that entries created or renamed in it survive a crash. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
