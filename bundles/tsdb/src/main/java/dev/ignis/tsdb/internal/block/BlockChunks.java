package dev.ignis.tsdb.internal.block;

import dev.ignis.tsdb.internal.query.ChunkSource;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads chunks from a block's {@code chunks/} segment files ({@code tsdb/docs/format/chunks.md}):
 * 8-byte header (magic 0x85BD40DD, version 1), then records {@code uvarint len | encoding |
 * data | CRC32C(encoding + data)}. A chunk ref is {@code (0-based file index << 32) | offset}.
 * The segments are mapped read-only ({@link MappedFile}), as Prometheus does: a query reading
 * thousands of chunks costs no system call per chunk. Owns the mappings; reads after
 * {@link #close()} throw {@link IllegalStateException}. Thread-safe.
 */
public final class BlockChunks implements Closeable, ChunkSource {

    static final int MAGIC = 0x85BD40DD;

    // Filled by open only; close drops each file's windows but leaves the list as it is, so
    // that concurrent reads never see it change.
    private final List<MappedFile> files = new ArrayList<>();

    private BlockChunks() {
    }

    /** Opens every segment file of {@code chunksDir}, in name order. */
    public static BlockChunks open(Path chunksDir) throws IOException {
        return open(chunksDir, MappedFile.DEFAULT_WINDOW_SHIFT);
    }

    /** As {@link #open(Path)}, mapping in windows of {@code 1 << windowShift} bytes (small in tests). */
    static BlockChunks open(Path chunksDir, int windowShift) throws IOException {
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
                MappedFile f = MappedFile.open(p, windowShift);
                c.files.add(f);
                if (f.size() < 8 || f.getBE32(0) != MAGIC || f.get(4) != 1) {
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
     * Reads and checks (CRC32C) the chunk at {@code ref}.
     *
     * @throws IOException if the ref is out of range or the chunk is corrupt
     */
    public Chunk chunk(long ref) throws IOException {
        return chunk(ref, true);
    }

    /**
     * Reads the chunk at {@code ref}; checks its CRC32C only if {@code verify}. Queries pass
     * false, as Prometheus 2.42 checks no chunk checksum on query reads; compaction and
     * tools pass true.
     *
     * @throws IOException if the ref is out of range, the record runs past its segment or
     *     (verifying) its checksum is wrong
     */
    public Chunk chunk(long ref, boolean verify) throws IOException {
        Location loc = new Location();
        locate(ref, loc);
        MappedFile f = files.get(loc.file());
        long p = loc.offset() - 1;
        if (verify) {
            CRC32C crc = new CRC32C();
            f.crc(crc, p, 1 + loc.length);
            if ((int) crc.getValue() != f.getBE32(p + 1 + loc.length)) {
                throw new IOException("chunks: checksum mismatch at " + Long.toHexString(ref));
            }
        }
        byte[] data = new byte[loc.length];
        f.copy(loc.offset(), data, 0, loc.length);
        return new Chunk(loc.encoding, data);
    }

    /** Where a chunk's data lies in the segments; reused from one {@link #locate} to the next. */
    public static final class Location {
        private long at;
        private int length;
        private int encoding;

        /** The chunk's encoding byte. */
        public int encoding() {
            return encoding;
        }

        /** Bytes of data (encoding byte and checksum not counted). */
        public int length() {
            return length;
        }

        /** {@code (segment index << 32) | offset of the data}: what {@link #copy} takes. */
        public long position() {
            return at;
        }

        int file() {
            return (int) (at >>> 32);
        }

        long offset() {
            return at & 0xffffffffL;
        }
    }

    /**
     * Finds the chunk at {@code ref} without reading its data or checksum: a select notes where
     * the chunks are and iteration copies each into a reused buffer ({@link #copy}).
     *
     * @throws IOException if the ref is out of range or the record runs past its segment
     */
    public void locate(long ref, Location out) throws IOException {
        int file = (int) (ref >>> 32);
        long off = ref & 0xffffffffL;
        if (file < 0 || file >= files.size()) {
            throw new IOException("chunks: ref " + Long.toHexString(ref) + " names a missing segment");
        }
        MappedFile f = files.get(file);
        long size = f.size();
        if (off < 8 || off >= size) {
            throw new IOException("chunks: ref " + Long.toHexString(ref) + " beyond the segment");
        }
        long len = 0;
        long p = off;
        for (int shift = 0;; shift += 7) {
            if (p >= size || shift > 63) {
                throw new IOException("chunks: bad length at " + Long.toHexString(ref));
            }
            int by = f.get(p++);
            len |= (long) (by & 0x7f) << shift;
            if (by < 0x80) {
                break;
            }
        }
        if (len < 0 || len > Integer.MAX_VALUE - 8 || p + 1 + len + 4 > size) {
            throw new IOException("chunks: chunk at " + Long.toHexString(ref) + " runs past the segment");
        }
        if (p + 1 > 0xffffffffL) {
            throw new IOException("chunks: chunk at " + Long.toHexString(ref) + " beyond 4 GiB");
        }
        out.encoding = f.get(p);
        out.length = (int) len;
        out.at = ((long) file << 32) | (p + 1);
    }

    /**
     * Copies {@code len} bytes of chunk data at {@code position} (from {@link #locate}) into
     * {@code dst}.
     */
    @Override
    public void copy(long position, byte[] dst, int len) {
        files.get((int) (position >>> 32)).copy(position & 0xffffffffL, dst, 0, len);
    }

    /** Drops the mappings (the GC unmaps them once no reader holds a window). */
    @Override
    public void close() {
        for (MappedFile f : files) {
            f.close();
        }
    }
}
