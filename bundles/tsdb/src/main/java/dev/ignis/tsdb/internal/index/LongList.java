package dev.ignis.tsdb.internal.index;

import java.util.Arrays;

/** A growable sorted list of distinct longs (a postings list). Not thread-safe. */
public final class LongList {
    private long[] a = new long[4];
    private int n;

    public int size() {
        return n;
    }

    /** Inserts {@code x} in order; cheap when {@code x} is the largest, as new refs are. */
    public void add(long x) {
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
        int i = Arrays.binarySearch(a, 0, n, x);
        if (i >= 0) {
            System.arraycopy(a, i + 1, a, i, n - i - 1);
            n--;
        }
    }

    /** A copy of the contents. */
    public long[] toArray() {
        return Arrays.copyOf(a, n);
    }

    private void grow() {
        if (n == a.length) {
            a = Arrays.copyOf(a, n + (n >> 1) + 1);
        }
    }
}
