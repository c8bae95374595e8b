package dev.ignis.tsdb.internal.head;

import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;

/**
 * Deletion in the head, as Prometheus 2.42's {@code Head.Delete}: the range is cut to the
 * head's time, then for each matching series with samples to the time they span; the caller
 * logs the resulting {@link Stones} to the WAL (tombstones record) and then {@link #apply}s
 * them, so a restart replays them. Deleted samples stay in memory: queries and block cuts
 * leave them out, and head truncation drops intervals once their time is persisted.
 */
public final class HeadDelete {

    private HeadDelete() {
    }

    /**
     * Intervals to delete, one per series: {@code refs[i]} gets [mints[i], maxts[i]].
     *
     * @param size entries used
     */
    public record Stones(long[] refs, long[] mints, long[] maxts, int size) {
    }

    /** Whether the head holds any time in [mint, maxt]. */
    public static boolean overlaps(Head h, long mint, long maxt) {
        return h.minTime() <= maxt && mint <= h.maxTime();
    }

    /** The intervals deleting [mint, maxt] (inclusive, ms) of the series {@code matchers} select. */
    public static Stones plan(Head h, long mint, long maxt, Matcher[] matchers) {
        long lo = Math.max(mint, h.minTime());
        long hi = Math.min(maxt, h.maxTime());
        long[] refs;
        Lock pl = h.postings.readLock();
        pl.lock();
        try {
            refs = PostingsForMatchers.select(h.postings, matchers);
        } finally {
            pl.unlock();
        }
        long[] mints = new long[refs.length];
        long[] maxts = new long[refs.length];
        long[] out = new long[refs.length];
        int n = 0;
        // Exclusive: commits run under the shared side and change series state.
        Lock l = h.commitLock.writeLock();
        l.lock();
        try {
            for (long ref : refs) {
                MemSeries s = h.series.getByRef(ref);
                if (s == null || !s.hasSamples() || s.isEmpty()) {
                    continue;
                }
                long smin = Math.max(lo, s.minTime());
                long smax = Math.min(hi, s.lastT());
                // Prometheus also records an inverted interval when the range misses the
                // series' samples; it deletes nothing, so it is not recorded here.
                if (smin > smax) {
                    continue;
                }
                out[n] = ref;
                mints[n] = smin;
                maxts[n] = smax;
                n++;
            }
        } finally {
            l.unlock();
        }
        return new Stones(Arrays.copyOf(out, n), Arrays.copyOf(mints, n), Arrays.copyOf(maxts, n), n);
    }

    /** Makes the intervals visible to queriers created from now on, and to block cuts. */
    public static void apply(Head h, Stones stones) {
        for (int i = 0; i < stones.size(); i++) {
            h.tombstones.add(stones.refs()[i], stones.mints()[i], stones.maxts()[i]);
        }
    }
}
