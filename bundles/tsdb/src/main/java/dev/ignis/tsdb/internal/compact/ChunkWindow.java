package dev.ignis.tsdb.internal.compact;

import dev.ignis.tsdb.internal.block.BlockChunks;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a block's chunks in ref order through a 1 MiB window per read, for the compactor: a
 * merge reads series in index order, whose chunks lie one after the other in the segments,
 * so one positional read serves hundreds of chunks where {@link BlockChunks#chunk} issues two
 * per chunk (those reads were the largest share of a 1000-series compaction's time). Checks
 * each chunk's CRC32C as {@link BlockChunks} does. Owns its file channels. Not thread-safe.
 */
final class ChunkWindow implements Closeable {

    private static final int WINDOW = 1 << 20;

    private final Path chunksDir;
    private FileChannel[] files = new FileChannel[0];
    private byte[] buf = new byte[WINDOW];
    private int bufFile = -1;
    private long bufStart;
    private int bufLen;
    private final CRC32C crc = new CRC32C();

    ChunkWindow(Path chunksDir) {
        this.chunksDir = chunksDir;
    }

    /**
     * The chunk at {@code ref} ({@code segment index << 32 | offset}).
     *
     * @throws IOException if the segment is missing, the chunk runs past its end or its checksum is wrong
     */
    BlockChunks.Chunk chunk(long ref) throws IOException {
        int file = (int) (ref >>> 32);
        long off = ref & 0xffffffffL;
        // Length varint (at most 10 bytes) plus the encoding byte.
        ensure(file, off, 11, ref);
        int p = (int) (off - bufStart);
        long len = 0;
        int i = 0;
        for (int shift = 0;; shift += 7, i++) {
            if (p + i >= bufLen || shift > 63) {
                throw new IOException("chunks: bad length at " + Long.toHexString(ref));
            }
            int b = buf[p + i] & 0xff;
            len |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                i++;
                break;
            }
        }
        if (len > Integer.MAX_VALUE - 16) {
            throw new IOException("chunks: length out of range at " + Long.toHexString(ref));
        }
        int total = i + 1 + (int) len + 4;
        ensure(file, off, total, ref);
        p = (int) (off - bufStart);
        if (p + total > bufLen) {
            throw new IOException("chunks: chunk at " + Long.toHexString(ref) + " runs past the segment");
        }
        int enc = p + i;
        crc.reset();
        crc.update(buf, enc, 1 + (int) len);
        int at = enc + 1 + (int) len;
        int want = ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8) | (buf[at + 3] & 0xff);
        if ((int) crc.getValue() != want) {
            throw new IOException("chunks: checksum mismatch at " + Long.toHexString(ref));
        }
        byte[] data = new byte[(int) len];
        System.arraycopy(buf, enc + 1, data, 0, (int) len);
        return new BlockChunks.Chunk(buf[enc] & 0xff, data);
    }

    /** Makes [off, off + n) of segment {@code file} available in the window, if the file has it. */
    private void ensure(int file, long off, int n, long ref) throws IOException {
        if (file == bufFile && off >= bufStart && off + n <= bufStart + bufLen) {
            return;
        }
        FileChannel ch = channel(file, ref);
        if (n > buf.length) {
            buf = new byte[n];
        }
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, buf.length);
        long size = ch.size();
        while (bb.hasRemaining() && off + bb.position() < size) {
            if (ch.read(bb, off + bb.position()) < 0) {
                break;
            }
        }
        bufFile = file;
        bufStart = off;
        bufLen = bb.position();
    }

    private FileChannel channel(int file, long ref) throws IOException {
        if (file < 0 || file > 1_000_000) {
            throw new IOException("chunks: ref " + Long.toHexString(ref) + " names a missing segment");
        }
        if (file >= files.length) {
            FileChannel[] grown = new FileChannel[file + 1];
            System.arraycopy(files, 0, grown, 0, files.length);
            files = grown;
        }
        if (files[file] == null) {
            try {
                files[file] = FileChannel.open(chunksDir.resolve(String.format("%06d", file + 1)), StandardOpenOption.READ);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new IOException("chunks: ref " + Long.toHexString(ref) + " names a missing segment", e);
            }
        }
        return files[file];
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : files) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    }
                }
            }
        }
        files = new FileChannel[0];
        if (first != null) {
            throw first;
        }
    }
}
