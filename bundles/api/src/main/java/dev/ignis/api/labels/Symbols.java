package dev.ignis.api.labels;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide string interner for label names and values.
 *
 * <p>A concurrent map rather than {@link String#intern()}: lookups do not touch the JVM's
 * string table, and interned strings are ordinary heap objects. Strings are never evicted;
 * label cardinality bounds the table as it bounds the head index.
 */
public final class Symbols {
    private static final ConcurrentHashMap<String, String> TABLE = new ConcurrentHashMap<>(1 << 14);

    private Symbols() {
    }

    /** The canonical instance equal to {@code s}. */
    public static String intern(String s) {
        // A read first: putIfAbsent locks the key's bin even when the key is there, and
        // almost every string interned has been seen before.
        String c = TABLE.get(s);
        if (c != null) {
            return c;
        }
        c = TABLE.putIfAbsent(s, s);
        return c == null ? s : c;
    }

    /** Number of distinct interned strings. */
    public static int size() {
        return TABLE.size();
    }
}
