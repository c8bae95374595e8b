package dev.ignis.tsdb.internal.query;

import dev.ignis.api.storage.SampleIterator;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.tombstones.Intervals;

/**
 * Samples of consecutive chunks of one series within [mint, maxt], without those in the
 * series' deleted intervals (tombstones). Reusable.
 */
public final class ChunksIterator implements SampleIterator {
    private final ChunkList chunks;
    private final long mint;
    private final long maxt;
    private final XorIterator xor = new XorIterator();
    private int chunk;
    private int end;
    private boolean inChunk;
    private boolean done;
    private Intervals deleted;
    // Index of the first deleted interval that may still hold a coming timestamp.
    private int del;

    public ChunksIterator(ChunkList chunks, long mint, long maxt) {
        this.chunks = chunks;
        this.mint = mint;
        this.maxt = maxt;
    }

    public ChunksIterator reset(int from, int to) {
        return reset(from, to, null);
    }

    /** Iterates chunks [from, to) skipping timestamps in {@code deleted} (null: none). */
    public ChunksIterator reset(int from, int to, Intervals deleted) {
        this.deleted = deleted == null || deleted.isEmpty() ? null : deleted;
        del = 0;
        chunk = from;
        end = to;
        inChunk = false;
        done = from >= to;
        return this;
    }

    @Override
    public boolean next() {
        while (!done) {
            if (!inChunk) {
                if (chunk >= end) {
                    done = true;
                    return false;
                }
                byte[] d = chunks.data[chunk];
                xor.reset(d, 0, d.length, chunks.samples[chunk]);
                inChunk = true;
            }
            if (xor.next()) {
                long t = xor.t();
                if (t < mint) {
                    continue;
                }
                if (t > maxt) {
                    done = true;
                    return false;
                }
                if (deleted != null && isDeleted(t)) {
                    continue;
                }
                return true;
            }
            inChunk = false;
            chunk++;
        }
        return false;
    }

    private boolean isDeleted(long t) {
        // Timestamps only grow: intervals ending before t are done with.
        while (del < deleted.size() && deleted.maxt(del) < t) {
            del++;
        }
        return del < deleted.size() && deleted.mint(del) <= t;
    }

    @Override
    public boolean seek(long t) {
        if (done) {
            return false;
        }
        if (inChunk && xor.t() >= t && xor.t() >= mint) {
            return true;
        }
        // Skip whole chunks that end before t.
        while (chunk < end && chunks.maxT[chunk] < t) {
            chunk++;
            inChunk = false;
        }
        while (next()) {
            if (xor.t() >= t) {
                return true;
            }
        }
        return false;
    }

    @Override
    public long t() {
        return xor.t();
    }

    @Override
    public double v() {
        return xor.v();
    }
}
