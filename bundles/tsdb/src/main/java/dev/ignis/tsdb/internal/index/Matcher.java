package dev.ignis.tsdb.internal.index;

import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A compiled label matcher. Regular expressions are fully anchored, as in Prometheus; a regex
 * that is a plain literal or an alternation of literals ({@code a|b|c}) is matched as a set
 * and looked up directly in the index.
 */
public final class Matcher {

    private static final String META = "\\.+*?()|[]{}^$";

    private final LabelMatcher.Type type;
    private final String name;
    private final String value;
    private final Pattern pattern;
    /** For REGEX/NOT_REGEX: the literal alternatives when the regex is only that, else null. */
    private final List<String> set;
    /** Literal text every match starts with, ends with, and holds in order between them. */
    private final Literals literals;

    private Matcher(LabelMatcher.Type type, String name, String value, Pattern pattern, List<String> set,
            Literals literals) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = pattern;
        this.set = set;
        this.literals = literals;
    }

    /**
     * Compiles a matcher.
     *
     * @throws IllegalArgumentException if the regex does not compile
     */
    public static Matcher compile(LabelMatcher m) {
        Pattern p = null;
        List<String> set = null;
        Literals lits = Literals.NONE;
        if (m.type() == LabelMatcher.Type.REGEX || m.type() == LabelMatcher.Type.NOT_REGEX) {
            set = literalAlternatives(m.value());
            if (set == null) {
                // UNIX_LINES: only '\n' ends a line, so '.' excludes exactly what Go's '.' does.
                p = Pattern.compile("(?:" + m.value() + ")", Pattern.UNIX_LINES);
                lits = Literals.of(m.value());
            }
        }
        return new Matcher(m.type(), m.name(), m.value(), p, set, lits);
    }

    public static Matcher[] compile(LabelMatcher... ms) {
        Matcher[] out = new Matcher[ms.length];
        for (int i = 0; i < ms.length; i++) {
            out[i] = compile(ms[i]);
        }
        return out;
    }

    public LabelMatcher.Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** For EQUAL, or a regex that is a set of literals: the values that match, else null. */
    public List<String> setMatches() {
        if (type == LabelMatcher.Type.EQUAL) {
            return List.of(value);
        }
        return type == LabelMatcher.Type.REGEX ? set : null;
    }

    /** Whether the label value {@code v} ("" for an absent label) matches. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> regexMatches(v);
            case NOT_REGEX -> !regexMatches(v);
        };
    }

    /** The matcher with the opposite result for every value. */
    public Matcher inverse() {
        LabelMatcher.Type t = switch (type) {
            case EQUAL -> LabelMatcher.Type.NOT_EQUAL;
            case NOT_EQUAL -> LabelMatcher.Type.EQUAL;
            case REGEX -> LabelMatcher.Type.NOT_REGEX;
            case NOT_REGEX -> LabelMatcher.Type.REGEX;
        };
        return new Matcher(t, name, value, pattern, set, literals);
    }

    private boolean regexMatches(String v) {
        if (set != null) {
            return set.contains(v);
        }
        return literals.admits(v) && pattern.matcher(v).matches();
    }

    /** The literal prefilter derived from the regex; package-private for tests. */
    Literals literals() {
        return literals;
    }

    /**
     * The alternatives of a regex made only of literal characters, escaped metacharacters and
     * '|', optionally inside one pair of parentheses ({@code (a|b\.c)}), else null: the regexes
     * Prometheus 2.42 matches as a set of values.
     */
    static List<String> literalAlternatives(String re) {
        int from = 0;
        int to = re.length();
        if (to >= 2 && re.charAt(0) == '(' && re.charAt(to - 1) == ')') {
            from++;
            to--;
        }
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = from; i < to; i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                // Only an escaped metacharacter or backslash stands for itself in both engines.
                if (++i == to || META.indexOf(re.charAt(i)) < 0) {
                    return null;
                }
                cur.append(re.charAt(i));
            } else if (c == '|') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (META.indexOf(c) >= 0) {
                return null;
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return Collections.unmodifiableList(out);
    }

    /**
     * Literal text a fully anchored regex requires, found from its top-level concatenation as
     * Prometheus 2.42's FastRegexMatcher does: a value without it cannot match, so it is turned
     * away with string operations before the regex engine runs. Derived only from plain
     * characters and escaped punctuation outside groups and classes, never across a top-level
     * '|', and not at all when the regex has inline flags ({@code (?i)} and the like).
     */
    record Literals(String prefix, String suffix, List<String> contains) {

        static final Literals NONE = new Literals("", "", List.of());

        boolean admits(String v) {
            if (!v.startsWith(prefix) || !v.endsWith(suffix)) {
                return false;
            }
            int from = prefix.length();
            int to = v.length() - suffix.length();
            if (from > to) {
                // The prefix and suffix are distinct parts of a match: they cannot overlap.
                return false;
            }
            for (int i = 0; i < contains.size(); i++) {
                String c = contains.get(i);
                int at = v.indexOf(c, from);
                if (at < 0 || at + c.length() > to) {
                    return false;
                }
                from = at + c.length();
            }
            return true;
        }

        /** The literals of a regex that compiles, or NONE when its structure does not prove any. */
        static Literals of(String re) {
            // Each top-level element is a literal code point or -1 for anything else.
            List<Integer> atoms = new ArrayList<>();
            int n = re.length();
            int i = 0;
            while (i < n) {
                int c = re.codePointAt(i);
                int start = i;
                i += Character.charCount(c);
                int atom;
                switch (c) {
                    case '|':
                        return NONE;
                    case '^', '$':
                        // The whole value is matched: a leading '^' and a trailing '$' are no-ops.
                        if (c == '^' ? start == 0 : i == n) {
                            continue;
                        }
                        atom = -1;
                        break;
                    case '(':
                        if (re.startsWith("?", i) && !re.startsWith("?:", i)) {
                            return NONE; // flags, lookaround, named groups
                        }
                        i = skipGroup(re, i);
                        if (i < 0) {
                            return NONE;
                        }
                        atom = -1;
                        break;
                    case '[':
                        i = skipClass(re, i);
                        if (i < 0) {
                            return NONE;
                        }
                        atom = -1;
                        break;
                    case '\\':
                        if (i == n) {
                            return NONE;
                        }
                        char e = re.charAt(i++);
                        if (e < 128 && !Character.isLetterOrDigit(e)) {
                            atom = e; // escaped punctuation stands for itself
                        } else if ("dDsSwWhHvVbBzZAGRXtnrfae".indexOf(e) >= 0) {
                            atom = -1;
                        } else if (e == 'p' || e == 'P') {
                            if (i < n && re.charAt(i) == '{') {
                                i = re.indexOf('}', i);
                                if (i < 0) {
                                    return NONE;
                                }
                            }
                            i++;
                            atom = -1;
                        } else {
                            return NONE; // quoting, code points, control chars, octal, back references
                        }
                        break;
                    case '.':
                        atom = -1;
                        break;
                    case '*', '+', '?', '{', ')', ']', '}':
                        return NONE; // a quantifier without an atom: not something we parse
                    default:
                        atom = c;
                }
                if (i < n && "*+?{".indexOf(re.charAt(i)) >= 0) {
                    // A quantified atom may repeat or vanish: it is no literal.
                    atom = -1;
                    if (re.charAt(i) == '{') {
                        i = re.indexOf('}', i);
                        if (i < 0) {
                            return NONE;
                        }
                    }
                    i++;
                    if (i < n && (re.charAt(i) == '?' || re.charAt(i) == '+')) {
                        i++; // lazy or possessive
                    }
                    if (i < n && "*+?{".indexOf(re.charAt(i)) >= 0) {
                        return NONE;
                    }
                }
                atoms.add(atom);
            }
            // Split at the non-literal elements: the first run is the prefix, the last the suffix.
            List<String> runs = new ArrayList<>();
            StringBuilder run = new StringBuilder();
            for (int a : atoms) {
                if (a >= 0) {
                    run.appendCodePoint(a);
                } else {
                    runs.add(run.toString());
                    run.setLength(0);
                }
            }
            runs.add(run.toString());
            if (runs.size() == 1) {
                return new Literals(runs.get(0), "", List.of());
            }
            String prefix = runs.get(0);
            String suffix = runs.get(runs.size() - 1);
            List<String> contains = new ArrayList<>();
            for (String r : runs.subList(1, runs.size() - 1)) {
                if (!r.isEmpty()) {
                    contains.add(r);
                }
            }
            if (prefix.isEmpty() && suffix.isEmpty() && contains.isEmpty()) {
                return NONE;
            }
            return new Literals(prefix, suffix, List.copyOf(contains));
        }

        /** The index after the ')' closing the group opened before {@code i}, or -1. */
        private static int skipGroup(String re, int i) {
            int depth = 1;
            while (i < re.length()) {
                char c = re.charAt(i++);
                if (c == '\\') {
                    if (i < re.length() && re.charAt(i) == 'Q') {
                        return -1;
                    }
                    i++;
                } else if (c == '[') {
                    i = skipClass(re, i);
                    if (i < 0) {
                        return -1;
                    }
                } else if (c == '(') {
                    if (re.startsWith("?", i) && !re.startsWith("?:", i)) {
                        return -1;
                    }
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The index after the ']' closing the class opened before {@code i}, or -1 for the class
         * syntax where engines differ (a leading ']', nested classes, quoting).
         */
        private static int skipClass(String re, int i) {
            if (re.startsWith("^", i)) {
                i++;
            }
            if (re.startsWith("]", i)) {
                return -1;
            }
            while (i < re.length()) {
                char c = re.charAt(i++);
                if (c == '\\') {
                    if (i < re.length() && re.charAt(i) == 'Q') {
                        return -1;
                    }
                    i++;
                } else if (c == '[') {
                    return -1;
                } else if (c == ']') {
                    return i;
                }
            }
            return -1;
        }
    }

    @Override
    public String toString() {
        return new LabelMatcher(type, name, value).toString();
    }
}
