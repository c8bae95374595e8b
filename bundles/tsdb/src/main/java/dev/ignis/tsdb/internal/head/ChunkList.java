package dev.ignis.tsdb.internal.head;

import java.util.Arrays;

/** A growable flat list of chunk references (bytes, sample count, time range). Not thread-safe. */
final class ChunkList {
    byte[][] data = new byte[16][];
    int[] samples = new int[16];
    long[] minT = new long[16];
    long[] maxT = new long[16];
    int size;

    void add(byte[] d, int n, long mint, long maxt) {
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
