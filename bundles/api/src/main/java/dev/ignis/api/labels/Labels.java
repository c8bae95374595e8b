package dev.ignis.api.labels;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable label set, sorted by name, with unique names and no empty values.
 *
 * <p>Names and values are interned through {@link Symbols}, so equal sets share their strings
 * and {@link #equals} mostly compares references. The 64-bit hash is computed once at
 * construction; {@link #hash()} and {@link #compareTo} allocate nothing.
 *
 * <p>Ordering is Prometheus's: label pairs compared in order, name first then value, and a set
 * that is a prefix of another sorts first.
 */
public final class Labels implements Comparable<Labels> {

    /** The empty label set. */
    public static final Labels EMPTY = new Labels(new String[0]);

    /** The label name that holds the metric name. */
    public static final String METRIC_NAME = "__name__";

    // name0, value0, name1, value1, ... sorted by name; all strings interned.
    private final String[] pairs;
    private final long hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
        this.hash = computeHash(pairs);
    }

    /**
     * Builds a label set from alternating names and values. Pairs with an empty value are
     * dropped (Prometheus treats an empty value as absence).
     *
     * @throws IllegalArgumentException if the count is odd or a name occurs twice
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label strings");
        }
        Builder b = new Builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Builds a label set from a map; empty values are dropped. */
    public static Labels of(Map<String, String> map) {
        Builder b = new Builder(map.size());
        map.forEach(b::add);
        return b.build();
    }

    /** A builder pre-sized for {@code expected} labels. */
    public static Builder builder(int expected) {
        return new Builder(expected);
    }

    /** Number of labels. */
    public int size() {
        return pairs.length >> 1;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** Name of the i-th label in sort order. */
    public String name(int i) {
        return pairs[i << 1];
    }

    /** Value of the i-th label in sort order. */
    public String value(int i) {
        return pairs[(i << 1) + 1];
    }

    /** The value of {@code name}, or {@code ""} when absent (Prometheus's convention). */
    public String get(String name) {
        int i = indexOf(name);
        return i < 0 ? "" : pairs[(i << 1) + 1];
    }

    /** Whether a label with this name is present. */
    public boolean has(String name) {
        return indexOf(name) >= 0;
    }

    /** Index of {@code name} in sort order, or a negative number when absent. */
    public int indexOf(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[mid << 1].compareTo(name);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Calls {@code action} for each label in sort order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /**
     * This set without the label {@code name}, or this set itself when it has none. The
     * remaining strings are already sorted and interned, so nothing is looked up again.
     */
    public Labels without(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return this;
        }
        String[] out = new String[pairs.length - 2];
        System.arraycopy(pairs, 0, out, 0, i << 1);
        System.arraycopy(pairs, (i << 1) + 2, out, i << 1, out.length - (i << 1));
        return out.length == 0 ? EMPTY : new Labels(out);
    }

    /** A builder holding this set, to add, replace or remove labels. */
    public Builder toBuilder() {
        Builder b = new Builder(size() + 2);
        for (int i = 0; i < pairs.length; i += 2) {
            b.add(pairs[i], pairs[i + 1]);
        }
        return b;
    }

    /** The labels as a sorted map (allocates; not for hot paths). */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        forEach(m::put);
        return m;
    }

    /** A 64-bit hash of names and values, stable within one process run. */
    public long hash() {
        return hash;
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels other) || other.hash != hash || other.pairs.length != pairs.length) {
            return false;
        }
        for (int i = 0; i < pairs.length; i++) {
            String a = pairs[i];
            String b = other.pairs[i];
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i++) {
            String a = pairs[i];
            String b = o.pairs[i];
            if (a != b) {
                int c = GoStrings.compare(a, b);
                if (c != 0) {
                    return c;
                }
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    /** Prometheus's notation: {@code {a="1", b="2"}}, values escaped as Go's %q does for ASCII. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 * pairs.length).append('{');
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"");
            appendEscaped(sb, pairs[i + 1]);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    private static void appendEscaped(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
    }

    private static long computeHash(String[] pairs) {
        // FNV-1a over UTF-16 units with a separator that cannot occur inside a string boundary.
        long h = 0xcbf29ce484222325L;
        for (String s : pairs) {
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= 0xffff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /**
     * Mutable, single-threaded builder. {@link #set} replaces, {@link #delete} removes,
     * {@link #build} sorts and interns. Reusable after {@link #reset()}.
     */
    public static final class Builder {
        private String[] kv;
        private int n; // number of strings used in kv

        Builder(int expected) {
            kv = new String[Math.max(4, expected * 2)];
        }

        /** Adds a label; a later {@link #build} rejects duplicate names. Empty values are skipped. */
        public Builder add(String name, String value) {
            if (value == null || value.isEmpty()) {
                return this;
            }
            ensure();
            kv[n++] = name;
            kv[n++] = value;
            return this;
        }

        /** Sets {@code name} to {@code value}, replacing any earlier value; empty deletes. */
        public Builder set(String name, String value) {
            for (int i = 0; i < n; i += 2) {
                if (kv[i].equals(name)) {
                    if (value == null || value.isEmpty()) {
                        removeAt(i);
                    } else {
                        kv[i + 1] = value;
                    }
                    return this;
                }
            }
            return add(name, value);
        }

        /** Removes {@code name} if present. */
        public Builder delete(String name) {
            for (int i = 0; i < n; i += 2) {
                if (kv[i].equals(name)) {
                    removeAt(i);
                    return this;
                }
            }
            return this;
        }

        /** The current value of {@code name}, or "" when absent. */
        public String get(String name) {
            for (int i = 0; i < n; i += 2) {
                if (kv[i].equals(name)) {
                    return kv[i + 1];
                }
            }
            return "";
        }

        /** Clears the builder for reuse. */
        public Builder reset() {
            Arrays.fill(kv, 0, n, null);
            n = 0;
            return this;
        }

        /**
         * Sorts, interns and freezes the labels.
         *
         * @throws IllegalArgumentException on a duplicate label name
         */
        public Labels build() {
            if (n == 0) {
                return EMPTY;
            }
            // Insertion sort by name: label sets are small and often nearly sorted.
            for (int i = 2; i < n; i += 2) {
                String name = kv[i];
                String value = kv[i + 1];
                int j = i - 2;
                while (j >= 0 && kv[j].compareTo(name) > 0) {
                    kv[j + 2] = kv[j];
                    kv[j + 3] = kv[j + 1];
                    j -= 2;
                }
                kv[j + 2] = name;
                kv[j + 3] = value;
            }
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                out[i] = Symbols.intern(kv[i]);
                if ((i & 1) == 0 && i > 0 && out[i].equals(out[i - 2])) {
                    throw new IllegalArgumentException("label name \"" + out[i] + "\" is not unique");
                }
            }
            return new Labels(out);
        }

        private void removeAt(int i) {
            System.arraycopy(kv, i + 2, kv, i, n - i - 2);
            n -= 2;
            kv[n] = null;
            kv[n + 1] = null;
        }

        private void ensure() {
            if (n + 2 > kv.length) {
                kv = Arrays.copyOf(kv, kv.length * 2);
            }
        }
    }
}
