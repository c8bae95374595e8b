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

    /**
     * Refs in both {@code a} and {@code b}. When one list is much shorter, its elements are
     * searched for in the other (exponential then binary search) instead of a linear merge.
     */
    public static long[] intersect(long[] a, long[] b) {
        if (a.length > b.length) {
            long[] t = a;
            a = b;
            b = t;
        }
        if (a.length == 0) {
            return EMPTY;
        }
        long[] out = new long[a.length];
        int n = 0;
        if (b.length > a.length * 8) {
            int from = 0;
            for (long x : a) {
                from = gallop(b, from, x);
                if (from >= b.length) {
                    break;
                }
                if (b[from] == x) {
                    out[n++] = x;
                    from++;
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

    /** Refs in any list: pairwise merges, O(total x log(lists)). */
    public static long[] union(List<long[]> lists) {
        if (lists.isEmpty()) {
            return EMPTY;
        }
        long[][] ls = lists.toArray(new long[0][]);
        int k = ls.length;
        while (k > 1) {
            int w = 0;
            for (int i = 0; i < k; i += 2) {
                ls[w++] = i + 1 < k ? merge(ls[i], ls[i + 1]) : ls[i];
            }
            k = w;
        }
        return ls[0];
    }

    /** Sorted union of two sorted lists. */
    public static long[] merge(long[] a, long[] b) {
        if (a.length == 0) {
            return b;
        }
        if (b.length == 0) {
            return a;
        }
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            long x = a[i];
            long y = b[j];
            if (x < y) {
                out[n++] = x;
                i++;
            } else if (y < x) {
                out[n++] = y;
                j++;
            } else {
                out[n++] = x;
                i++;
                j++;
            }
        }
        while (i < a.length) {
            out[n++] = a[i++];
        }
        while (j < b.length) {
            out[n++] = b[j++];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The first index at or after {@code from} whose value is >= x (b.length if none). */
    static int gallop(long[] b, int from, long x) {
        int step = 1;
        int hi = from;
        while (hi < b.length && b[hi] < x) {
            from = hi + 1;
            hi += step;
            step <<= 1;
        }
        int lo = from;
        hi = Math.min(hi, b.length - 1);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (b[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Refs in {@code a} but not in {@code b}. */
    public static long[] without(long[] a, long[] b) {
        if (b.length == 0 || a.length == 0) {
            return a;
        }
        long[] out = new long[a.length];
        int n = 0;
        int j = 0;
        boolean search = b.length > a.length * 8;
        for (long x : a) {
            if (search) {
                j = gallop(b, j, x);
            } else {
                while (j < b.length && b[j] < x) {
                    j++;
                }
            }
            if (j < b.length && b[j] == x) {
                continue;
            }
            out[n++] = x;
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }
}
