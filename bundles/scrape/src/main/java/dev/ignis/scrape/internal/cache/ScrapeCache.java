package dev.ignis.scrape.internal.cache;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Per-target cache from the raw series bytes of an exposition line ({@code name{labels}}, as the
 * parsers hand them out) to the storage series ref and final labels, so that a steady target
 * costs no label parsing, relabeling or hashing after its first scrape. Also remembers series
 * that metric relabeling dropped, and tracks which label sets each scrape produced so that the
 * ones that vanished can be marked stale.
 *
 * <p>An open-addressing table (linear probing, power-of-two size) over parallel primitive
 * arrays, with keys copied into one byte arena: a hit ({@link #lookup}) allocates nothing.
 * Entries are addressed by slot numbers that stay valid until {@link #iterDone}. Entries not
 * seen in a scrape are flushed as Prometheus's scrape cache does. Single-threaded: one cache
 * per scrape loop; its {@link #metadata()} may also be read by other threads.
 */
public final class ScrapeCache {
    /** Returned by {@link #lookup} on a miss. */
    public static final int MISS = -1;

    private long[] hashes;
    private int[] keyOff;
    private int[] keyLen; // 0 marks an empty slot: series bytes are never empty
    private long[] refs;
    private long[] lastIter;
    private boolean[] dropped;
    private Labels[] labels;
    private int mask;
    private int size;
    private int droppedCount;

    private byte[] arena = new byte[4096];
    private int arenaUsed;

    private long iter;
    private int successfulCount;

    private final MetadataCache metadata = new MetadataCache();
    private LabelsHashSet seriesCur = new LabelsHashSet();
    private LabelsHashSet seriesPrev = new LabelsHashSet();

    public ScrapeCache() {
        allocate(64);
    }

    private void allocate(int capacity) {
        hashes = new long[capacity];
        keyOff = new int[capacity];
        keyLen = new int[capacity];
        refs = new long[capacity];
        lastIter = new long[capacity];
        dropped = new boolean[capacity];
        labels = new Labels[capacity];
        mask = capacity - 1;
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

    /**
     * Finds the entry for {@code b[off, off+len)} and marks it seen in the current scrape.
     *
     * @return its slot, or {@link #MISS}
     */
    public int lookup(byte[] b, int off, int len) {
        long h = BytesHash.hash(b, off, len);
        for (int s = (int) h & mask; ; s = (s + 1) & mask) {
            int l = keyLen[s];
            if (l == 0) {
                return MISS;
            }
            if (hashes[s] == h && l == len && Arrays.equals(arena, keyOff[s], keyOff[s] + l, b, off, off + len)) {
                lastIter[s] = iter;
                return s;
            }
        }
    }

    /** Whether the entry is a series that metric relabeling dropped. */
    public boolean isDropped(int slot) {
        return dropped[slot];
    }

    /** The storage ref of the entry (0 when unknown). */
    public long ref(int slot) {
        return refs[slot];
    }

    /** The final labels of the entry (null for dropped series). */
    public Labels labels(int slot) {
        return labels[slot];
    }

    /** Replaces the ref of an entry, e.g. after the storage answered with a new one. */
    public void setRef(int slot, long ref) {
        refs[slot] = ref;
    }

    /**
     * Adds a series after a miss, copying its bytes; the entry is seen in the current scrape.
     *
     * @return the new slot
     */
    public int add(byte[] b, int off, int len, long ref, Labels lset) {
        return insert(b, off, len, ref, lset, false);
    }

    /** Remembers that metric relabeling dropped these series bytes. */
    public int addDropped(byte[] b, int off, int len) {
        return insert(b, off, len, 0, null, true);
    }

    private int insert(byte[] b, int off, int len, long ref, Labels lset, boolean drop) {
        if (len <= 0) {
            throw new IllegalArgumentException("empty series bytes");
        }
        if ((size + 1) * 4 > hashes.length * 3) {
            rehash(hashes.length * 2);
        }
        long h = BytesHash.hash(b, off, len);
        int s = (int) h & mask;
        while (keyLen[s] != 0) {
            s = (s + 1) & mask;
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(b, off, arena, arenaUsed, len);
        hashes[s] = h;
        keyOff[s] = arenaUsed;
        keyLen[s] = len;
        refs[s] = ref;
        lastIter[s] = iter;
        dropped[s] = drop;
        labels[s] = lset;
        arenaUsed += len;
        size++;
        if (drop) {
            droppedCount++;
        }
        return s;
    }

    /** Records that this scrape produced {@code lset}, for staleness. */
    public void trackStaleness(Labels lset) {
        seriesCur.add(lset);
    }

    /** Calls {@code action} for each label set the previous scrape produced and this one did not. */
    public void forEachStale(Consumer<Labels> action) {
        seriesPrev.forEachMissingFrom(seriesCur, action);
    }

    /**
     * Ends a scrape. When {@code flush} (the scrape succeeded), or when the cache has grown past
     * twice its last good size plus 1000 entries, entries not seen in this scrape are removed.
     * The staleness sets rotate; slots from before this call are invalid afterwards.
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
            for (int s = 0; s < hashes.length; s++) {
                if (keyLen[s] != 0 && lastIter[s] != iter) {
                    unseen++;
                }
            }
            if (unseen > 0) {
                rebuildWithout(iter);
            }
            metadata.iterDone(iter, true);
        }
        LabelsHashSet t = seriesPrev;
        seriesPrev = seriesCur;
        seriesCur = t;
        seriesCur.clear();
        iter++;
    }

    private void rehash(int capacity) {
        rebuild(capacity, Long.MIN_VALUE);
    }

    private void rebuildWithout(long keepIter) {
        int live = 0;
        for (int s = 0; s < hashes.length; s++) {
            if (keyLen[s] != 0 && lastIter[s] == keepIter) {
                live++;
            }
        }
        int cap = 64;
        while (cap * 3 < live * 4 * 2) {
            cap <<= 1;
        }
        rebuild(cap, keepIter);
    }

    /** Re-inserts entries (only those seen in {@code keepIter}, unless MIN_VALUE) into new arrays. */
    private void rebuild(int capacity, long keepIter) {
        long[] oh = hashes;
        int[] oOff = keyOff;
        int[] oLen = keyLen;
        long[] oRef = refs;
        long[] oIter = lastIter;
        boolean[] oDrop = dropped;
        Labels[] oLab = labels;
        byte[] oArena = arena;
        allocate(capacity);
        int bytes = 0;
        for (int s = 0; s < oh.length; s++) {
            if (oLen[s] != 0 && (keepIter == Long.MIN_VALUE || oIter[s] == keepIter)) {
                bytes += oLen[s];
            }
        }
        arena = new byte[Math.max(4096, bytes * 2)];
        arenaUsed = 0;
        size = 0;
        droppedCount = 0;
        for (int s = 0; s < oh.length; s++) {
            int l = oLen[s];
            if (l == 0 || (keepIter != Long.MIN_VALUE && oIter[s] != keepIter)) {
                continue;
            }
            int t = (int) oh[s] & mask;
            while (keyLen[t] != 0) {
                t = (t + 1) & mask;
            }
            System.arraycopy(oArena, oOff[s], arena, arenaUsed, l);
            hashes[t] = oh[s];
            keyOff[t] = arenaUsed;
            keyLen[t] = l;
            refs[t] = oRef[s];
            lastIter[t] = oIter[s];
            dropped[t] = oDrop[s];
            labels[t] = oLab[s];
            arenaUsed += l;
            size++;
            if (oDrop[s]) {
                droppedCount++;
            }
        }
    }

    /** Number of cached entries for dropped series. */
    public int droppedCount() {
        return droppedCount;
    }
}
