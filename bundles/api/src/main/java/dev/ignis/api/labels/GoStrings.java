package dev.ignis.api.labels;

import java.util.Comparator;

/**
 * Go's string order: bytewise over UTF-8, which is code point order. Java's
 * {@link String#compareTo} compares UTF-16 units and so puts characters above U+FFFF before
 * U+E000..U+FFFF; Prometheus's sorted outputs (label sets, symbol tables, API lists) need Go's.
 */
public final class GoStrings {
    /** {@link #compare} as a comparator. */
    public static final Comparator<String> ORDER = GoStrings::compare;

    private GoStrings() {
    }

    /** Compares by code points, as Go compares strings. */
    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Surrogates (U+D800..U+DFFF) stand for code points above U+FFFF: they sort last.
                boolean sx = Character.isSurrogate(x);
                boolean sy = Character.isSurrogate(y);
                if (sx != sy) {
                    return sx ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
