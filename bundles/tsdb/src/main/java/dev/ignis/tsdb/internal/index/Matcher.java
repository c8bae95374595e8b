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

    private Matcher(LabelMatcher.Type type, String name, String value, Pattern pattern, List<String> set) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.pattern = pattern;
        this.set = set;
    }

    /**
     * Compiles a matcher.
     *
     * @throws IllegalArgumentException if the regex does not compile
     */
    public static Matcher compile(LabelMatcher m) {
        Pattern p = null;
        List<String> set = null;
        if (m.type() == LabelMatcher.Type.REGEX || m.type() == LabelMatcher.Type.NOT_REGEX) {
            set = literalAlternatives(m.value());
            if (set == null) {
                // UNIX_LINES: only '\n' ends a line, so '.' excludes exactly what Go's '.' does.
                p = Pattern.compile("(?:" + m.value() + ")", Pattern.UNIX_LINES);
            }
        }
        return new Matcher(m.type(), m.name(), m.value(), p, set);
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
        return new Matcher(t, name, value, pattern, set);
    }

    private boolean regexMatches(String v) {
        if (set != null) {
            return set.contains(v);
        }
        return pattern.matcher(v).matches();
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

    @Override
    public String toString() {
        return new LabelMatcher(type, name, value).toString();
    }
}
