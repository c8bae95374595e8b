package dev.ignis.tsdb.internal.tombstones;

import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A block's {@code tombstones} file (Prometheus {@code tsdb/docs/format/tombstones.md}): magic
 * {@code 0x0130BA30} (4 bytes, big-endian), format version 1 (1 byte), then per deleted
 * interval {@code uvarint ref | varint mint | varint maxt}, then a CRC32 Castagnoli of the
 * entries (the version byte excluded), big-endian. A missing file means no tombstones.
 * Prometheus writes the series in map order; this writes them by ascending ref.
 */
public final class TombstoneFile {

    /** The file's name in a block directory. */
    public static final String NAME = "tombstones";
    public static final int MAGIC = 0x0130BA30;
    public static final int VERSION = 1;

    private TombstoneFile() {
    }

    /**
     * Reads {@code blockDir/tombstones}; empty when the file does not exist.
     *
     * @throws IOException if the file cannot be read or is corrupt (size, magic, version, CRC)
     */
    public static Tombstones read(Path blockDir) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(blockDir.resolve(NAME));
        } catch (NoSuchFileException e) {
            return new Tombstones();
        }
        return decode(b);
    }

    /** Decodes a whole file's bytes. */
    public static Tombstones decode(byte[] b) throws IOException {
        if (b.length < 9) {
            throw new IOException("tombstones header: invalid size");
        }
        ByteReader r = new ByteReader().reset(b, 0, b.length - 4);
        int magic = r.getBE32();
        if (magic != MAGIC) {
            throw new IOException("invalid magic number " + Integer.toHexString(magic));
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 5, b.length - 9);
        int want = ByteBuffer.wrap(b, b.length - 4, 4).getInt();
        if ((int) crc.getValue() != want) {
            throw new IOException("checksum did not match");
        }
        int version = r.getByte();
        if (version != VERSION) {
            throw new IOException("invalid tombstone format " + Integer.toHexString(version));
        }
        Tombstones t = new Tombstones();
        try {
            while (r.remaining() > 0) {
                long ref = r.getUvarint();
                long mint = r.getVarint();
                long maxt = r.getVarint();
                t.add(ref, mint, maxt);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("tombstones: " + e.getMessage(), e);
        }
        return t;
    }

    /** The file's bytes for {@code t}. */
    public static byte[] encode(Tombstones t) {
        ByteBuf b = new ByteBuf(64);
        b.putBE32(MAGIC);
        b.putByte(VERSION);
        t.forEachSorted((ref, ivs) -> {
            for (int i = 0; i < ivs.size(); i++) {
                b.putUvarint(ref);
                b.putVarint(ivs.mint(i));
                b.putVarint(ivs.maxt(i));
            }
        });
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 5, b.length() - 5);
        b.putBE32((int) crc.getValue());
        byte[] out = new byte[b.length()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
    }

    /**
     * Replaces {@code blockDir/tombstones} atomically: writes {@code tombstones.tmp}, fsyncs it,
     * renames it over the file and fsyncs the directory.
     *
     * @return the file's size
     */
    public static long write(Path blockDir, Tombstones t) throws IOException {
        byte[] bytes = encode(t);
        Path tmp = blockDir.resolve(NAME + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, blockDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDir(blockDir);
        return bytes.length;
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to sync a directory; the rename is still atomic.
        }
    }
}
