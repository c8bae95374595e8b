package dev.ignis.promql.internal.engine;

/**
 * The order Prometheus 2.42 gives a {@code topk}/{@code bottomk} group's result: its heap
 * sorted best first by Go 1.19's {@code sort.Sort(sort.Reverse(heap))}, which is not stable,
 * so equal values keep an order that depends on where the heap left them.
 */
final class GoSort {

    /** Go's sort.Sort sorts up to this many elements by plain insertion. */
    static final int INSERTION_MAX = 12;

    private GoSort() {
    }

    /**
     * The heap's comparison as Prometheus writes it: a NaN is less than anything (even another
     * NaN); for bottomk the order of numbers is reversed.
     */
    static boolean less(double a, double b, boolean top) {
        return Double.isNaN(a) || (top ? a < b : a > b);
    }

    /**
     * Sorts the first {@code n} entries of a heap ({@code h} the series, {@code hv} their
     * values) best first. Up to {@link #INSERTION_MAX} entries as Go does, by insertion with the
     * reversed heap comparison; larger heaps stably (Go's pattern-defeating quicksort orders
     * equal values of those differently).
     */
    static void reverseHeap(int[] h, double[] hv, int n, boolean top) {
        if (n <= INSERTION_MAX) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && less(hv[j - 1], hv[j], top); j--) {
                    swap(h, hv, j, j - 1);
                }
            }
            return;
        }
        // Stable insertion by the same comparison, written for large k: binary search of the place.
        for (int i = 1; i < n; i++) {
            int series = h[i];
            double v = hv[i];
            int lo = 0;
            int hi = i;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                // v goes before hv[mid] only when it ranks strictly better.
                if (before(v, hv[mid], top)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            System.arraycopy(h, lo, h, lo + 1, i - lo);
            System.arraycopy(hv, lo, hv, lo + 1, i - lo);
            h[lo] = series;
            hv[lo] = v;
        }
    }

    /** Whether {@code a} ranks strictly before {@code b}: better value, NaN last. */
    private static boolean before(double a, double b, boolean top) {
        if (Double.isNaN(a)) {
            return false;
        }
        return Double.isNaN(b) || (top ? a > b : a < b);
    }

    private static void swap(int[] h, double[] hv, int i, int j) {
        int t = h[i];
        h[i] = h[j];
        h[j] = t;
        double tv = hv[i];
        hv[i] = hv[j];
        hv[j] = tv;
    }
}
