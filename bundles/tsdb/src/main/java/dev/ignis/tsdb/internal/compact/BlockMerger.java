package dev.ignis.tsdb.internal.compact;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockChunks;
import dev.ignis.tsdb.internal.block.BlockIndex;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.BlockWriter.ChunkData;
import dev.ignis.tsdb.internal.block.BlockWriter.SeriesData;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads several blocks as one sorted list of series for {@link BlockWriter}, as Prometheus 2.42's
 * compactor populates a block: series with equal labels are joined; a chunk that does not
 * overlap any other chunk of its series and loses no sample to a deletion is copied as it is;
 * a chunk touched by a deleted interval (or reaching outside its block's range) is re-encoded
 * without those samples; chunks of one series that overlap in time (overlapping blocks) are
 * merged sample by sample, a timestamp present more than once kept once (from the block given
 * first), and re-encoded into chunks of at most 120 samples. Series are handed out one at a
 * time (or collected in a list for tests). Not thread-safe.
 */
public final class BlockMerger {

    /** Samples per chunk when overlapping chunks are re-encoded (Prometheus's seriesToChunkEncoderSplit). */
    static final int MAX_SAMPLES_PER_CHUNK = 120;

    /**
     * Deleted time of a block's series: sorted, disjoint closed intervals as
     * {@code [mint0, maxt0, mint1, maxt1, ...]}, or null when nothing is deleted. This is where a
     * block's tombstones are applied when it is compacted.
     */
    @FunctionalInterface
    public interface Deletions {
        /** No deletions. */
        Deletions NONE = ref -> null;

        /** The deleted intervals of the series at index ref {@code seriesRef}. */
        long[] intervals(long seriesRef) throws IOException;
    }

    /** A block to read and its deletions. */
    public record Source(Block block, Deletions deletions) {
        public Source(Block block) {
            this(block, Deletions.NONE);
        }
    }

    /** What a merge saw, for the caller's metrics and logs. */
    public static final class Stats {
        /** Chunks copied unchanged. */
        public long chunksCopied;
        /** Chunks decoded and written again (deletions, trimming, overlaps). */
        public long chunksReencoded;
        /** Whether any series had chunks overlapping in time. */
        public boolean overlapping;
    }

    private final XorIterator it = new XorIterator();
    private final Stats stats = new Stats();

    public Stats stats() {
        return stats;
    }

    /**
     * The series of {@code sources} (in the order given: the first one wins a duplicate
     * timestamp), sorted by labels, each with its chunks in time order.
     *
     * @throws IOException if a block's index or chunks cannot be read
     */
    public List<SeriesData> merge(List<Source> sources) throws IOException {
        List<SeriesData> out = new ArrayList<>();
        merge(sources, (labels, chunks) -> out.add(new SeriesData(labels, chunks)));
        return out;
    }

    /** Receives merged series one at a time, in label order. */
    @FunctionalInterface
    public interface Sink {
        void series(Labels labels, List<ChunkData> chunks) throws IOException;
    }

    /**
     * As {@link #merge(List)}, handing each series to {@code sink} as soon as it is merged, so
     * that only one series' chunks are held at a time.
     */
    public void merge(List<Source> sources, Sink sink) throws IOException {
        List<ChunkWindow> windows = new ArrayList<>();
        try {
            for (Source s : sources) {
                windows.add(new ChunkWindow(s.block().dir().resolve("chunks")));
            }
            merge(sources, windows, sink);
        } finally {
            IOException first = null;
            for (ChunkWindow w : windows) {
                try {
                    w.close();
                } catch (IOException e) {
                    first = first == null ? e : first;
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private void merge(List<Source> sources, List<ChunkWindow> windows, Sink sink) throws IOException {
        int n = sources.size();
        long[][] postings = new long[n][];
        int[] pos = new int[n];
        BlockIndex.Series[] current = new BlockIndex.Series[n];
        for (int i = 0; i < n; i++) {
            postings[i] = sources.get(i).block().index().allPostings();
            current[i] = advance(sources.get(i), postings[i], pos, i);
        }
        List<Chunk> chunks = new ArrayList<>();
        while (true) {
            Labels min = null;
            for (int i = 0; i < n; i++) {
                if (current[i] != null && (min == null || BlockWriter.LABELS_ORDER.compare(current[i].labels(), min) < 0)) {
                    min = current[i].labels();
                }
            }
            if (min == null) {
                return;
            }
            chunks.clear();
            for (int i = 0; i < n; i++) {
                if (current[i] != null && BlockWriter.LABELS_ORDER.compare(current[i].labels(), min) == 0) {
                    readChunks(sources.get(i), windows.get(i), postings[i][pos[i] - 1], current[i], i, chunks);
                    current[i] = advance(sources.get(i), postings[i], pos, i);
                }
            }
            List<ChunkData> merged = mergeChunks(chunks);
            if (!merged.isEmpty()) {
                sink.series(min, merged);
            }
        }
    }

    private static BlockIndex.Series advance(Source s, long[] postings, int[] pos, int i) throws IOException {
        if (pos[i] >= postings.length) {
            return null;
        }
        return s.block().index().series(postings[pos[i]++]);
    }

    /** A chunk read from a source: data with its sample count in the first two bytes. */
    private record Chunk(long minT, long maxT, int encoding, byte[] data, int source) {
    }

    private void readChunks(Source src, ChunkWindow chunkReader, long ref, BlockIndex.Series s, int source, List<Chunk> out)
            throws IOException {
        long[] deleted = src.deletions().intervals(ref);
        // Samples outside the block's own [minTime, maxTime) are dropped, as Prometheus trims them.
        long lo = src.block().meta().minTime();
        long hi = src.block().meta().maxTime() - 1;
        for (int i = 0; i < s.chunkRefs().length; i++) {
            long cmin = s.minT()[i];
            long cmax = s.maxT()[i];
            if (cmax < lo || cmin > hi || covered(deleted, cmin, cmax)) {
                continue;
            }
            BlockChunks.Chunk c = chunkReader.chunk(s.chunkRefs()[i]);
            if (cmin >= lo && cmax <= hi && !touches(deleted, cmin, cmax)) {
                out.add(new Chunk(cmin, cmax, c.encoding(), c.data(), source));
                continue;
            }
            requireXor(c.encoding());
            stats.chunksReencoded++;
            XorChunk x = new XorChunk();
            long first = 0;
            long last = 0;
            it.reset(c.data());
            while (it.next()) {
                long t = it.t();
                if (t < lo || t > hi || deletedAt(deleted, t)) {
                    continue;
                }
                if (x.numSamples() == 0) {
                    first = t;
                }
                last = t;
                x.append(t, it.v());
            }
            if (x.numSamples() > 0) {
                out.add(new Chunk(first, last, XorChunk.ENCODING, x.toByteArray(), source));
            }
        }
    }

    private List<ChunkData> mergeChunks(List<Chunk> chunks) {
        // By min time, then max time; equal keys keep source order (the sort is stable).
        chunks.sort(Comparator.comparingLong(Chunk::minT).thenComparingLong(Chunk::maxT));
        List<ChunkData> out = new ArrayList<>(chunks.size());
        int i = 0;
        while (i < chunks.size()) {
            Chunk c = chunks.get(i);
            int j = i + 1;
            long groupMax = c.maxT();
            while (j < chunks.size() && chunks.get(j).minT() <= groupMax) {
                groupMax = Math.max(groupMax, chunks.get(j).maxT());
                j++;
            }
            if (j == i + 1) {
                stats.chunksCopied++;
                out.add(new ChunkData(c.minT(), c.maxT(), c.encoding(), c.data()));
            } else {
                stats.overlapping = true;
                mergeOverlapping(chunks.subList(i, j), out);
            }
            i = j;
        }
        return out;
    }

    /** Merges chunks overlapping in time into new chunks of at most 120 samples. */
    private void mergeOverlapping(List<Chunk> group, List<ChunkData> out) {
        // Decode all samples of the group, then order them by time and, for equal times, by source.
        int total = 0;
        for (Chunk c : group) {
            requireXor(c.encoding());
            total += ((c.data()[0] & 0xff) << 8) | (c.data()[1] & 0xff);
        }
        long[] ts = new long[total];
        double[] vs = new double[total];
        int[] src = new int[total];
        Integer[] order = new Integer[total];
        int k = 0;
        for (Chunk c : group) {
            it.reset(c.data());
            while (it.next() && k < total) {
                ts[k] = it.t();
                vs[k] = it.v();
                src[k] = c.source();
                order[k] = k;
                k++;
            }
        }
        final int count = k;
        Integer[] sorted = java.util.Arrays.copyOf(order, count);
        java.util.Arrays.sort(sorted, (a, b) -> ts[a] != ts[b] ? Long.compare(ts[a], ts[b]) : Integer.compare(src[a], src[b]));
        XorChunk x = null;
        long first = 0;
        long last = Long.MIN_VALUE;
        for (int idx = 0; idx < count; idx++) {
            int s = sorted[idx];
            if (idx > 0 && ts[s] == last) {
                continue;
            }
            if (x == null || x.numSamples() >= MAX_SAMPLES_PER_CHUNK) {
                if (x != null) {
                    out.add(new ChunkData(first, last, XorChunk.ENCODING, x.toByteArray()));
                    stats.chunksReencoded++;
                }
                x = new XorChunk();
                first = ts[s];
            }
            x.append(ts[s], vs[s]);
            last = ts[s];
        }
        if (x != null && x.numSamples() > 0) {
            out.add(new ChunkData(first, last, XorChunk.ENCODING, x.toByteArray()));
            stats.chunksReencoded++;
        }
    }

    private static void requireXor(int encoding) {
        if (encoding != XorChunk.ENCODING) {
            throw new UnsupportedOperationException("compaction: cannot re-encode chunks of encoding " + encoding);
        }
    }

    private static boolean deletedAt(long[] iv, long t) {
        if (iv == null) {
            return false;
        }
        for (int i = 0; i < iv.length; i += 2) {
            if (t >= iv[i] && t <= iv[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether a deleted interval intersects [mint, maxt]. */
    private static boolean touches(long[] iv, long mint, long maxt) {
        if (iv == null) {
            return false;
        }
        for (int i = 0; i < iv.length; i += 2) {
            if (iv[i] <= maxt && iv[i + 1] >= mint) {
                return true;
            }
        }
        return false;
    }

    /** Whether one deleted interval covers all of [mint, maxt]. */
    private static boolean covered(long[] iv, long mint, long maxt) {
        if (iv == null) {
            return false;
        }
        for (int i = 0; i < iv.length; i += 2) {
            if (iv[i] <= mint && iv[i + 1] >= maxt) {
                return true;
            }
        }
        return false;
    }
}
