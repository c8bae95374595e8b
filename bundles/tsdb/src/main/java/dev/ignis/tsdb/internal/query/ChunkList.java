package dev.ignis.tsdb.internal.query;

import java.util.Arrays;

/** A growable flat list of chunk references (bytes, sample count, time range). Not thread-safe. */
public final class ChunkList {
    public byte[][] data = new byte[16][];
    public int[] samples = new int[16];
    public long[] minT = new long[16];
    public long[] maxT = new long[16];
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
}
