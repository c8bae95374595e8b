package dev.ignis.tsdb.internal.query;

import java.util.Arrays;

/**
 * A growable flat list of chunk references (bytes, sample count, time range). An entry added
 * by {@link #addMapped} has null bytes and a head chunk reference ({@code chunks_head/}) until
 * its owner fills the bytes in. Not thread-safe.
 */
public final class ChunkList {
    public byte[][] data = new byte[16][];
    public int[] samples = new int[16];
    public long[] minT = new long[16];
    public long[] maxT = new long[16];
    /** Head chunk reference of entries whose data is still null; allocated with the first. */
    public long[] mappedRef;
    public int size;

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
}
