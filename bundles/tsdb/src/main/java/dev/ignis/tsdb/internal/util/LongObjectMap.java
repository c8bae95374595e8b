package dev.ignis.tsdb.internal.util;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing hash map from primitive long keys to objects (linear probing,
 * backward-shift deletion, no tombstones). A null value marks an empty slot, so null values
 * cannot be stored. Not thread-safe.
 *
 * @param <V> value type
 */
public final class LongObjectMap<V> {

    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;
    private int resizeAt;

    public LongObjectMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
        allocate(cap);
    }

    public LongObjectMap() {
        this(8);
    }

    public int size() {
        return size;
    }

    /** The value for {@code key}, or null. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        long[] k = keys;
        Object[] v = values;
        int m = mask;
        for (int i = slot(key, m);; i = (i + 1) & m) {
            Object o = v[i];
            if (o == null) {
                return null;
            }
            if (k[i] == key) {
                return (V) o;
            }
        }
    }

    /** Stores {@code value} under {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("null value");
        }
        int m = mask;
        for (int i = slot(key, m);; i = (i + 1) & m) {
            Object o = values[i];
            if (o == null) {
                keys[i] = key;
                values[i] = value;
                if (++size > resizeAt) {
                    rehash(values.length << 1);
                }
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) o;
            }
        }
    }

    /** Removes {@code key}; returns the removed value or null. */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int m = mask;
        for (int i = slot(key, m);; i = (i + 1) & m) {
            Object o = values[i];
            if (o == null) {
                return null;
            }
            if (keys[i] == key) {
                shiftBack(i);
                size--;
                return (V) o;
            }
        }
    }

    /** Calls {@code action} for every value, in no particular order. */
    @SuppressWarnings("unchecked")
    public void forEachValue(Consumer<? super V> action) {
        for (Object o : values) {
            if (o != null) {
                action.accept((V) o);
            }
        }
    }

    public void clear() {
        Arrays.fill(values, null);
        size = 0;
    }

    private void shiftBack(int hole) {
        int m = mask;
        int i = hole;
        for (int j = (i + 1) & m;; j = (j + 1) & m) {
            Object o = values[j];
            if (o == null) {
                break;
            }
            int home = slot(keys[j], m);
            // Move j into the hole unless its home lies cyclically in (hole, j].
            boolean stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = o;
                hole = j;
            }
        }
        values[hole] = null;
    }

    private void rehash(int cap) {
        long[] oldK = keys;
        Object[] oldV = values;
        allocate(cap);
        int m = mask;
        for (int j = 0; j < oldV.length; j++) {
            if (oldV[j] != null) {
                int i = slot(oldK[j], m);
                while (values[i] != null) {
                    i = (i + 1) & m;
                }
                keys[i] = oldK[j];
                values[i] = oldV[j];
            }
        }
    }

    private void allocate(int cap) {
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
        resizeAt = (int) (cap * 0.7f);
    }

    static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
