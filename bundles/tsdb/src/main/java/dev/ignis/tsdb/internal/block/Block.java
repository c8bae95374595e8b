package dev.ignis.tsdb.internal.block;

import dev.ignis.api.storage.Querier;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A persisted block directory: {@code meta.json}, {@code index}, {@code chunks/}. Covers
 * [minTime, maxTime). Owns its chunk files. Thread-safe once opened.
 */
public final class Block implements Closeable {

    private final Path dir;
    private final BlockMeta meta;
    private final BlockIndex index;
    private final BlockChunks chunks;

    private Block(Path dir, BlockMeta meta, BlockIndex index, BlockChunks chunks) {
        this.dir = dir;
        this.meta = meta;
        this.index = index;
        this.chunks = chunks;
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
        BlockChunks chunks = BlockChunks.open(dir.resolve("chunks"));
        return new Block(dir, meta, index, chunks);
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

    /** Whether the block holds any time in [mint, maxt] (inclusive bounds). */
    public boolean overlaps(long mint, long maxt) {
        return meta.minTime() <= maxt && meta.maxTime() > mint;
    }

    /** A querier over [mint, maxt]. */
    public Querier querier(long mint, long maxt) {
        return new BlockQuerier(this, mint, maxt);
    }

    @Override
    public void close() throws IOException {
        chunks.close();
    }
}
