package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.LongObjectMap;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The head's series, found by ref and by label hash. Split into lock stripes so that appenders
 * on different series rarely contend. Thread-safe.
 */
final class StripeSeries {

    private final int mask;
    private final Stripe[] byRef;
    // Label hash -> first series with that hash; collisions chain through MemSeries.nextSameHash.
    private final Stripe[] byHash;

    /** One lock and the map it guards. */
    private static final class Stripe {
        final StampedLock lock = new StampedLock();
        final LongObjectMap<MemSeries> map = new LongObjectMap<>();
    }

    StripeSeries(int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
        mask = stripes - 1;
        byRef = new Stripe[stripes];
        byHash = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            byRef[i] = new Stripe();
            byHash[i] = new Stripe();
        }
    }

    /** The series with this ref, or null. */
    MemSeries getByRef(long ref) {
        Stripe st = byRef[stripe(ref)];
        long stamp = st.lock.readLock();
        try {
            return st.map.get(ref);
        } finally {
            st.lock.unlockRead(stamp);
        }
    }

    /** The series with these labels, or null. */
    MemSeries getByLabels(Labels labels) {
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
        for (Stripe st : byRef) {
            long stamp = st.lock.readLock();
            try {
                st.map.forEachValue(action);
            } finally {
                st.lock.unlockRead(stamp);
            }
        }
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
        Stripe rs = byRef[stripe(s.ref)];
        stamp = rs.lock.writeLock();
        try {
            rs.map.remove(s.ref);
        } finally {
            rs.lock.unlockWrite(stamp);
        }
    }

    private void putRef(MemSeries s) {
        Stripe st = byRef[stripe(s.ref)];
        long stamp = st.lock.writeLock();
        try {
            st.map.put(s.ref, s);
        } finally {
            st.lock.unlockWrite(stamp);
        }
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
