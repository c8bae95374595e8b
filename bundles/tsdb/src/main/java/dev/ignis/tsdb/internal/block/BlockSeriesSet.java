package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.query.ChunksIterator;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The series of a block select, read one at a time as {@link #next()} reaches them: the series
 * entry is decoded into reused arrays, the chunks' places in the mapped segments are noted, and
 * the iterator copies each chunk into one reused buffer as it decodes it. Per series only the
 * label set is allocated. Reads the block's files until the querier is closed. Not thread-safe.
 */
final class BlockSeriesSet implements SeriesSet {

    private final Block block;
    private final long[] refs;
    private final long mint;
    private final long maxt;
    private final Tombstones tombstones;
    private final BlockIndex.SeriesReader reader;
    private final BlockChunks.Location loc = new BlockChunks.Location();
    private final ChunkList chunks;
    private final ChunksIterator it;
    private int pos;
    private Labels labels;
    private Intervals deleted;

    BlockSeriesSet(Block block, long[] refs, long mint, long maxt, Tombstones tombstones) {
        this.block = block;
        this.refs = refs;
        this.mint = mint;
        this.maxt = maxt;
        this.tombstones = tombstones;
        this.reader = block.index().seriesReader();
        this.chunks = new ChunkList(block.chunks());
        this.it = new ChunksIterator(chunks, mint, maxt);
    }

    @Override
    public boolean next() {
        try {
            while (pos < refs.length) {
                long ref = refs[pos++];
                reader.read(ref);
                chunks.clear();
                Intervals del = tombstones.isEmpty() ? null : tombstones.get(ref);
                // As Prometheus: a chunk that deleted time (or time outside the query) covers
                // whole is left out, and so is a series left without chunks.
                Intervals cover = del == null ? null : del.withOutside(mint, maxt);
                for (int i = 0; i < reader.chunks(); i++) {
                    long cmin = reader.minT(i);
                    long cmax = reader.maxT(i);
                    if (cmax >= mint && cmin <= maxt && (cover == null || !cover.covers(cmin, cmax))) {
                        block.chunks().locate(reader.chunkRef(i), loc);
                        if (loc.encoding() == XorChunk.ENCODING) {
                            chunks.addAt(loc.position(), loc.length(), cmin, cmax);
                        }
                    }
                }
                if (chunks.size > 0) {
                    labels = reader.labels();
                    deleted = del;
                    return true;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("block " + block.meta().ulid() + ": " + e.getMessage(), e);
        }
        labels = null;
        return false;
    }

    @Override
    public Labels labels() {
        if (labels == null) {
            throw new IllegalStateException("no current series");
        }
        return labels;
    }

    @Override
    public SampleIterator iterator() {
        if (labels == null) {
            throw new IllegalStateException("no current series");
        }
        return it.reset(0, chunks.size, deleted);
    }
}
