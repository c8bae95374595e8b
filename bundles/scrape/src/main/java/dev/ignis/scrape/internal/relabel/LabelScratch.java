package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;

/**
 * A mutable, reusable label list for relabeling: unique names, no empty values, insertion
 * order. Tracks whether anything changed since {@link #load}, so an untouched set can be
 * returned as the original instance. Single-threaded.
 */
final class LabelScratch {
    private String[] names = new String[16];
    private String[] values = new String[16];
    private int n;
    private boolean dirty;

    void load(Labels l) {
        Arrays.fill(names, 0, n, null);
        Arrays.fill(values, 0, n, null);
        n = 0;
        for (int i = 0; i < l.size(); i++) {
            append(l.name(i), l.value(i));
        }
        dirty = false;
    }

    /** Copies {@code other} sorted by name (the order Prometheus iterates a label set in). */
    void copySorted(LabelScratch other) {
        Arrays.fill(names, 0, n, null);
        Arrays.fill(values, 0, n, null);
        n = 0;
        for (int k = 0; k < other.n; k++) {
            append(other.names[k], other.values[k]);
        }
        for (int i = 1; i < n; i++) {
            String nm = names[i];
            String v = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(nm) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = nm;
            values[j + 1] = v;
        }
    }

    int size() {
        return n;
    }

    String name(int k) {
        return names[k];
    }

    String value(int k) {
        return values[k];
    }

    boolean dirty() {
        return dirty;
    }

    /** The value of {@code name}, or "" when absent. */
    String get(String name) {
        int k = indexOf(name);
        return k < 0 ? "" : values[k];
    }

    /** Sets a label; an empty value deletes it. */
    void set(String name, String value) {
        int k = indexOf(name);
        if (value.isEmpty()) {
            if (k >= 0) {
                removeAt(k);
            }
            return;
        }
        if (k >= 0) {
            if (!values[k].equals(value)) {
                values[k] = value;
                dirty = true;
            }
            return;
        }
        append(name, value);
        dirty = true;
    }

    void delete(String name) {
        int k = indexOf(name);
        if (k >= 0) {
            removeAt(k);
        }
    }

    void removeAt(int k) {
        System.arraycopy(names, k + 1, names, k, n - k - 1);
        System.arraycopy(values, k + 1, values, k, n - k - 1);
        n--;
        names[n] = null;
        values[n] = null;
        dirty = true;
    }

    /** Builds the label set with {@code b} (reset first). */
    Labels build(Labels.Builder b) {
        b.reset();
        for (int k = 0; k < n; k++) {
            b.add(names[k], values[k]);
        }
        return b.build();
    }

    private int indexOf(String name) {
        for (int k = 0; k < n; k++) {
            String s = names[k];
            if (s == name || s.equals(name)) {
                return k;
            }
        }
        return -1;
    }

    private void append(String name, String value) {
        if (n == names.length) {
            names = Arrays.copyOf(names, n * 2);
            values = Arrays.copyOf(values, n * 2);
        }
        names[n] = name;
        values[n] = value;
        n++;
    }
}
