package dev.ignis.tsdb.internal.query;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import java.util.Arrays;

/**
 * Series whose chunks were gathered by one select (head snapshot or block read), sorted by
 * labels, with one reused iterator. Not thread-safe.
 */
public final class ChunkSeriesSet implements SeriesSet {
    private final Labels[] labels;
    private final int[] starts;
    private final int n;
    private final ChunkList chunks;
    private final Intervals[] deleted;
    private final ChunksIterator it;
    private int cur = -1;

    public ChunkSeriesSet(Labels[] labels, int[] starts, int n, ChunkList chunks, long mint, long maxt) {
        this(labels, starts, n, chunks, mint, maxt, null);
    }

    /**
     * @param deleted per series (parallel to {@code labels}) the intervals whose samples are
     *                left out, null entries for none; null when no series has any
     */
    public ChunkSeriesSet(Labels[] labels, int[] starts, int n, ChunkList chunks, long mint, long maxt,
            Intervals[] deleted) {
        this.deleted = deleted;
        this.labels = Arrays.copyOf(labels, n);
        this.starts = starts;
        this.n = n;
        this.chunks = chunks;
        this.it = new ChunksIterator(chunks, mint, maxt);
    }

    @Override
    public boolean next() {
        if (cur + 1 >= n) {
            cur = n;
            return false;
        }
        cur++;
        return true;
    }

    @Override
    public Labels labels() {
        return labels[cur];
    }

    @Override
    public SampleIterator iterator() {
        return it.reset(starts[cur], starts[cur + 1], deleted == null ? null : deleted[cur]);
    }

    /** Number of chunks gathered. */
    public int chunkCount() {
        return chunks.size;
    }
}
