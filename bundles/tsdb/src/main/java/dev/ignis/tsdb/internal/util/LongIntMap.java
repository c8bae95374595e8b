package dev.ignis.tsdb.internal.util;

import java.util.Arrays;

/**
 * An open-addressing hash map from long keys to non-negative ints, with -1 meaning "absent".
 * Built for reuse: {@link #clear()} costs O(size) by remembering used slots. Not thread-safe.
 */
public final class LongIntMap {

    /** Returned by {@link #get} for a missing key. */
    public static final int MISSING = -1;

    private long[] keys;
    private int[] values;
    private int[] used;
    private int size;
    private int mask;

    public LongIntMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    public int size() {
        return size;
    }

    public int get(long key) {
        int m = mask;
        for (int i = LongObjectMap.slot(key, m);; i = (i + 1) & m) {
            int v = values[i];
            if (v == MISSING || keys[i] == key) {
                return v;
            }
        }
    }

    /** Stores a value (must be >= 0). */
    public void put(long key, int value) {
        int m = mask;
        for (int i = LongObjectMap.slot(key, m);; i = (i + 1) & m) {
            if (values[i] == MISSING) {
                keys[i] = key;
                values[i] = value;
                used[size++] = i;
                if (size * 10 > values.length * 7) {
                    rehash();
                }
                return;
            }
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
        }
    }

    public void clear() {
        for (int k = 0; k < size; k++) {
            values[used[k]] = MISSING;
        }
        size = 0;
    }

    private void rehash() {
        long[] oldK = keys;
        int[] oldV = values;
        int[] oldUsed = used;
        int n = size;
        allocate(oldV.length << 1);
        for (int k = 0; k < n; k++) {
            int j = oldUsed[k];
            put(oldK[j], oldV[j]);
        }
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new int[cap];
        Arrays.fill(values, MISSING);
        used = new int[cap];
        mask = cap - 1;
        size = 0;
    }
}
