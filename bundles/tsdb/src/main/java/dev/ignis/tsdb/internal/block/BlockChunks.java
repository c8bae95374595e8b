package dev.ignis.tsdb.internal.block;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads chunks from a block's {@code chunks/} segment files ({@code tsdb/docs/format/chunks.md}):
 * 8-byte header (magic 0x85BD40DD, version 1), then records {@code uvarint len | encoding |
 * data | CRC32C(encoding + data)}. A chunk ref is {@code (0-based file index << 32) | offset}.
 * Owns the segment channels. Thread-safe (positional reads).
 */
public final class BlockChunks implements Closeable {

    static final int MAGIC = 0x85BD40DD;

    private final List<FileChannel> files = new ArrayList<>();

    private BlockChunks() {
    }

    /** Opens every segment file of {@code chunksDir}, in name order. */
    public static BlockChunks open(Path chunksDir) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(chunksDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (n.length() == 6 && n.chars().allMatch(Character::isDigit)) {
                    paths.add(p);
                }
            }
        }
        paths.sort(null);
        BlockChunks c = new BlockChunks();
        try {
            for (Path p : paths) {
                FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
                c.files.add(ch);
                ByteBuffer h = ByteBuffer.allocate(8);
                readFully(ch, h, 0);
                if (h.getInt(0) != MAGIC || h.get(4) != 1) {
                    throw new IOException("chunks: bad header in " + p);
                }
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A chunk: its encoding byte and data. */
    public record Chunk(int encoding, byte[] data) {
    }

    /**
     * Reads and checks the chunk at {@code ref}.
     *
     * @throws IOException if the ref is out of range or the chunk is corrupt
     */
    public Chunk chunk(long ref) throws IOException {
        int file = (int) (ref >>> 32);
        long off = ref & 0xffffffffL;
        if (file < 0 || file >= files.size()) {
            throw new IOException("chunks: ref " + Long.toHexString(ref) + " names a missing segment");
        }
        FileChannel ch = files.get(file);
        ByteBuffer head = ByteBuffer.allocate(10 + 1);
        int got = ch.read(head, off);
        if (got <= 0) {
            throw new IOException("chunks: ref " + Long.toHexString(ref) + " beyond the segment");
        }
        long len = 0;
        int i = 0;
        for (int shift = 0;; shift += 7, i++) {
            if (i >= got || shift > 63) {
                throw new IOException("chunks: bad length at " + Long.toHexString(ref));
            }
            int by = head.get(i) & 0xff;
            len |= (long) (by & 0x7f) << shift;
            if (by < 0x80) {
                i++;
                break;
            }
        }
        if (len > Integer.MAX_VALUE - 8) {
            throw new IOException("chunks: length out of range at " + Long.toHexString(ref));
        }
        ByteBuffer body = ByteBuffer.allocate((int) len + 1 + 4);
        readFully(ch, body, off + i);
        byte[] all = body.array();
        CRC32C crc = new CRC32C();
        crc.update(all, 0, (int) len + 1);
        if ((int) crc.getValue() != body.getInt((int) len + 1)) {
            throw new IOException("chunks: checksum mismatch at " + Long.toHexString(ref));
        }
        byte[] data = new byte[(int) len];
        System.arraycopy(all, 1, data, 0, (int) len);
        return new Chunk(all[0] & 0xff, data);
    }

    private static void readFully(FileChannel ch, ByteBuffer bb, long at) throws IOException {
        while (bb.hasRemaining()) {
            int r = ch.read(bb, at + bb.position());
            if (r < 0) {
                throw new IOException("chunks: unexpected end of segment");
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel ch : files) {
            try {
                ch.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        files.clear();
        if (first != null) {
            throw first;
        }
    }
}
