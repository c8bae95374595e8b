package dev.ignis.tsdb.internal.query;

import java.util.Arrays;

/**
 * A growable flat list of chunk references (bytes, sample count, time range). An entry added
 * by {@link #addMapped} has null bytes and a head chunk reference ({@code chunks_head/}) until
 * its owner fills the bytes in; one added by {@link #addAt} has null bytes and is copied from
 * {@link #source} into the iterator's buffer when iterated. Not thread-safe.
 */
public final class ChunkList {
    public byte[][] data = new byte[16][];
    public int[] samples = new int[16];
    public long[] minT = new long[16];
    public long[] maxT = new long[16];
    /** Head chunk reference of entries whose data is still null; allocated with the first. */
    public long[] mappedRef;
    /** Where entries added by {@link #addAt} are read from; null when there are none. */
    public final ChunkSource source;
    /** Position in {@link #source} and data length of entries added by {@link #addAt}. */
    public long[] at;
    public int[] length;
    public int size;

    public ChunkList() {
        this(null);
    }

    public ChunkList(ChunkSource source) {
        this.source = source;
    }

    /** Empties the list, keeping its arrays. */
    public void clear() {
        Arrays.fill(data, 0, size, null);
        size = 0;
    }

    public void add(byte[] d, int n, long mint, long maxt) {
        if (size == data.length) {
            int cap = size * 2;
            data = Arrays.copyOf(data, cap);
            samples = Arrays.copyOf(samples, cap);
            minT = Arrays.copyOf(minT, cap);
            maxT = Arrays.copyOf(maxT, cap);
        }
        data[size] = d;
        samples[size] = n;
        minT[size] = mint;
        maxT[size] = maxt;
        size++;
    }

    /** Adds a chunk held in {@code chunks_head/} at {@code ref}, its bytes to be read later. */
    public void addMapped(long ref, int n, long mint, long maxt) {
        add(null, n, mint, maxt);
        if (mappedRef == null || mappedRef.length < data.length) {
            mappedRef = mappedRef == null ? new long[data.length] : Arrays.copyOf(mappedRef, data.length);
        }
        mappedRef[size - 1] = ref;
    }

    /**
     * Adds a chunk of {@code len} data bytes at {@code position} in {@link #source}, its sample
     * count taken from its header when iterated.
     */
    public void addAt(long position, int len, long mint, long maxt) {
        add(null, -1, mint, maxt);
        if (at == null || at.length < data.length) {
            at = at == null ? new long[data.length] : Arrays.copyOf(at, data.length);
            length = length == null ? new int[data.length] : Arrays.copyOf(length, data.length);
        }
        at[size - 1] = position;
        length[size - 1] = len;
    }
}
