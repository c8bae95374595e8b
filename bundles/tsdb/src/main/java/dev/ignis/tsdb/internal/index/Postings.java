package dev.ignis.tsdb.internal.index;

import java.util.Arrays;
import java.util.List;

/** Set operations on postings lists: sorted arrays of distinct series refs. */
public final class Postings {

    public static final long[] EMPTY = new long[0];

    private Postings() {
    }

    /** Refs present in every list; the shortest list drives the walk. */
    public static long[] intersect(List<long[]> lists) {
        if (lists.isEmpty()) {
            return EMPTY;
        }
        long[][] ls = lists.toArray(new long[0][]);
        Arrays.sort(ls, (x, y) -> Integer.compare(x.length, y.length));
        long[] r = ls[0];
        for (int i = 1; i < ls.length && r.length > 0; i++) {
            r = intersect(r, ls[i]);
        }
        return r;
    }

    /** Refs in both {@code a} and {@code b}; gallops through {@code b} when it is much longer. */
    public static long[] intersect(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int n = 0;
        if (b.length > a.length * 16) {
            int from = 0;
            for (long x : a) {
                int i = Arrays.binarySearch(b, from, b.length, x);
                if (i >= 0) {
                    out[n++] = x;
                    from = i + 1;
                } else {
                    from = -i - 1;
                }
                if (from >= b.length) {
                    break;
                }
            }
        } else {
            int i = 0;
            int j = 0;
            while (i < a.length && j < b.length) {
                long x = a[i];
                long y = b[j];
                if (x == y) {
                    out[n++] = x;
                    i++;
                    j++;
                } else if (x < y) {
                    i++;
                } else {
                    j++;
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Refs in any list. */
    public static long[] union(List<long[]> lists) {
        if (lists.isEmpty()) {
            return EMPTY;
        }
        if (lists.size() == 1) {
            return lists.get(0);
        }
        int total = 0;
        for (long[] l : lists) {
            total += l.length;
        }
        long[] all = new long[total];
        int p = 0;
        for (long[] l : lists) {
            System.arraycopy(l, 0, all, p, l.length);
            p += l.length;
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[n - 1] != all[i]) {
                all[n++] = all[i];
            }
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }

    /** Refs in {@code a} but not in {@code b}. */
    public static long[] without(long[] a, long[] b) {
        if (b.length == 0 || a.length == 0) {
            return a;
        }
        long[] out = new long[a.length];
        int n = 0;
        int j = 0;
        for (long x : a) {
            while (j < b.length && b[j] < x) {
                j++;
            }
            if (j < b.length && b[j] == x) {
                continue;
            }
            out[n++] = x;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
