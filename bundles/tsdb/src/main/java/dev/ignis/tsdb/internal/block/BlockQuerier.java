package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.query.ChunkSeriesSet;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads one block over [mint, maxt]. Series refs ascend in label order in a block index, so
 * postings come out sorted by labels. A select reads the chunks it needs into memory.
 */
final class BlockQuerier implements Querier {

    private final Block block;
    private final long mint;
    private final long maxt;
    // As Prometheus: the tombstones current when the querier is created; a later deletion
    // replaces the block's set and is seen by later queriers.
    private final Tombstones tombstones;

    BlockQuerier(Block block, long mint, long maxt) {
        this.block = block;
        this.mint = mint;
        this.maxt = maxt;
        this.tombstones = block.tombstones();
    }

    @Override
    public SeriesSet select(LabelMatcher... matchers) {
        if (matchers.length == 0) {
            throw new IllegalArgumentException("select needs at least one matcher");
        }
        long[] refs = PostingsForMatchers.select(block.index(), Matcher.compile(matchers));
        ChunkList chunks = new ChunkList();
        Labels[] labels = new Labels[refs.length];
        int[] starts = new int[refs.length + 1];
        Intervals[] deleted = tombstones.isEmpty() ? null : new Intervals[refs.length];
        int n = 0;
        try {
            for (long ref : refs) {
                BlockIndex.Series s = block.index().series(ref);
                int before = chunks.size;
                Intervals del = tombstones.get(ref);
                // As Prometheus: a chunk that deleted time (or time outside the query) covers
                // whole is left out, and so is a series left without chunks.
                Intervals cover = del == null ? null : del.withOutside(mint, maxt);
                for (int i = 0; i < s.chunkRefs().length; i++) {
                    boolean inRange = s.maxT()[i] >= mint && s.minT()[i] <= maxt;
                    if (inRange && (cover == null || !cover.covers(s.minT()[i], s.maxT()[i]))) {
                        BlockChunks.Chunk c = block.chunks().chunk(s.chunkRefs()[i], false);
                        if (c.encoding() == XorChunk.ENCODING) {
                            chunks.add(c.data(), -1, s.minT()[i], s.maxT()[i]);
                        }
                    }
                }
                if (chunks.size > before) {
                    if (deleted != null) {
                        deleted[n] = del;
                    }
                    labels[n] = s.labels();
                    starts[n] = before;
                    n++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("block " + block.meta().ulid() + ": " + e.getMessage(), e);
        }
        starts[n] = chunks.size;
        return new ChunkSeriesSet(labels, starts, n, chunks, mint, maxt, deleted);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        if (matchers.length == 0) {
            out.addAll(block.index().labelNames());
        } else {
            for (Labels l : seriesLabels(matchers)) {
                for (int i = 0; i < l.size(); i++) {
                    out.add(l.name(i));
                }
            }
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        if (matchers.length == 0) {
            out.addAll(block.index().labelValues(name));
        } else {
            for (Labels l : seriesLabels(matchers)) {
                String v = l.get(name);
                if (!v.isEmpty()) {
                    out.add(v);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private List<Labels> seriesLabels(LabelMatcher... matchers) {
        List<Labels> out = new ArrayList<>();
        try {
            for (long ref : PostingsForMatchers.select(block.index(), Matcher.compile(matchers))) {
                out.add(block.index().series(ref).labels());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        // Nothing held: select copies what it needs.
    }
}
