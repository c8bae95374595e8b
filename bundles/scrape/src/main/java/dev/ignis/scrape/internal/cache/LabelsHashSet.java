package dev.ignis.scrape.internal.cache;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A set of label sets keyed by {@link Labels#hash()} (open addressing, linear probing), as
 * Prometheus keys its staleness tracking by the series hash. Clearing keeps the arrays.
 */
final class LabelsHashSet {
    private long[] keys = new long[64];
    private Labels[] vals = new Labels[64];
    private int size;

    void add(Labels l) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        long h = l.hash();
        int mask = keys.length - 1;
        for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
            if (vals[s] == null) {
                keys[s] = h;
                vals[s] = l;
                size++;
                return;
            }
            if (keys[s] == h) {
                vals[s] = l;
                return;
            }
        }
    }

    boolean containsHash(long h) {
        int mask = keys.length - 1;
        for (int s = spread(h) & mask; ; s = (s + 1) & mask) {
            if (vals[s] == null) {
                return false;
            }
            if (keys[s] == h) {
                return true;
            }
        }
    }

    void forEachMissingFrom(LabelsHashSet other, Consumer<Labels> action) {
        for (int s = 0; s < keys.length; s++) {
            if (vals[s] != null && !other.containsHash(keys[s])) {
                action.accept(vals[s]);
            }
        }
    }

    int size() {
        return size;
    }

    void clear() {
        if (size > 0) {
            Arrays.fill(vals, null);
            size = 0;
        }
    }

    private void grow() {
        long[] ok = keys;
        Labels[] ov = vals;
        keys = new long[ok.length * 2];
        vals = new Labels[ok.length * 2];
        size = 0;
        for (int s = 0; s < ok.length; s++) {
            if (ov[s] != null) {
                add(ov[s]);
            }
        }
    }

    private static int spread(long h) {
        return (int) (h ^ (h >>> 32));
    }
}
