package dev.ignis.tsdb.internal.block;

import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A persisted block directory: {@code meta.json}, {@code index}, {@code chunks/}. Covers
 * [minTime, maxTime). Owns its chunk files and index mapping. Thread-safe once opened.
 */
public final class Block implements Closeable {

    private final Path dir;
    private final BlockMeta meta;
    private final BlockIndex index;
    private final BlockChunks chunks;
    // Replaced whole by a deletion (BlockTombstones), never changed in place.
    private volatile Tombstones tombstones;

    private Block(Path dir, BlockMeta meta, BlockIndex index, BlockChunks chunks, Tombstones tombstones) {
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
        this.tombstones = tombstones;
    }

    /** Whether {@code dir}'s name is a block ULID (26 Crockford base32 characters). */
    public static boolean isBlockDir(Path dir) {
        String n = dir.getFileName().toString();
        return n.length() == 26 && n.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))
                && Files.isRegularFile(dir.resolve("meta.json"));
    }

    /**
     * Opens and checks a block.
     *
     * @throws IOException if a file is missing or corrupt
     */
    public static Block open(Path dir) throws IOException {
        BlockMeta meta = BlockMeta.read(dir);
        BlockIndex index = BlockIndex.open(dir.resolve("index"));
        try {
            Tombstones tombstones = TombstoneFile.read(dir);
            BlockChunks chunks = BlockChunks.open(dir.resolve("chunks"));
            return new Block(dir, meta, index, chunks, tombstones);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public BlockMeta meta() {
        return meta;
    }

    public BlockIndex index() {
        return index;
    }

    public BlockChunks chunks() {
        return chunks;
    }

    /**
     * The deleted intervals by series ref of this block's index (its {@code tombstones} file).
     * Not to be modified: a deletion replaces it (see {@link BlockTombstones}).
     */
    public Tombstones tombstones() {
        return tombstones;
    }

    void setTombstones(Tombstones t) {
        tombstones = t;
    }

    /** Whether the block holds any time in [mint, maxt] (inclusive bounds). */
    public boolean overlaps(long mint, long maxt) {
        return meta.minTime() <= maxt && meta.maxTime() > mint;
    }

    /** A querier over [mint, maxt]. */
    public Querier querier(long mint, long maxt) {
        return new BlockQuerier(this, mint, maxt);
    }

    /** Closes the chunk files and drops the index mapping: only once no querier reads the block. */
    @Override
    public void close() throws IOException {
        index.close();
        chunks.close();
    }
}
