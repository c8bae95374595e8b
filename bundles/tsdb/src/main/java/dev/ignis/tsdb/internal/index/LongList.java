package dev.ignis.tsdb.internal.index;

import java.util.Arrays;

/**
 * A growable sorted list of distinct longs (a postings list). {@link #toArray()} caches its
 * copy until the next change, so repeated queries of an unchanged list do not copy it. Not
 * thread-safe.
 */
public final class LongList {
    private long[] a = new long[4];
    private int n;
    // Volatile: readers holding only a shared lock publish it to each other.
    private volatile long[] snapshot;

    public int size() {
        return n;
    }

    /** Inserts {@code x} in order; cheap when {@code x} is the largest, as new refs are. */
    public void add(long x) {
        snapshot = null;
        if (n > 0 && a[n - 1] >= x) {
            int i = Arrays.binarySearch(a, 0, n, x);
            if (i >= 0) {
                return;
            }
            int at = -i - 1;
            grow();
            System.arraycopy(a, at, a, at + 1, n - at);
            a[at] = x;
            n++;
            return;
        }
        grow();
        a[n++] = x;
    }

    /** Removes {@code x} if present. */
    public void remove(long x) {
        snapshot = null;
        int i = Arrays.binarySearch(a, 0, n, x);
        if (i >= 0) {
            System.arraycopy(a, i + 1, a, i, n - i - 1);
            n--;
        }
    }

    /** Removes those of the first {@code len} values of {@code sorted} (ascending) that are present. */
    public void removeAll(long[] sorted, int len) {
        snapshot = null;
        int w = 0;
        int j = 0;
        for (int i = 0; i < n; i++) {
            long x = a[i];
            while (j < len && sorted[j] < x) {
                j++;
            }
            if (j < len && sorted[j] == x) {
                continue;
            }
            a[w++] = x;
        }
        n = w;
    }

    /** The contents; the array is shared and must not be modified. */
    public long[] toArray() {
        long[] s = snapshot;
        if (s == null) {
            s = Arrays.copyOf(a, n);
            snapshot = s;
        }
        return s;
    }

    private void grow() {
        if (n == a.length) {
            a = Arrays.copyOf(a, n + (n >> 1) + 1);
        }
    }
}
