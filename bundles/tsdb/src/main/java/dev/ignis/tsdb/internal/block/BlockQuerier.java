package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads one block over [mint, maxt]. Series refs ascend in label order in a block index, so
 * postings come out sorted by labels. A select resolves the postings; its series set reads
 * series entries and chunks from the mapped files as it goes.
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
        return new BlockSeriesSet(block, refs, mint, maxt, tombstones);
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
        BlockIndex.SeriesReader r = block.index().seriesReader();
        try {
            for (long ref : PostingsForMatchers.select(block.index(), Matcher.compile(matchers))) {
                r.read(ref);
                out.add(r.labels());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        // Nothing of its own to release: the series sets read the block's mapped files, which
        // the block's gate (see BlockLifecycle) keeps open until this querier is closed.
    }
}
