package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.LongObjectMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The head's series, found by ref and by label hash. Thread-safe.
 *
 * <p>By ref (the append hot path, with refs cached by scrape loops) reads take no lock: each
 * stripe publishes an open-addressing table through a volatile field, and its slots are read
 * with acquire semantics. Writers lock the stripe; a slot once used keeps its series or
 * becomes a tombstone (never reused in place), and a table is rebuilt and republished when
 * full, so a lock-free reader never sees a slot change from one series to another. By label
 * hash, stripes of a {@link StampedLock} and a map, only used to create series and on misses.
 */
final class StripeSeries {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(MemSeries[].class);
    /** Marks a removed series' slot; its ref (0) is never a series ref looked up here. */
    private static final MemSeries TOMBSTONE = new MemSeries(0, Labels.EMPTY);
    private static final int MIN_REF_TABLE = 16;

    private final int mask;
    private final RefStripe[] byRef;
    // Label hash -> first series with that hash; collisions chain through MemSeries.nextSameHash.
    private final Stripe[] byHash;
    // Lookups that consulted the label index (getByLabels, getOrCreate); for tests and metrics.
    private final LongAdder labelLookups = new LongAdder();

    /** One lock and the map it guards. */
    private static final class Stripe {
        final StampedLock lock = new StampedLock();
        final LongObjectMap<MemSeries> map = new LongObjectMap<>();
    }

    /** Series by ref: read without a lock, written while holding the stripe's monitor. */
    private static final class RefStripe {
        volatile MemSeries[] slots = new MemSeries[MIN_REF_TABLE];
        // Written under the monitor only.
        int used; // slots holding a series or a tombstone
        int live;
    }

    StripeSeries(int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
        mask = stripes - 1;
        byRef = new RefStripe[stripes];
        byHash = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            byRef[i] = new RefStripe();
            byHash[i] = new Stripe();
        }
    }

    /**
     * The series with this ref, or null. Takes no lock and allocates nothing. A series added
     * by another thread is found once that thread's add happens-before this call (e.g. the
     * ref was handed over through a lock or a volatile).
     */
    MemSeries getByRef(long ref) {
        MemSeries[] t = byRef[stripe(ref)].slots;
        int m = t.length - 1;
        for (int i = refSlot(ref, m);; i = (i + 1) & m) {
            MemSeries s = (MemSeries) SLOTS.getAcquire(t, i);
            if (s == null) {
                return null;
            }
            if (s.ref == ref && s != TOMBSTONE) {
                return s;
            }
        }
    }

    /** The series with these labels, or null. */
    MemSeries getByLabels(Labels labels) {
        labelLookups.increment();
        long h = labels.hash();
        Stripe st = byHash[stripe(h)];
        long stamp = st.lock.readLock();
        try {
            return find(st.map.get(h), labels);
        } finally {
            st.lock.unlockRead(stamp);
        }
    }

    /**
     * The series with these labels, created with a ref from {@code refs} when absent; then
     * {@code onCreate} runs once, in the creating thread, outside the stripe lock.
     */
    MemSeries getOrCreate(Labels labels, RefSource refs, Consumer<MemSeries> onCreate) {
        labelLookups.increment();
        long h = labels.hash();
        Stripe st = byHash[stripe(h)];
        long stamp = st.lock.writeLock();
        MemSeries s;
        try {
            MemSeries first = st.map.get(h);
            s = find(first, labels);
            if (s != null) {
                return s;
            }
            s = new MemSeries(refs.next(), labels);
            s.nextSameHash = first;
            st.map.put(h, s);
            putRef(s);
        } finally {
            st.lock.unlockWrite(stamp);
        }
        onCreate.accept(s);
        return s;
    }

    /** Calls {@code action} for each series; the set may change meanwhile. */
    void forEach(Consumer<MemSeries> action) {
        for (RefStripe st : byRef) {
            MemSeries[] t = st.slots;
            for (int i = 0; i < t.length; i++) {
                MemSeries s = (MemSeries) SLOTS.getAcquire(t, i);
                if (s != null && s != TOMBSTONE) {
                    action.accept(s);
                }
            }
        }
    }

    /** Number of lookups by labels so far (series creation included). */
    long labelLookups() {
        return labelLookups.sum();
    }

    /** Removes a series from both maps. */
    void remove(MemSeries s) {
        long h = s.labels.hash();
        Stripe st = byHash[stripe(h)];
        long stamp = st.lock.writeLock();
        try {
            MemSeries first = st.map.get(h);
            if (first == s) {
                if (s.nextSameHash == null) {
                    st.map.remove(h);
                } else {
                    st.map.put(h, s.nextSameHash);
                }
            } else {
                for (MemSeries p = first; p != null; p = p.nextSameHash) {
                    if (p.nextSameHash == s) {
                        p.nextSameHash = s.nextSameHash;
                        break;
                    }
                }
            }
        } finally {
            st.lock.unlockWrite(stamp);
        }
        RefStripe rs = byRef[stripe(s.ref)];
        synchronized (rs) {
            MemSeries[] t = rs.slots;
            int m = t.length - 1;
            for (int i = refSlot(s.ref, m);; i = (i + 1) & m) {
                MemSeries o = t[i];
                if (o == null) {
                    return;
                }
                if (o == s) {
                    SLOTS.setRelease(t, i, TOMBSTONE);
                    rs.live--;
                    return;
                }
            }
        }
    }

    /** Adds a series by ref, replacing one with the same ref. */
    private void putRef(MemSeries s) {
        RefStripe rs = byRef[stripe(s.ref)];
        synchronized (rs) {
            MemSeries[] t = rs.slots;
            int m = t.length - 1;
            int i = refSlot(s.ref, m);
            for (MemSeries o; (o = t[i]) != null; i = (i + 1) & m) {
                if (o.ref == s.ref && o != TOMBSTONE) {
                    SLOTS.setRelease(t, i, s);
                    return;
                }
            }
            // Keep at least half the slots empty, tombstones counted: probes stay short.
            if ((rs.used + 1) * 2 > t.length) {
                t = rebuilt(t, rs.live + 1);
                rs.used = rs.live;
                m = t.length - 1;
                i = refSlot(s.ref, m);
                while (t[i] != null) {
                    i = (i + 1) & m;
                }
                t[i] = s;
                rs.slots = t; // publishes the new table and everything in it
            } else {
                SLOTS.setRelease(t, i, s);
            }
            rs.used++;
            rs.live++;
        }
    }

    /** Runs {@code action} while holding the write lock of {@code ref}'s stripe (for tests). */
    void holdingRefStripe(long ref, Runnable action) {
        synchronized (byRef[stripe(ref)]) {
            action.run();
        }
    }

    /** A new table holding the live series of {@code old}, with room for {@code live}. */
    private static MemSeries[] rebuilt(MemSeries[] old, int live) {
        int cap = MIN_REF_TABLE;
        while (cap < live * 4) {
            cap <<= 1;
        }
        MemSeries[] t = new MemSeries[cap];
        int m = cap - 1;
        for (MemSeries s : old) {
            if (s != null && s != TOMBSTONE) {
                int i = refSlot(s.ref, m);
                while (t[i] != null) {
                    i = (i + 1) & m;
                }
                t[i] = s;
            }
        }
        return t;
    }

    private static int refSlot(long ref, int mask) {
        long h = ref * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static MemSeries find(MemSeries s, Labels labels) {
        while (s != null && !s.labels.equals(labels)) {
            s = s.nextSameHash;
        }
        return s;
    }

    private int stripe(long x) {
        return (int) (x ^ (x >>> 29)) & mask;
    }

    /** Hands out series refs. */
    @FunctionalInterface
    interface RefSource {
        long next();
    }
}
