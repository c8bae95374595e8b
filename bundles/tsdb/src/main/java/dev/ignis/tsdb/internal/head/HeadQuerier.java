package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.query.ChunkSeriesSet;
import dev.ignis.tsdb.internal.query.EmptySeriesSet;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;

/**
 * Reads the head over [mint, maxt] as of the commits published when it was created (see
 * {@link Head}). Each {@link #select} resolves postings, sorts the series by labels and
 * snapshots their chunks holding the head's commit lock exclusively; iteration then runs
 * without locks.
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
        Intervals[] deleted = head.tombstones.isEmpty() ? null : new Intervals[found.size()];
        int n = 0;
        // Exclusive: every series as of one moment, no commit half applied (commits hold the
        // shared side), as when commits took the lock exclusively and selects shared it.
        Lock l = head.commitLock.writeLock();
        boolean pinned = false;
        l.lock();
        try {
            for (MemSeries s : found) {
                int before = chunks.size;
                Intervals del = deleted == null ? null : head.tombstones.get(s.ref);
                if (s.snapshot(mint, maxt, visible, chunks, del == null ? null : del.withOutside(mint, maxt)) > 0) {
                    if (deleted != null) {
                        deleted[n] = del;
                    }
                    labels[n] = s.labels;
                    starts[n] = before;
                    n++;
                }
            }
            // Chunks in chunks_head/ are read after the lock is released (commits need not wait
            // for the copies); the files stay until then, a truncation waits for the pin.
            pinned = head.pinMapped(chunks);
        } finally {
            l.unlock();
        }
        head.readMapped(chunks, pinned);
        starts[n] = chunks.size;
        return new ChunkSeriesSet(labels, starts, n, chunks, mint, maxt, deleted);
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
}
