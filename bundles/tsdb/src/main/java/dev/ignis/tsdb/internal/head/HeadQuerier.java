package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * Reads the head over [mint, maxt] as of the commits published when it was created (see
 * {@link Head}). Each {@link #select} resolves postings, sorts the series by labels and
 * snapshots their chunks under the head's read lock; iteration then runs without locks.
 */
final class HeadQuerier implements Querier {

    private final Head head;
    private final long mint;
    private final long maxt;
    private final long visible;

    HeadQuerier(Head head, long mint, long maxt) {
        this.head = head;
        this.mint = mint;
        this.maxt = maxt;
        this.visible = head.commitSeq();
    }

    @Override
    public SeriesSet select(LabelMatcher... matchers) {
        if (matchers.length == 0) {
            throw new IllegalArgumentException("select needs at least one matcher");
        }
        Matcher[] ms = Matcher.compile(matchers);
        if (!overlaps()) {
            return EmptySeriesSet.INSTANCE;
        }
        List<MemSeries> found = seriesFor(ms);
        found.sort(Comparator.comparing(s -> s.labels));
        ChunkList chunks = new ChunkList();
        Labels[] labels = new Labels[found.size()];
        int[] starts = new int[found.size() + 1];
        int n = 0;
        Lock l = head.commitLock.readLock();
        l.lock();
        try {
            for (MemSeries s : found) {
                int before = chunks.size;
                if (s.snapshot(mint, maxt, visible, chunks) > 0) {
                    labels[n] = s.labels;
                    starts[n] = before;
                    n++;
                }
            }
        } finally {
            l.unlock();
        }
        starts[n] = chunks.size;
        return new HeadSeriesSet(labels, starts, n, chunks, mint, maxt);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
        Matcher[] ms = Matcher.compile(matchers);
        if (!overlaps()) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        if (ms.length == 0) {
            Lock l = head.postings.readLock();
            l.lock();
            try {
                names.addAll(head.postings.labelNames());
            } finally {
                l.unlock();
            }
        } else {
            for (MemSeries s : seriesFor(ms)) {
                for (int i = 0; i < s.labels.size(); i++) {
                    names.add(s.labels.name(i));
                }
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
        Matcher[] ms = Matcher.compile(matchers);
        if (!overlaps()) {
            return List.of();
        }
        TreeSet<String> values = new TreeSet<>();
        if (ms.length == 0) {
            Lock l = head.postings.readLock();
            l.lock();
            try {
                values.addAll(head.postings.labelValues(name));
            } finally {
                l.unlock();
            }
        } else {
            for (MemSeries s : seriesFor(ms)) {
                String v = s.labels.get(name);
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return new ArrayList<>(values);
    }

    @Override
    public void close() {
        // Nothing held: select copies what it needs.
    }

    private boolean overlaps() {
        return head.minTime() <= maxt && head.maxTime() >= mint;
    }

    private List<MemSeries> seriesFor(Matcher[] ms) {
        long[] refs;
        Lock l = head.postings.readLock();
        l.lock();
        try {
            refs = PostingsForMatchers.select(head.postings, ms);
        } finally {
            l.unlock();
        }
        List<MemSeries> out = new ArrayList<>(refs.length);
        for (long ref : refs) {
            MemSeries s = head.series.getByRef(ref);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** No series. */
    enum EmptySeriesSet implements SeriesSet {
        INSTANCE;

        @Override
        public boolean next() {
            return false;
        }

        @Override
        public Labels labels() {
            throw new IllegalStateException("no current series");
        }

        @Override
        public SampleIterator iterator() {
            throw new IllegalStateException("no current series");
        }
    }

    /** Series snapshotted by one select, sorted by labels, with one reused iterator. */
    static final class HeadSeriesSet implements SeriesSet {
        private final Labels[] labels;
        private final int[] starts;
        private final int n;
        private final ChunkList chunks;
        private final ChunksIterator it;
        private int cur = -1;

        HeadSeriesSet(Labels[] labels, int[] starts, int n, ChunkList chunks, long mint, long maxt) {
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
            return it.reset(starts[cur], starts[cur + 1]);
        }

        int chunkCount() {
            return chunks.size;
        }
    }

    /** Samples of consecutive chunks of one series within [mint, maxt]. Reusable. */
    static final class ChunksIterator implements SampleIterator {
        private final ChunkList chunks;
        private final long mint;
        private final long maxt;
        private final XorIterator xor = new XorIterator();
        private int chunk;
        private int end;
        private boolean inChunk;
        private boolean done;

        ChunksIterator(ChunkList chunks, long mint, long maxt) {
            this.chunks = chunks;
            this.mint = mint;
            this.maxt = maxt;
        }

        ChunksIterator reset(int from, int to) {
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
                    return true;
                }
                inChunk = false;
                chunk++;
            }
            return false;
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
}
