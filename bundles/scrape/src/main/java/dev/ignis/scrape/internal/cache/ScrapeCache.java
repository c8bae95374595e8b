package dev.ignis.scrape.internal.cache;

import dev.ignis.api.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Per-target cache from the raw series bytes of an exposition line ({@code name{labels}}, as the
 * parsers hand them out) to the storage series ref and final labels, so that a steady target
 * costs no label parsing, relabeling or hashing after its first scrape. Also remembers series
 * that metric relabeling dropped, and tracks which label sets each scrape produced so that the
 * ones that vanished can be marked stale.
 *
 * <p>An open-addressing table (linear probing) over parallel arrays, with keys copied into one
 * byte arena, each after its length as a varint and followed by the entry's fields (20 bytes:
 * its table slot, ref, and the iterations that last saw and last tracked it): a hit
 * ({@link #lookup}) allocates nothing. The arena keeps the order in which keys were added (a
 * rebuild keeps it), which is the order of the target's exposition: a lookup first compares the
 * key after the previous hit's, which at steady state spares it the hash and the probe, and it
 * and the caller's reads and writes of the fields walk the arena front to back instead of
 * touching arrays at random. The table is sized to its entries, not to a power of two (the home
 * slot is the hash scaled to the size), so a flushed table is two-thirds full: 12 bytes a slot
 * (hash, key offset, labels), thousands of slots per target.
 * Entries are addressed by the arena offset of their fields (the "slot" of the public methods),
 * valid until {@link #iterDone} or the next {@link #add}. Entries not
 * seen in a scrape are flushed as Prometheus's scrape cache does. Staleness is tracked in the
 * entries themselves (the iteration that last tracked each one) rather than in two label-set
 * maps per target, and the arena is trimmed after a flush: both are per-series memory.
 * Single-threaded: one cache per scrape loop; its {@link #metadata()} may also be read by
 * other threads.
 */
public final class ScrapeCache {
    /** Returned by {@link #lookup} on a miss. */
    public static final int MISS = -1;

    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // After each key, where the lookup already reads: its slot in the table, its ref, the
    // iteration that last saw it and the one that last tracked it for staleness. Callers
    // address an entry by the arena offset of this tail (its "slot" in the public methods).
    // Iterations are stored truncated to int: only equality with the current and previous
    // one matters, and an entry unseen for 2^32 scrapes has long been flushed.
    private static final int SLOT_BYTES = 20;
    private static final int REF = 4;
    private static final int LAST = 12;
    private static final int STALE = 16;

    /** staleIter of an entry no scrape tracked yet. */
    private static final int NEVER = Integer.MIN_VALUE;

    private int[] hashes; // low half of the 64-bit hash: enough to skip most byte comparisons
    private int[] keyPos; // arena offset of the key's length; 0 (never a key's) marks an empty slot
    private Labels[] labels; // null for series that metric relabeling dropped
    private int size;
    private int droppedCount;

    private byte[] arena = new byte[MIN_ARENA];
    private int arenaUsed = 1; // byte 0 unused: keyPos 0 is an empty slot
    // Arena offset of the entry after the last hit's (arenaUsed or past it: no guess).
    private int predicted = 1;

    private static final int MIN_ARENA = 4096;

    private long iter;
    private int successfulCount;
    // Labeled entries the previous scrape tracked and this one has not (yet), and those this
    // one tracked: with none left over, forEachStale skips its scan of the whole table.
    private int untrackedSincePrev;
    private int trackedNow;

    private final MetadataCache metadata = new MetadataCache();
    private boolean openMetricsKeys;

    public ScrapeCache() {
        allocate(MIN_CAPACITY);
    }

    private static final int MIN_CAPACITY = 64;

    private void allocate(int capacity) {
        hashes = new int[capacity];
        keyPos = new int[capacity];
        labels = new Labels[capacity];
    }

    /** The home slot of a hash: the hash scaled to the table's size. */
    private static int home(int h, int capacity) {
        return (int) (((h & 0xffffffffL) * capacity) >>> 32);
    }

    /** The target's metric metadata, updated with this cache's iterations. */
    public MetadataCache metadata() {
        return metadata;
    }

    /** The number of the current scrape iteration. */
    public long iter() {
        return iter;
    }

    /** Number of cached series, dropped ones included. */
    public int size() {
        return size;
    }

    /** Bytes the key arena holds, used or not. */
    int arenaCapacity() {
        return arena.length;
    }

    /** Slots of the table. */
    int capacity() {
        return hashes.length;
    }

    /**
     * Finds the entry for {@code b[off, off+len)} and marks it seen in the current scrape.
     *
     * @return its slot, or {@link #MISS}
     */
    public int lookup(byte[] b, int off, int len) {
        int s = find(b, off, len);
        if (s != MISS) {
            INTS.set(arena, s + LAST, (int) iter);
        }
        return s;
    }

    /**
     * As {@link #lookup} without marking the entry seen: for a parser asking whether a series
     * is known before the line is fully read (the caller marks it with {@link #seen}).
     */
    public int find(byte[] b, int off, int len) {
        int q = predicted;
        if (q < arenaUsed) {
            int end = entryEndIfEquals(q, b, off, len);
            if (end > 0) {
                predicted = end;
                return end - SLOT_BYTES;
            }
        }
        int h = (int) BytesHash.hash(b, off, len);
        int[] pos = keyPos;
        int cap = pos.length;
        for (int s = home(h, cap); ; ) {
            int p = pos[s];
            if (p == 0) {
                return MISS;
            }
            if (hashes[s] == h) {
                int end = entryEndIfEquals(p, b, off, len);
                if (end > 0) {
                    predicted = end;
                    return end - SLOT_BYTES;
                }
            }
            if (++s == cap) {
                s = 0;
            }
        }
    }

    /** Marks the entry at {@code slot} (from {@link #find}) seen in the current scrape. */
    public void seen(int slot) {
        INTS.set(arena, slot + LAST, (int) iter);
    }

    /** The table slot of the entry whose tail is at {@code h}. */
    private int tableSlot(int h) {
        return (int) INTS.get(arena, h);
    }

    /**
     * Notes that an OpenMetrics parser added keys: the text parser then no longer trusts a key
     * found here to be a series part it validated itself (see TextParser.knownSeries).
     */
    public void markOpenMetrics() {
        openMetricsKeys = true;
    }

    /** Whether {@link #markOpenMetrics} was called. */
    public boolean hasOpenMetricsKeys() {
        return openMetricsKeys;
    }

    /**
     * The end of the arena entry at {@code p} (past its slot) if its key is
     * {@code b[off, off+len)}, else 0.
     */
    private int entryEndIfEquals(int p, byte[] b, int off, int len) {
        byte[] a = arena;
        int q = p;
        int l = a[q++];
        if (l < 0) {
            l &= 0x7f;
            for (int shift = 7; ; shift += 7) {
                byte x = a[q++];
                l |= (x & 0x7f) << shift;
                if (x >= 0) {
                    break;
                }
            }
        }
        return l == len && Arrays.equals(a, q, q + l, b, off, off + len) ? q + l + SLOT_BYTES : 0;
    }

    /** Bytes the entry at arena offset {@code p} takes: the length's varint, the key, the slot. */
    private static int entryBytesIn(byte[] a, int p) {
        int l = 0;
        int q = p;
        for (int shift = 0; ; shift += 7) {
            byte x = a[q++];
            l |= (x & 0x7f) << shift;
            if (x >= 0) {
                break;
            }
        }
        return q - p + l + SLOT_BYTES;
    }

    private static int varintBytes(int len) {
        int n = 1;
        while ((len >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Whether the entry is a series that metric relabeling dropped. */
    public boolean isDropped(int slot) {
        return labels[tableSlot(slot)] == null;
    }

    /** The storage ref of the entry (0 when unknown). */
    public long ref(int slot) {
        return (long) LONGS.get(arena, slot + REF);
    }

    /** The final labels of the entry (null for dropped series). */
    public Labels labels(int slot) {
        return labels[tableSlot(slot)];
    }

    /** Replaces the ref of an entry, e.g. after the storage answered with a new one. */
    public void setRef(int slot, long ref) {
        LONGS.set(arena, slot + REF, ref);
    }

    /**
     * Adds a series after a miss, copying its bytes; the entry is seen in the current scrape.
     *
     * @return the new slot
     */
    public int add(byte[] b, int off, int len, long ref, Labels lset) {
        return insert(b, off, len, ref, Objects.requireNonNull(lset, "lset"));
    }

    /** Remembers that metric relabeling dropped these series bytes. */
    public int addDropped(byte[] b, int off, int len) {
        return insert(b, off, len, 0, null);
    }

    private int insert(byte[] b, int off, int len, long ref, Labels lset) {
        if (len <= 0) {
            throw new IllegalArgumentException("empty series bytes");
        }
        if ((size + 1) * 4 > hashes.length * 3) {
            rebuild(hashes.length * 2, false);
        }
        int h = (int) BytesHash.hash(b, off, len);
        int s = freeSlot(h);
        int need = varintBytes(len) + len + SLOT_BYTES;
        if (arenaUsed + need > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + need));
        }
        int p = arenaUsed;
        for (int l = len; ; l >>>= 7) {
            if ((l & ~0x7f) == 0) {
                arena[p++] = (byte) l;
                break;
            }
            arena[p++] = (byte) ((l & 0x7f) | 0x80);
        }
        System.arraycopy(b, off, arena, p, len);
        int tail = p + len;
        INTS.set(arena, tail, s);
        LONGS.set(arena, tail + REF, ref);
        INTS.set(arena, tail + LAST, (int) iter);
        INTS.set(arena, tail + STALE, NEVER);
        hashes[s] = h;
        keyPos[s] = arenaUsed;
        labels[s] = lset;
        arenaUsed += need;
        size++;
        if (lset == null) {
            droppedCount++;
        }
        return tail;
    }

    /** The first empty slot from the home slot of {@code h}. */
    private int freeSlot(int h) {
        int cap = keyPos.length;
        int s = home(h, cap);
        while (keyPos[s] != 0) {
            if (++s == cap) {
                s = 0;
            }
        }
        return s;
    }

    /**
     * Records that this scrape produced the labels of the entry at {@code slot} (a slot
     * {@link #lookup} or {@link #add} returned in this scrape), for staleness.
     */
    public void trackStaleness(int slot) {
        int cur = (int) iter;
        byte[] a = arena;
        int was = (int) INTS.get(a, slot + STALE);
        if (was == cur) {
            return;
        }
        INTS.set(a, slot + STALE, cur);
        if (labels[tableSlot(slot)] != null) {
            trackedNow++;
            if (was == cur - 1) {
                untrackedSincePrev--;
            }
        }
    }

    /**
     * Calls {@code action} for each label set the previous scrape tracked and this one did not
     * (once per label set: entries whose raw bytes differ can carry the same labels).
     * Allocates only when something went stale.
     */
    public void forEachStale(Consumer<Labels> action) {
        if (untrackedSincePrev == 0) {
            return;
        }
        int prev = (int) (iter - 1);
        int cur = (int) iter;
        byte[] a = arena;
        long[] seen = null; // open-addressing set of label hashes tracked now or already reported
        // In arena order, which holds every entry once.
        for (int end = 1; end < arenaUsed; ) {
            end += entryBytesIn(a, end);
            int h = end - SLOT_BYTES;
            Labels l = labels[tableSlot(h)];
            if ((int) INTS.get(a, h + STALE) != prev || l == null) {
                continue;
            }
            if (seen == null) {
                int n = 0;
                for (int e = 1; e < arenaUsed; ) {
                    e += entryBytesIn(a, e);
                    int st = (int) INTS.get(a, e - SLOT_BYTES + STALE);
                    if (st == cur || st == prev) {
                        n++;
                    }
                }
                int cap = 16;
                while (cap < n * 2) {
                    cap <<= 1;
                }
                seen = new long[cap]; // at most half full: every hash it can get is counted
                for (int e = 1; e < arenaUsed; ) {
                    e += entryBytesIn(a, e);
                    int t = e - SLOT_BYTES;
                    Labels tl = labels[tableSlot(t)];
                    if ((int) INTS.get(a, t + STALE) == cur && tl != null) {
                        putHash(seen, tl.hash());
                    }
                }
            }
            if (putHash(seen, l.hash())) {
                action.accept(l);
            }
        }
    }

    /**
     * Adds {@code h} to an open-addressing set where 0 marks an empty slot (hash 0 is stored as
     * 1: a collision that only merges two label sets' marker dedup, as any hash collision does).
     *
     * @return whether it was not there yet
     */
    private static boolean putHash(long[] set, long h) {
        long k = h == 0 ? 1 : h;
        int mask = set.length - 1;
        for (int s = (int) (k ^ (k >>> 32)) & mask; ; s = (s + 1) & mask) {
            if (set[s] == 0) {
                set[s] = k;
                return true;
            }
            if (set[s] == k) {
                return false;
            }
        }
    }

    /**
     * Ends a scrape. When {@code flush} (the scrape succeeded), or when the cache has grown past
     * twice its last good size plus 1000 entries, entries not seen in this scrape are removed
     * and the table and the arena lose the slack their doubling left. Slots from before this
     * call are invalid afterwards.
     */
    public void iterDone(boolean flush) {
        int count = size + metadata.size();
        if (flush) {
            successfulCount = count;
        } else if (count > successfulCount * 2 + 1000) {
            flush = true;
        }
        if (flush) {
            int unseen = 0;
            int cur = (int) iter;
            for (int end = 1; end < arenaUsed; ) {
                end += entryBytesIn(arena, end);
                if ((int) INTS.get(arena, end - SLOT_BYTES + LAST) != cur) {
                    unseen++;
                }
            }
            int live = size - unseen;
            if (unseen > 0 || (hashes.length > MIN_CAPACITY && live * 2 < hashes.length)) {
                // Two-thirds full (the table doubled while the first scrape filled it): room
                // for a few new series before it grows again.
                rebuild(Math.max(MIN_CAPACITY, live * 3 / 2 + 1), true);
            } else if (arena.length > MIN_ARENA && arena.length - arenaUsed > arenaUsed / 8) {
                arena = Arrays.copyOf(arena, Math.max(MIN_ARENA, arenaUsed + arenaUsed / 16));
            }
            metadata.iterDone(iter, true);
        }
        // A flush keeps every entry tracked now: tracking follows a lookup or add in this scrape.
        untrackedSincePrev = trackedNow;
        trackedNow = 0;
        iter++;
        predicted = 1;
    }

    /**
     * Re-inserts entries (only those seen in the current iteration when {@code onlySeen}) into
     * new arrays of {@code capacity} slots, with their keys packed into a new arena.
     */
    private void rebuild(int capacity, boolean onlySeen) {
        int[] oh = hashes;
        int[] oPos = keyPos;
        Labels[] oLab = labels;
        byte[] oArena = arena;
        int oUsed = arenaUsed;
        int cur = (int) iter;
        allocate(capacity);
        int bytes = 1;
        for (int p = 1; p < oUsed; ) {
            int l = entryBytesIn(oArena, p);
            p += l;
            if (!onlySeen || (int) INTS.get(oArena, p - SLOT_BYTES + LAST) == cur) {
                bytes += l;
            }
        }
        // Growing leaves room for as many keys again; a flush packs them (with a little slack).
        arena = new byte[Math.max(MIN_ARENA, onlySeen ? bytes + bytes / 16 : bytes * 2)];
        arenaUsed = 1;
        size = 0;
        droppedCount = 0;
        predicted = Integer.MAX_VALUE; // no guess until the next hit
        // In arena order, so that the new arena keeps the order the keys came in.
        for (int p = 1; p < oUsed; ) {
            int l = entryBytesIn(oArena, p);
            int s = (int) INTS.get(oArena, p + l - SLOT_BYTES);
            int from = p;
            p += l;
            if (oPos[s] != from) {
                throw new IllegalStateException("scrape cache arena out of step with its table");
            }
            if (onlySeen && (int) INTS.get(oArena, p - SLOT_BYTES + LAST) != cur) {
                continue;
            }
            int t = freeSlot(oh[s]);
            System.arraycopy(oArena, from, arena, arenaUsed, l);
            INTS.set(arena, arenaUsed + l - SLOT_BYTES, t);
            hashes[t] = oh[s];
            keyPos[t] = arenaUsed;
            labels[t] = oLab[s];
            arenaUsed += l;
            size++;
            if (oLab[s] == null) {
                droppedCount++;
            }
        }
    }

    /** Number of cached entries for dropped series. */
    public int droppedCount() {
        return droppedCount;
    }
}
