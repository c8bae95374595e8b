package dev.ignis.tsdb.internal.query;

/**
 * Where the chunks of a {@link ChunkList} entry added by {@link ChunkList#addAt} are read from
 * when iteration reaches them (a block's mapped chunk segments).
 */
public interface ChunkSource {
    /**
     * Copies {@code len} bytes of chunk data at {@code position} into {@code dst} from index 0.
     *
     * @throws IllegalStateException if the source is closed
     */
    void copy(long position, byte[] dst, int len);
}
