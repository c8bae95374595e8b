package dev.ignis.promql.internal.engine;

/**
 * The order Prometheus 2.42 gives a {@code topk}/{@code bottomk} group's result: its heap
 * sorted best first by {@code sort.Sort(sort.Reverse(heap))} of Go 1.19 (the Debian 2.42
 * build's Go), which is not stable, so equal values end up in an order that depends on where
 * the heap left them and on the steps of Go's pattern-defeating quicksort: insertion sort up to
 * 12 elements; above, median-of-three or ninther pivots, a reversal of descending runs, a
 * partial insertion sort, partitions, a deterministic xorshift shuffle after unbalanced
 * partitions and a heapsort fallback. Every comparison and swap happens as there.
 */
final class GoSort {

    private final int[] h;
    private final double[] hv;
    private final boolean top;

    private GoSort(int[] h, double[] hv, boolean top) {
        this.h = h;
        this.hv = hv;
        this.top = top;
    }

    /**
     * The heap's comparison as Prometheus writes it: a NaN is less than anything (even another
     * NaN); for bottomk the order of numbers is reversed.
     */
    static boolean less(double a, double b, boolean top) {
        return Double.isNaN(a) || (top ? a < b : a > b);
    }

    /** Sorts the first {@code n} entries of a heap ({@code h} the series, {@code hv} their values) best first. */
    static void reverseHeap(int[] h, double[] hv, int n, boolean top) {
        if (n > 1) {
            new GoSort(h, hv, top).pdq(0, n, 32 - Integer.numberOfLeadingZeros(n));
        }
    }

    // The reversed heap order: i sorts before j when the heap would put j before i.
    private boolean lt(int i, int j) {
        return less(hv[j], hv[i], top);
    }

    private void swap(int i, int j) {
        int t = h[i];
        h[i] = h[j];
        h[j] = t;
        double tv = hv[i];
        hv[i] = hv[j];
        hv[j] = tv;
    }

    private void insertion(int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && lt(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    private void pdq(int a, int b, int limit) {
        boolean balanced = true;
        boolean partitioned = true;
        while (true) {
            int length = b - a;
            if (length <= 12) {
                insertion(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!balanced) {
                breakPatterns(a, b);
                limit--;
            }
            int[] swaps = new int[1];
            int pivot = choosePivot(a, b, swaps);
            boolean increasing = swaps[0] == 0;
            if (swaps[0] == 12) {
                // Looked descending: reversed, the pivot moves with its element.
                for (int i = a, j = b - 1; i < j; i++, j--) {
                    swap(i, j);
                }
                pivot = (b - 1) - (pivot - a);
                increasing = true;
            }
            if (balanced && partitioned && increasing && partialInsertion(a, b)) {
                return;
            }
            if (a > 0 && !lt(a - 1, pivot)) {
                // Probably many equal values: those equal to the pivot go first, and are done.
                a = partitionEqual(a, b, pivot);
                continue;
            }
            int mid = partition(a, b, pivot);
            partitioned = mid < 0;
            if (mid < 0) {
                mid = -mid - 1;
            }
            int left = mid - a;
            int right = b - mid;
            if (left < right) {
                balanced = left >= length / 8;
                pdq(a, mid, limit);
                a = mid + 1;
            } else {
                balanced = right >= length / 8;
                pdq(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    /** The pivot's final place, as {@code -place - 1} when nothing had to move. */
    private int partition(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && lt(i, a)) {
            i++;
        }
        while (i <= j && !lt(j, a)) {
            j--;
        }
        if (i > j) {
            swap(j, a);
            return -j - 1;
        }
        swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && lt(i, a)) {
                i++;
            }
            while (i <= j && !lt(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        swap(j, a);
        return j;
    }

    private int partitionEqual(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !lt(a, i)) {
                i++;
            }
            while (i <= j && lt(a, j)) {
                j--;
            }
            if (i > j) {
                return i;
            }
            swap(i, j);
            i++;
            j--;
        }
    }

    /** Fixes up to five adjacent inversions in long runs; true when the range ends up sorted. */
    private boolean partialInsertion(int a, int b) {
        int i = a + 1;
        for (int step = 0; step < 5; step++) {
            while (i < b && !lt(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < 50) {
                return false;
            }
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!lt(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!lt(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private void breakPatterns(int a, int b) {
        int length = b - a;
        if (length < 8) {
            return;
        }
        long random = length;
        long modulus = 1L << (32 - Integer.numberOfLeadingZeros(length));
        for (int idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
            random ^= random << 13;
            random ^= random >>> 17;
            random ^= random << 5;
            int other = (int) (random & (modulus - 1));
            if (other >= length) {
                other -= length;
            }
            swap(idx, a + other);
        }
    }

    private int choosePivot(int a, int b, int[] swaps) {
        int l = b - a;
        int i = a + l / 4;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= 50) {
                i = median(i - 1, i, i + 1, swaps);
                j = median(j - 1, j, j + 1, swaps);
                k = median(k - 1, k, k + 1, swaps);
            }
            j = median(i, j, k, swaps);
        }
        return j;
    }

    /**
     * The index of the median of three by three ordering steps, counting the pairs that were
     * out of order (with NaN both ways round, so no step is skipped).
     */
    private int median(int a, int b, int c, int[] swaps) {
        if (lt(b, a)) {
            swaps[0]++;
            int t = a;
            a = b;
            b = t;
        }
        if (lt(c, b)) {
            swaps[0]++;
            int t = b;
            b = c;
            c = t;
        }
        if (lt(b, a)) {
            swaps[0]++;
            b = a;
        }
        return b;
    }

    private void heapSort(int a, int b) {
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(i, hi, a);
        }
        for (int i = hi - 1; i >= 0; i--) {
            swap(a, a + i);
            siftDown(0, i, a);
        }
    }

    private void siftDown(int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && lt(first + child, first + child + 1)) {
                child++;
            }
            if (!lt(first + root, first + child)) {
                return;
            }
            swap(first + root, first + child);
            root = child;
        }
    }
}
