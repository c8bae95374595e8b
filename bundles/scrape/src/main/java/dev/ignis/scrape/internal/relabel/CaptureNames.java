package dev.ignis.scrape.internal.relabel;

import java.util.ArrayList;
import java.util.List;

/**
 * The capture groups of an RE2 expression in the order Go numbers them, with their
 * {@code (?P<name>...)} names (null for unnamed groups); index 0 is the whole match. Read from
 * the expression text, since java.util.regex cannot report names on Java 17.
 */
final class CaptureNames {
    private CaptureNames() {
    }

    static List<String> of(String re) {
        List<String> names = new ArrayList<>();
        names.add(null);
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && re.charAt(i + 1) == 'Q') {
                    int e = re.indexOf("\\E", i + 2);
                    i = e < 0 ? n : e + 2;
                } else {
                    i += 2;
                }
            } else if (c == '[') {
                i = skipClass(re, i);
            } else if (c == '(') {
                if (re.startsWith("(?P<", i)) {
                    int e = re.indexOf('>', i + 4);
                    names.add(e < 0 ? null : re.substring(i + 4, e));
                    i = e < 0 ? n : e + 1;
                } else {
                    if (i + 1 >= n || re.charAt(i + 1) != '?') {
                        names.add(null);
                    }
                    i++;
                }
            } else {
                i++;
            }
        }
        return names;
    }

    /** Index after the bracket expression starting at {@code start}. */
    private static int skipClass(String re, int start) {
        int n = re.length();
        int i = start + 1;
        if (i < n && re.charAt(i) == '^') {
            i++;
        }
        if (i < n && re.charAt(i) == ']') {
            i++; // a leading ']' is literal
        }
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[' && re.startsWith("[:", i)) {
                int e = re.indexOf(":]", i + 2);
                i = e < 0 ? i + 1 : e + 2;
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return n;
    }
}
