package dev.ignis.tsdb.internal.tombstones;

import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;

/**
 * Applies deleted intervals to chunks being written into a block, as Prometheus's compactor
 * does: a chunk no interval touches is kept as it is, any other is re-encoded with the
 * remaining samples (its time range shrinks to them), and a chunk with none left is dropped.
 */
public final class ChunkFilter {

    private final XorIterator it = new XorIterator();

    /**
     * {@code c} without the samples in {@code deleted}: {@code c} itself when nothing of it is
     * deleted, null when everything is.
     */
    public BlockWriter.ChunkData apply(BlockWriter.ChunkData c, Intervals deleted) {
        if (deleted == null || !deleted.overlaps(c.minT(), c.maxT()) || c.encoding() != XorChunk.ENCODING) {
            return c;
        }
        XorChunk out = new XorChunk();
        long first = 0;
        long last = 0;
        it.reset(c.data(), 0, c.data().length, -1);
        while (it.next()) {
            long t = it.t();
            if (deleted.contains(t)) {
                continue;
            }
            if (out.numSamples() == 0) {
                first = t;
            }
            last = t;
            out.append(t, it.v());
        }
        return out.numSamples() == 0 ? null : new BlockWriter.ChunkData(first, last, XorChunk.ENCODING, out.toByteArray());
    }
}
