package dev.ignis.tsdb.internal.query;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Queries several sources (blocks, oldest first, then the head) as one: series with equal
 * labels are merged, their samples interleaved by timestamp, and a timestamp present in more
 * than one source is returned once (from the first source that has it).
 */
public final class MergeQuerier implements Querier {

    private final List<Querier> queriers;

    public MergeQuerier(List<Querier> queriers) {
        this.queriers = List.copyOf(queriers);
    }

    @Override
    public SeriesSet select(LabelMatcher... matchers) {
        if (queriers.size() == 1) {
            return queriers.get(0).select(matchers);
        }
        SeriesSet[] sets = new SeriesSet[queriers.size()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = queriers.get(i).select(matchers);
        }
        return new MergeSeriesSet(sets);
    }

    @Override
    public List<String> labelNames(LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Querier q : queriers) {
            out.addAll(q.labelNames(matchers));
        }
        return new ArrayList<>(out);
    }

    @Override
    public List<String> labelValues(String name, LabelMatcher... matchers) {
        TreeSet<String> out = new TreeSet<>();
        for (Querier q : queriers) {
            out.addAll(q.labelValues(name, matchers));
        }
        return new ArrayList<>(out);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (Querier q : queriers) {
            try {
                q.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Sorted merge of sorted series sets. */
    static final class MergeSeriesSet implements SeriesSet {
        private final SeriesSet[] sets;
        private final boolean[] has;
        private final int[] current;
        private final SampleIterator[] its;
        private final MergeIterator merged;
        private int nCurrent;
        private boolean started;
        private Labels labels;

        MergeSeriesSet(SeriesSet[] sets) {
            this.sets = sets;
            this.has = new boolean[sets.length];
            this.current = new int[sets.length];
            this.its = new SampleIterator[sets.length];
            this.merged = new MergeIterator(sets.length);
        }

        @Override
        public boolean next() {
            if (!started) {
                started = true;
                for (int i = 0; i < sets.length; i++) {
                    has[i] = sets[i].next();
                }
            } else {
                for (int k = 0; k < nCurrent; k++) {
                    has[current[k]] = sets[current[k]].next();
                }
            }
            Labels min = null;
            for (int i = 0; i < sets.length; i++) {
                if (has[i] && (min == null || sets[i].labels().compareTo(min) < 0)) {
                    min = sets[i].labels();
                }
            }
            nCurrent = 0;
            labels = min;
            if (min == null) {
                return false;
            }
            for (int i = 0; i < sets.length; i++) {
                if (has[i] && sets[i].labels().equals(min)) {
                    current[nCurrent++] = i;
                }
            }
            return true;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public SampleIterator iterator() {
            if (nCurrent == 1) {
                return sets[current[0]].iterator();
            }
            for (int k = 0; k < nCurrent; k++) {
                its[k] = sets[current[k]].iterator();
            }
            return merged.reset(its, nCurrent);
        }
    }

    /** Interleaves iterators by timestamp; equal timestamps yield the first iterator's sample. */
    static final class MergeIterator implements SampleIterator {
        private final SampleIterator[] its;
        private final boolean[] valid;
        // The current timestamp of each valid iterator, so that picking costs no calls.
        private final long[] heads;
        private int n;
        private boolean started;
        private boolean done;
        // Once a single iterator is left (blocks do not overlap: the common case), its index.
        private int only;
        // The iterator the current sample came from.
        private int cur;
        private long t;
        private double v;

        MergeIterator(int capacity) {
            its = new SampleIterator[capacity];
            valid = new boolean[capacity];
            heads = new long[capacity];
        }

        MergeIterator reset(SampleIterator[] from, int count) {
            System.arraycopy(from, 0, its, 0, count);
            n = count;
            started = false;
            done = false;
            only = -1;
            return this;
        }

        private void advance(int i, boolean ok) {
            valid[i] = ok;
            if (ok) {
                heads[i] = its[i].t();
            }
        }

        @Override
        public boolean next() {
            if (done) {
                return false;
            }
            if (only >= 0) {
                SampleIterator it = its[only];
                if (!it.next()) {
                    done = true;
                    return false;
                }
                t = it.t();
                v = it.v();
                return true;
            }
            if (!started) {
                started = true;
                for (int i = 0; i < n; i++) {
                    advance(i, its[i].next());
                }
            } else {
                for (int i = 0; i < n; i++) {
                    if (valid[i] && heads[i] == t) {
                        advance(i, its[i].next());
                    }
                }
            }
            return pick();
        }

        @Override
        public boolean seek(long target) {
            if (done) {
                return false;
            }
            if (started && t >= target) {
                return true;
            }
            if (only >= 0) {
                SampleIterator it = its[only];
                if (!it.seek(target)) {
                    done = true;
                    return false;
                }
                t = it.t();
                v = it.v();
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (!started) {
                    advance(i, its[i].seek(target));
                } else if (valid[i] && heads[i] < target) {
                    advance(i, its[i].seek(target));
                }
            }
            started = true;
            return pick();
        }

        @Override
        public int nextBatch(long maxt, long[] ts, double[] vs, int off, int len) {
            int n = 0;
            while (n < len) {
                if (only >= 0) {
                    return n + settle(its[only], maxt, ts, vs, off + n, len - n);
                }
                if (!next()) {
                    return n;
                }
                if (t > maxt) {
                    return n;
                }
                ts[off + n] = t;
                vs[off + n] = v;
                n++;
                if (only >= 0 || n == len) {
                    continue;
                }
                // The following samples of the iterator that gave this one, up to just before
                // every other iterator's head, need no merging: taken from it in one call.
                int b = cur;
                long bound = maxt;
                for (int i = 0; i < this.n; i++) {
                    if (i != b && valid[i] && heads[i] - 1 < bound) {
                        bound = heads[i] - 1;
                    }
                }
                if (bound <= t) {
                    continue;
                }
                int room = len - n;
                int k = its[b].nextBatch(bound, ts, vs, off + n, room);
                n += k;
                if (k > 0) {
                    t = ts[off + n - 1];
                    v = vs[off + n - 1];
                }
                if (k < room) {
                    // Exhausted, or on its first sample after the bound: seek tells which
                    // without moving.
                    advance(b, bound != Long.MAX_VALUE && its[b].seek(bound + 1));
                } else {
                    heads[b] = t;
                }
            }
            return n;
        }

        /** The single iterator left's batch, with this iterator's current sample kept in step. */
        private int settle(SampleIterator it, long maxt, long[] ts, double[] vs, int off, int len) {
            int k = it.nextBatch(maxt, ts, vs, off, len);
            if (k == len) {
                if (k > 0) {
                    t = ts[off + k - 1];
                    v = vs[off + k - 1];
                }
            } else if (maxt != Long.MAX_VALUE && it.seek(maxt + 1)) {
                t = it.t();
                v = it.v();
            } else {
                done = true;
            }
            return k;
        }

        private boolean pick() {
            int best = -1;
            int left = 0;
            for (int i = 0; i < n; i++) {
                if (valid[i]) {
                    left++;
                    if (best < 0 || heads[i] < heads[best]) {
                        best = i;
                    }
                }
            }
            if (best < 0) {
                done = true;
                return false;
            }
            if (left == 1) {
                only = best;
            }
            cur = best;
            t = heads[best];
            v = its[best].v();
            return true;
        }

        @Override
        public long t() {
            return t;
        }

        @Override
        public double v() {
            return v;
        }
    }
}
