package dev.ignis.tsdb.internal.head;

import java.util.Arrays;

/**
 * A sorted set of series refs (one postings list of the head), four bytes a ref: refs are
 * positive and handed out in sequence from 1, so they fit in 32 bits unsigned. A ref beyond
 * that (only a foreign WAL could log one) switches the list to eight-byte longs for good.
 * Stored ints are the refs with the sign bit flipped, so their signed order is the refs' order
 * and {@link Arrays#binarySearch(int[], int, int, int)} applies. {@link #toArray()} caches its copy
 * until the next change. Not thread-safe.
 */
final class RefList {
    private static final long[] NONE = new long[0];

    private int[] small = new int[2];
    private long[] wide; // non-null: the refs are here and small is unused
    private int n;
    // Volatile: readers holding only a shared lock publish it to each other.
    private volatile long[] snapshot;

    int size() {
        return n;
    }

    /** Bytes a ref takes in the backing array (for tests). */
    int refBytes() {
        return wide != null ? Long.BYTES : Integer.BYTES;
    }

    /** Inserts {@code ref} in order; cheap when it is the largest, as new refs are. */
    void add(long ref) {
        snapshot = null;
        if (wide == null && (ref >>> 32) != 0) {
            widen();
        }
        if (wide != null) {
            addWide(ref);
            return;
        }
        int x = encode(ref);
        int at = n;
        if (n > 0 && small[n - 1] >= x) {
            int i = Arrays.binarySearch(small, 0, n, x);
            if (i >= 0) {
                return;
            }
            at = -i - 1;
        }
        if (n == small.length) {
            small = Arrays.copyOf(small, grown(n));
        }
        System.arraycopy(small, at, small, at + 1, n - at);
        small[at] = x;
        n++;
    }

    /** Removes those of the first {@code len} refs of {@code sorted} (ascending) that are present. */
    void removeAll(long[] sorted, int len) {
        snapshot = null;
        int w = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            long x = get(i);
            while (j < len && sorted[j] < x) {
                j++;
            }
            if (j < len && sorted[j] == x) {
                continue;
            }
            if (wide != null) {
                wide[w++] = x;
            } else {
                small[w++] = encode(x);
            }
        }
        n = w;
        // A list that lost most of its refs gives the room back.
        if (n < capacity() / 4) {
            if (wide != null) {
                wide = Arrays.copyOf(wide, Math.max(2, n));
            } else {
                small = Arrays.copyOf(small, Math.max(2, n));
            }
        }
    }

    /** The refs, ascending; the array is shared and must not be modified. */
    long[] toArray() {
        long[] s = snapshot;
        if (s == null) {
            if (n == 0) {
                s = NONE;
            } else if (wide != null) {
                s = Arrays.copyOf(wide, n);
            } else {
                s = new long[n];
                for (int i = 0; i < n; i++) {
                    s[i] = decode(small[i]);
                }
            }
            snapshot = s;
        }
        return s;
    }

    private long get(int i) {
        return wide != null ? wide[i] : decode(small[i]);
    }

    private int capacity() {
        return wide != null ? wide.length : small.length;
    }

    private void addWide(long ref) {
        int at = n;
        if (n > 0 && wide[n - 1] >= ref) {
            int i = Arrays.binarySearch(wide, 0, n, ref);
            if (i >= 0) {
                return;
            }
            at = -i - 1;
        }
        if (n == wide.length) {
            wide = Arrays.copyOf(wide, grown(n));
        }
        System.arraycopy(wide, at, wide, at + 1, n - at);
        wide[at] = ref;
        n++;
    }

    private void widen() {
        long[] w = new long[grown(n)];
        for (int i = 0; i < n; i++) {
            w[i] = decode(small[i]);
        }
        wide = w;
        small = null;
    }

    private static int grown(int n) {
        return n + (n >> 1) + 1;
    }

    private static int encode(long ref) {
        return (int) ref ^ Integer.MIN_VALUE;
    }

    private static long decode(int x) {
        return (x ^ Integer.MIN_VALUE) & 0xffffffffL;
    }
}
