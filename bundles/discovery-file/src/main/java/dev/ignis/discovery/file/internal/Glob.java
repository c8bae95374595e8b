package dev.ignis.discovery.file.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * File name patterns with the syntax and results of Go's {@code path/filepath} Glob on Unix,
 * which Prometheus uses for {@code files}: {@code *} (any run of characters but '/'),
 * {@code ?} (one character but '/'), {@code [...]} classes with ranges and {@code ^}
 * negation, and backslash escapes. Matches come back sorted per directory, as
 * {@code dir/name}; a pattern without meta characters matches the path itself if it exists.
 */
final class Glob {

    /** A malformed pattern; Go's {@code filepath.ErrBadPattern}. */
    static final class BadPatternException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPatternException() {
            super("syntax error in pattern");
        }
    }

    private Glob() {
    }

    /** The paths matching {@code pattern}; unreadable directories contribute nothing. */
    static List<String> glob(String pattern) throws BadPatternException {
        validate(pattern);
        List<String> out = new ArrayList<>();
        if (!hasMeta(pattern)) {
            if (Files.exists(Path.of(pattern), LinkOption.NOFOLLOW_LINKS)) {
                out.add(pattern);
            }
            return out;
        }
        int slash = pattern.lastIndexOf('/');
        String dir = cleanDir(slash < 0 ? "" : pattern.substring(0, slash + 1));
        String file = pattern.substring(slash + 1);
        if (!hasMeta(dir)) {
            scan(dir, file, out);
            return out;
        }
        if (dir.equals(pattern)) {
            // A pattern like "a[" that is its own directory part cannot make progress.
            throw new BadPatternException();
        }
        for (String d : glob(dir)) {
            scan(d, file, out);
        }
        return out;
    }

    /** Whether {@code s} has characters Glob treats specially. */
    static boolean hasMeta(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private static String cleanDir(String dir) {
        if (dir.isEmpty()) {
            return ".";
        }
        if (dir.equals("/")) {
            return dir;
        }
        return dir.substring(0, dir.length() - 1);
    }

    private static void scan(String dir, String pattern, List<String> out) {
        Path d = Path.of(dir);
        if (!Files.isDirectory(d)) {
            return;
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (matches(pattern, name)) {
                    names.add(name);
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        names.sort(null);
        for (String n : names) {
            out.add(join(dir, n));
        }
    }

    private static String join(String dir, String name) {
        if (dir.equals(".")) {
            return name;
        }
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    /** Rejects what Go's Match rejects: an unclosed class, an empty or dangling range, a trailing backslash. */
    static void validate(String pattern) throws BadPatternException {
        int[] p = pattern.codePoints().toArray();
        int i = 0;
        while (i < p.length) {
            int c = p[i];
            if (c == '\\') {
                if (i + 1 >= p.length) {
                    throw new BadPatternException();
                }
                i += 2;
            } else if (c == '[') {
                i = classEnd(p, i + 1);
            } else {
                i++;
            }
        }
    }

    /** Index after the class starting at {@code i} (just past '['). */
    private static int classEnd(int[] p, int i) throws BadPatternException {
        if (i < p.length && p[i] == '^') {
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i < p.length && p[i] == ']' && ranges > 0) {
                return i + 1;
            }
            i = escapedEnd(p, i);
            if (i < p.length && p[i] == '-') {
                i = escapedEnd(p, i + 1);
            }
            ranges++;
        }
    }

    /** Index after one (possibly escaped) class character at {@code i}. */
    private static int escapedEnd(int[] p, int i) throws BadPatternException {
        if (i >= p.length || p[i] == '-' || p[i] == ']') {
            throw new BadPatternException();
        }
        if (p[i] == '\\') {
            i++;
            if (i >= p.length) {
                throw new BadPatternException();
            }
        }
        return i + 1;
    }

    /** Whether {@code name} matches the whole of a valid {@code pattern}. */
    static boolean matches(String pattern, String name) {
        return match(pattern.codePoints().toArray(), 0, name.codePoints().toArray(), 0);
    }

    private static boolean match(int[] p, int pi, int[] s, int si) {
        while (pi < p.length) {
            int c = p[pi];
            if (c == '*') {
                while (pi < p.length && p[pi] == '*') {
                    pi++;
                }
                if (pi == p.length) {
                    return !contains(s, si, '/');
                }
                for (int k = si; k <= s.length; k++) {
                    if (match(p, pi, s, k)) {
                        return true;
                    }
                    if (k < s.length && s[k] == '/') {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.length) {
                return false;
            }
            int ch = s[si];
            switch (c) {
                case '?' -> {
                    if (ch == '/') {
                        return false;
                    }
                    pi++;
                }
                case '[' -> {
                    if (ch == '/') {
                        return false;
                    }
                    int end = classEndUnchecked(p, pi + 1);
                    if (!inClass(p, pi + 1, end - 1, ch)) {
                        return false;
                    }
                    pi = end;
                }
                case '\\' -> {
                    if (p[pi + 1] != ch) {
                        return false;
                    }
                    pi += 2;
                }
                default -> {
                    if (c != ch) {
                        return false;
                    }
                    pi++;
                }
            }
            si++;
        }
        return si == s.length;
    }

    private static boolean contains(int[] s, int from, int c) {
        for (int i = from; i < s.length; i++) {
            if (s[i] == c) {
                return true;
            }
        }
        return false;
    }

    private static int classEndUnchecked(int[] p, int i) {
        try {
            return classEnd(p, i);
        } catch (BadPatternException e) {
            throw new IllegalStateException("BUG: pattern not validated", e);
        }
    }

    /** Whether {@code ch} is in the class body {@code p[from, to)} (without the closing ']'). */
    private static boolean inClass(int[] p, int from, int to, int ch) {
        int i = from;
        boolean negated = false;
        if (p[i] == '^') {
            negated = true;
            i++;
        }
        boolean found = false;
        while (i < to) {
            int lo = p[i] == '\\' ? p[++i] : p[i];
            i++;
            int hi = lo;
            if (i < to && p[i] == '-') {
                i++;
                hi = p[i] == '\\' ? p[++i] : p[i];
                i++;
            }
            if (lo <= ch && ch <= hi) {
                found = true;
            }
        }
        return found != negated;
    }
}
