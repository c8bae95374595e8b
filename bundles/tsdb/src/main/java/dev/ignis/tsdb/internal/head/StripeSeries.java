package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Consumer;

/**
 * The head's series, found by ref and by label hash. Thread-safe.
 *
 * <p>By ref (the append hot path, with refs cached by scrape loops) reads take no lock and
 * index straight into pages of {@value #PAGE} slots: {@code pages[ref >> 12][ref & 4095]}.
 * Refs are handed out in sequence, so the series of one target, created together, sit in
 * neighbouring slots and a scrape walks them nearly sequentially: one cache miss per 16
 * series for the slots instead of three dependent misses per series through a hashed table
 * (measured: the by-ref lookup was 38% of a scrape worker's samples with per-stripe
 * open-addressing tables, almost all of it stalled on memory). Pages and the page table are
 * published with release stores and read with acquire; writers hold {@link #refLock}; a page
 * whose series were all removed is dropped. Refs beyond {@link #MAX_PAGED_REF} (never handed
 * out here; only a foreign WAL could hold them) live in a concurrent map. By label hash,
 * stripes of a {@link StampedLock} and a table, only used to create series and on misses.
 */
final class StripeSeries {

    private static final int PAGE_BITS = 12;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE - 1;
    /** Largest ref kept in pages: a page table of at most 2^20 entries (8 MiB when all used). */
    static final long MAX_PAGED_REF = (1L << (20 + PAGE_BITS)) - 1;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(MemSeries[].class);
    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(MemSeries[][].class);

    private final int mask;
    // Series by ref: written under refLock, read without a lock.
    private final Object refLock = new Object();
    private volatile MemSeries[][] pages = new MemSeries[16][];
    private int[] pageLive = new int[16]; // live series per page, under refLock
    private final ConcurrentHashMap<Long, MemSeries> farRefs = new ConcurrentHashMap<>();
    // Label hash -> first series with that hash; collisions chain through MemSeries.nextSameHash.
    private final Stripe[] byHash;
    // Lookups that consulted the label index (getByLabels, getOrCreate); for tests and metrics.
    private final LongAdder labelLookups = new LongAdder();

    /**
     * One lock and the table it guards: the first series of each label hash (the others chain
     * through {@link MemSeries#nextSameHash}), open addressing with linear probing. The slots
     * hold only the series, whose labels carry the hash: 4 bytes a slot instead of a map's 12,
     * for an extra load per probe, paid only on lookups by labels.
     */
    private static final class Stripe {
        final StampedLock lock = new StampedLock();
        private MemSeries[] slots = new MemSeries[8];
        private int size;

        MemSeries get(long h) {
            MemSeries[] t = slots;
            int m = t.length - 1;
            for (int i = slot(h, m); ; i = (i + 1) & m) {
                MemSeries s = t[i];
                if (s == null || s.labels.hash() == h) {
                    return s;
                }
            }
        }

        /** Makes {@code s} the first series of hash {@code h}. */
        void put(long h, MemSeries s) {
            int m = slots.length - 1;
            for (int i = slot(h, m); ; i = (i + 1) & m) {
                MemSeries o = slots[i];
                if (o == null) {
                    slots[i] = s;
                    if (++size * 4 > slots.length * 3) {
                        rehash(slots.length * 2);
                    }
                    return;
                }
                if (o.labels.hash() == h) {
                    slots[i] = s;
                    return;
                }
            }
        }

        /** Drops hash {@code h}, moving later entries of its run back into the hole. */
        void remove(long h) {
            MemSeries[] t = slots;
            int m = t.length - 1;
            int hole = slot(h, m);
            while (t[hole] != null && t[hole].labels.hash() != h) {
                hole = (hole + 1) & m;
            }
            if (t[hole] == null) {
                return;
            }
            size--;
            for (int j = (hole + 1) & m; t[j] != null; j = (j + 1) & m) {
                int home = slot(t[j].labels.hash(), m);
                // j stays unless its home lies cyclically outside (hole, j].
                boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
                if (!stays) {
                    t[hole] = t[j];
                    hole = j;
                }
            }
            t[hole] = null;
            if (slots.length > 8 && size * 8 < slots.length) {
                rehash(slots.length / 2);
            }
        }

        private void rehash(int cap) {
            MemSeries[] old = slots;
            MemSeries[] t = new MemSeries[cap];
            int m = cap - 1;
            for (MemSeries s : old) {
                if (s != null) {
                    int i = slot(s.labels.hash(), m);
                    while (t[i] != null) {
                        i = (i + 1) & m;
                    }
                    t[i] = s;
                }
            }
            slots = t;
        }

        int size() {
            return size;
        }

        int capacity() {
            return slots.length;
        }

        private static int slot(long h, int m) {
            // The stripe took the low bits: the slot comes from the high ones.
            long x = h * 0x9E3779B97F4A7C15L;
            return (int) (x >>> 40) & m;
        }
    }

    StripeSeries(int stripes) {
        if (Integer.bitCount(stripes) != 1) {
            throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
        }
        mask = stripes - 1;
        byHash = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) {
            byHash[i] = new Stripe();
        }
    }

    /**
     * The series with this ref, or null. Takes no lock and allocates nothing (for refs up to
     * {@link #MAX_PAGED_REF}). A series added by another thread is found once that thread's
     * add happens-before this call (e.g. the ref was handed over through a lock or a volatile).
     */
    MemSeries getByRef(long ref) {
        if (ref <= 0 || ref > MAX_PAGED_REF) {
            return ref == 0 ? null : farRefs.get(ref);
        }
        MemSeries[][] ps = pages;
        int p = (int) (ref >>> PAGE_BITS);
        if (p >= ps.length) {
            return null;
        }
        MemSeries[] page = (MemSeries[]) PAGES.getAcquire(ps, p);
        return page == null ? null : (MemSeries) SLOTS.getAcquire(page, (int) ref & PAGE_MASK);
    }

    /** The series with these labels, or null. */
    MemSeries getByLabels(Labels labels) {
        labelLookups.increment();
        long h = labels.hash();
        Stripe st = byHash[stripe(h)];
        long stamp = st.lock.readLock();
        try {
            return find(st.get(h), labels);
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
            MemSeries first = st.get(h);
            s = find(first, labels);
            if (s != null) {
                return s;
            }
            s = new MemSeries(refs.next(), labels);
            s.nextSameHash = first;
            st.put(h, s);
            putRef(s);
        } finally {
            st.lock.unlockWrite(stamp);
        }
        onCreate.accept(s);
        return s;
    }

    /** Calls {@code action} for each series; the set may change meanwhile. */
    void forEach(Consumer<MemSeries> action) {
        MemSeries[][] ps = pages;
        for (int p = 0; p < ps.length; p++) {
            MemSeries[] page = (MemSeries[]) PAGES.getAcquire(ps, p);
            if (page == null) {
                continue;
            }
            for (int i = 0; i < PAGE; i++) {
                MemSeries s = (MemSeries) SLOTS.getAcquire(page, i);
                if (s != null) {
                    action.accept(s);
                }
            }
        }
        farRefs.values().forEach(action);
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
            MemSeries first = st.get(h);
            if (first == s) {
                if (s.nextSameHash == null) {
                    st.remove(h);
                } else {
                    st.put(h, s.nextSameHash);
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
        synchronized (refLock) {
            long ref = s.ref;
            if (ref <= 0 || ref > MAX_PAGED_REF) {
                farRefs.remove(ref, s);
                return;
            }
            MemSeries[][] ps = pages;
            int p = (int) (ref >>> PAGE_BITS);
            MemSeries[] page = p < ps.length ? ps[p] : null;
            int i = (int) ref & PAGE_MASK;
            if (page == null || page[i] != s) {
                return;
            }
            SLOTS.setRelease(page, i, null);
            if (--pageLive[p] == 0) {
                // Readers still holding the page find only empty slots in it.
                PAGES.setRelease(ps, p, null);
            }
        }
    }

    /** Adds a series by ref, replacing one with the same ref. */
    private void putRef(MemSeries s) {
        synchronized (refLock) {
            long ref = s.ref;
            if (ref <= 0 || ref > MAX_PAGED_REF) {
                farRefs.put(ref, s);
                return;
            }
            int p = (int) (ref >>> PAGE_BITS);
            MemSeries[][] ps = pages;
            if (p >= ps.length) {
                int n = ps.length;
                while (n <= p) {
                    n <<= 1;
                }
                ps = Arrays.copyOf(ps, n);
                pageLive = Arrays.copyOf(pageLive, n);
                pages = ps; // publishes the larger table and the pages in it
            }
            MemSeries[] page = ps[p];
            if (page == null) {
                page = new MemSeries[PAGE];
                PAGES.setRelease(ps, p, page);
            }
            int i = (int) ref & PAGE_MASK;
            if (page[i] == null) {
                pageLive[p]++;
            }
            SLOTS.setRelease(page, i, s);
        }
    }

    /** Runs {@code action} while holding the lock of by-ref writers (for tests). */
    void holdingRefLock(Runnable action) {
        synchronized (refLock) {
            action.run();
        }
    }

    /** Slots of the by-hash tables, used and allocated, over all stripes (for tests). */
    int[] hashSlots() {
        int used = 0;
        int cap = 0;
        for (Stripe st : byHash) {
            long stamp = st.lock.readLock();
            try {
                used += st.size();
                cap += st.capacity();
            } finally {
                st.lock.unlockRead(stamp);
            }
        }
        return new int[] {used, cap};
    }

    /** Pages currently allocated (for tests). */
    int pagesInUse() {
        int n = 0;
        for (MemSeries[] page : pages) {
            if (page != null) {
                n++;
            }
        }
        return n;
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
