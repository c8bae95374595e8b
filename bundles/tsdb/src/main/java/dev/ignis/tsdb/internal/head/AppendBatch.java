package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.LongIntMap;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The samples of one append batch, in append order, in primitive arrays reused from batch to
 * batch. Also indexes each series' latest sample in the batch, to check order at append time.
 */
public final class AppendBatch {
    private static final int MAX_POOLED = 1 << 16;

    MemSeries[] series = new MemSeries[64];
    long[] t = new long[64];
    long[] v = new long[64];
    int n;
    // Latest index of the series this batch could not claim (another batch owned them); the
    // series it owns keep their index themselves (MemSeries.ownerIndex): no lookup per sample.
    final LongIntMap lastIndex = new LongIntMap(64);
    private boolean mapUsed;
    final Head head;
    final Head.Apply apply;
    // Null until the batch's first exemplar.
    ExemplarBatch exemplars;
    /**
     * Identifies this batch as the owner of series (never 0). An int, to keep the series' field
     * small: batches are pooled, so few ids are ever drawn, and after a wrap an id could only
     * clash with a batch still alive 2^32 batches later.
     */
    final int id = nextId();
    private static final AtomicInteger IDS = new AtomicInteger();
    /** The session this batch appends for, or null. */
    HeadSession session;
    /** What the batch claims series as: its {@link #id}, or its session's id. */
    int ownerId = id;

    private static int nextId() {
        int id;
        do {
            id = IDS.incrementAndGet() & Integer.MAX_VALUE;
        } while (id == 0);
        return id;
    }

    AppendBatch(Head head) {
        this.head = head;
        apply = head.new Apply();
    }

    /** Number of samples. */
    public int size() {
        return n;
    }

    /** Ref of the i-th sample's series. */
    public long ref(int i) {
        return series[i].ref;
    }

    /** Timestamp of the i-th sample. */
    public long t(int i) {
        return t[i];
    }

    /** Raw value bits of the i-th sample. */
    public long vBits(int i) {
        return v[i];
    }

    /** Labels of the i-th sample's series. */
    public Labels labels(int i) {
        return series[i].labels;
    }

    /** Whether the i-th sample's series still needs a WAL series record. */
    public boolean needsSeriesRecord(int i) {
        return !series[i].walLogged;
    }

    /** Marks the i-th sample's series as logged in the WAL (or not, to undo). */
    public void markLogged(int i, boolean logged) {
        series[i].walLogged = logged;
    }

    /** The batch's exemplars, or null when it has none (for the WAL). */
    public ExemplarBatch exemplars() {
        ExemplarBatch e = exemplars;
        return e == null || e.n == 0 ? null : e;
    }

    /** Index of the latest sample of {@code s} in this batch, or {@link LongIntMap#MISSING}. */
    int indexOf(MemSeries s) {
        if (s.ownedBy(this)) {
            return holds(s) ? s.ownerIndex : LongIntMap.MISSING;
        }
        return mapUsed ? lastIndex.get(s.ref) : LongIntMap.MISSING;
    }

    /**
     * Whether this batch holds a sample of {@code s}, which it owns: its index is one this
     * batch set, not one left by an earlier batch of the session.
     */
    private boolean holds(MemSeries s) {
        int k = s.ownerIndex;
        return k < n && series[k] == s;
    }

    /** Adds a sample; false (nothing added) if head truncation removed the series meanwhile. */
    boolean add(MemSeries s, long ts, long bits) {
        if (s.ownedBy(this)) {
            // A series the session kept from an earlier batch was not pinned meanwhile: as after
            // a claim, the removed flag is read after the session counted this batch open.
            if (session != null && !holds(s) && s.removed) {
                return false;
            }
            s.ownerIndex = n;
        } else if (mapUsed && lastIndex.get(s.ref) != LongIntMap.MISSING) {
            lastIndex.put(s.ref, n);
        } else {
            switch (s.claim(this, head)) {
                case MemSeries.CLAIMED -> s.ownerIndex = n;
                case MemSeries.CLAIM_REMOVED -> {
                    return false;
                }
                default -> {
                    if (!s.pin()) {
                        return false;
                    }
                    lastIndex.put(s.ref, n);
                    mapUsed = true;
                }
            }
        }
        if (n == series.length) {
            int cap = n * 2;
            series = Arrays.copyOf(series, cap);
            t = Arrays.copyOf(t, cap);
            v = Arrays.copyOf(v, cap);
        }
        series[n] = s;
        t[n] = ts;
        v[n] = bits;
        n++;
        return true;
    }

    /**
     * Clears for reuse, releasing the series claimed by the batch (not those of its session)
     * and the pinned ones; false if the batch grew too big to keep pooled.
     */
    boolean reset() {
        boolean keepClaims = session != null;
        if (keepClaims) {
            session.remember(series, n);
        }
        if (!keepClaims || mapUsed) {
            for (int i = 0; i < n; i++) {
                MemSeries s = series[i];
                // Once per series, at its latest sample.
                if (s.ownedBy(this)) {
                    if (!keepClaims && s.ownerIndex == i) {
                        s.release();
                    }
                } else if (mapUsed && lastIndex.get(s.ref) == i) {
                    s.unpin();
                }
            }
        }
        Arrays.fill(series, 0, n, null);
        n = 0;
        if (exemplars != null) {
            exemplars.clear();
        }
        lastIndex.clear();
        mapUsed = false;
        return series.length <= MAX_POOLED;
    }
}
