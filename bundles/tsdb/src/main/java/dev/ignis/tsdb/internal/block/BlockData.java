package dev.ignis.tsdb.internal.block;

import dev.ignis.tsdb.internal.tombstones.ChunkFilter;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's whole content as {@link BlockWriter} input, with its tombstones applied: for
 * cleaning tombstones and for compaction. Chunks that no deleted interval touches are passed
 * on as they are; touched ones are re-encoded without the deleted samples (see
 * {@link ChunkFilter}); series left without chunks are left out.
 */
public final class BlockData {

    private BlockData() {
    }

    /** Every series of {@code b}, in index order, tombstones applied. */
    public static List<BlockWriter.SeriesData> series(Block b) throws IOException {
        return series(b, b.tombstones());
    }

    /** Every series of {@code b}, in index order, with {@code deleted} applied. */
    public static List<BlockWriter.SeriesData> series(Block b, Tombstones deleted) throws IOException {
        BlockIndex index = b.index();
        ChunkFilter filter = new ChunkFilter();
        List<BlockWriter.SeriesData> out = new ArrayList<>();
        for (long ref : index.allPostings()) {
            BlockIndex.Series s = index.series(ref);
            Intervals del = deleted.get(ref);
            List<BlockWriter.ChunkData> cs = new ArrayList<>(s.chunkRefs().length);
            for (int i = 0; i < s.chunkRefs().length; i++) {
                if (del != null && del.covers(s.minT()[i], s.maxT()[i])) {
                    continue;
                }
                BlockChunks.Chunk c = b.chunks().chunk(s.chunkRefs()[i]);
                BlockWriter.ChunkData whole = new BlockWriter.ChunkData(s.minT()[i], s.maxT()[i], c.encoding(), c.data());
                BlockWriter.ChunkData kept = filter.apply(whole, del);
                if (kept != null) {
                    cs.add(kept);
                }
            }
            if (!cs.isEmpty()) {
                out.add(new BlockWriter.SeriesData(s.labels(), cs));
            }
        }
        return out;
    }
}
