package dev.ignis.config.parser;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles Go RE2 syntax with java.util.regex: rejects what RE2 rejects (lookaround,
 * backreferences, possessive and nested repetition) with Go's messages, and rewrites what the
 * two spell differently (POSIX classes, {@code (?P<name>}, literal braces and brackets).
 */
public final class Re2 {
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "\\p{Alnum}"), Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"),
            Map.entry("punct", "\\p{Punct}"), Map.entry("space", "\\s"), Map.entry("upper", "\\p{Upper}"),
            Map.entry("word", "\\w"), Map.entry("xdigit", "\\p{XDigit}"));

    private Re2() {
    }

    /**
     * Compiles {@code expr} anchored as Prometheus does ({@code ^(?:expr)$}).
     *
     * @throws IllegalArgumentException with Go's {@code error parsing regexp: ...} message
     */
    public static Pattern compileAnchored(String expr) {
        return compile("^(?:" + expr + ")$");
    }

    /** Compiles an RE2 expression as is. */
    public static Pattern compile(String re) {
        String java = translate(re);
        try {
            return Pattern.compile(java, Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + re + "`");
        }
    }

    private static IllegalArgumentException fail(String what, String arg) {
        return new IllegalArgumentException("error parsing regexp: " + what + ": `" + arg + "`");
    }

    static String translate(String re) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        int depth = 0;
        int repeat = 0; // 0 none, 1 after a repetition, 2 after a lazy one
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw fail("trailing backslash at end of expression", "");
                    }
                    char d = re.charAt(i + 1);
                    boolean backref = d >= '1' && d <= '9' && (i + 2 >= n || !Character.isDigit(re.charAt(i + 2)));
                    if (backref || "ZGRXhHkKVeNc".indexOf(d) >= 0) {
                        throw fail("invalid escape sequence", "\\" + d);
                    }
                    if (d == 'v') {
                        out.append("\\x0B");
                    } else {
                        out.append(c).append(d);
                    }
                    i += 2;
                    repeat = 0;
                }
                case '[' -> {
                    i = charClass(re, i, out);
                    repeat = 0;
                }
                case '(' -> {
                    if (re.startsWith("(?", i)) {
                        String rest = re.substring(i);
                        if (rest.startsWith("(?=") || rest.startsWith("(?!") || rest.startsWith("(?<")
                                || rest.startsWith("(?>") || rest.startsWith("(?P=")) {
                            throw fail("invalid or unsupported Perl syntax", rest.substring(0, 3));
                        }
                        boolean named = rest.startsWith("(?P<");
                        out.append("(?").append(named ? "<" : "");
                        i += named ? 4 : 2;
                        depth++;
                        repeat = 0;
                        continue;
                    }
                    depth++;
                    out.append(c);
                    i++;
                    repeat = 0;
                }
                case ')' -> {
                    if (depth == 0) {
                        throw fail("unexpected )", re);
                    }
                    depth--;
                    out.append(c);
                    i++;
                    repeat = 0;
                }
                case '*', '+', '?' -> {
                    if (repeat == 1 && c == '?') {
                        repeat = 2; // lazy modifier
                    } else if (repeat != 0) {
                        throw fail("invalid nested repetition operator", re.substring(i - 1, i + 1));
                    } else if (out.length() == 0 || endsWithOpen(out)) {
                        throw fail("missing argument to repetition operator", String.valueOf(c));
                    } else {
                        repeat = 1;
                    }
                    out.append(c);
                    i++;
                }
                case '{' -> {
                    int close = re.indexOf('}', i);
                    if (close > 0 && re.substring(i + 1, close).matches("[0-9]+(,[0-9]*)?")) {
                        String[] parts = re.substring(i + 1, close).split(",", -1);
                        long lo = Long.parseLong(parts[0].length() > 6 ? "1001" : parts[0]);
                        long hi = parts.length < 2 ? lo
                                : parts[1].isEmpty() ? -1 : Long.parseLong(parts[1].length() > 6 ? "1001" : parts[1]);
                        if (lo > 1000 || hi > 1000 || (hi >= 0 && hi < lo)) {
                            throw fail("invalid repeat count", re.substring(i, close + 1));
                        }
                        if (repeat != 0) {
                            throw fail("invalid nested repetition operator", re.substring(i - 1, close + 1));
                        }
                        out.append(re, i, close + 1);
                        i = close + 1;
                        repeat = 1;
                    } else {
                        out.append("\\{");
                        i++;
                        repeat = 0;
                    }
                }
                case '}' -> {
                    out.append("\\}");
                    i++;
                    repeat = 0;
                }
                default -> {
                    out.append(c);
                    i++;
                    repeat = 0;
                }
            }
        }
        if (depth > 0) {
            throw fail("missing closing )", re);
        }
        return out.toString();
    }

    private static boolean endsWithOpen(StringBuilder out) {
        char last = out.charAt(out.length() - 1);
        if (last == '|') {
            return out.length() < 2 || out.charAt(out.length() - 2) != '\\';
        }
        return last == '(' || (last == ':' && out.length() >= 3 && out.substring(out.length() - 3).equals("(?:"));
    }

    /** Copies a bracket expression starting at {@code start}; returns the index after it. */
    private static int charClass(String re, int start, StringBuilder out) {
        int n = re.length();
        int i = start + 1;
        out.append('[');
        if (i < n && re.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        while (i < n) {
            char c = re.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                return i + 1;
            }
            first = false;
            if (c == '[' && re.startsWith("[:", i)) {
                int end = re.indexOf(":]", i + 2);
                if (end > 0) {
                    String name = re.substring(i + 2, end);
                    boolean neg = name.startsWith("^");
                    String cls = POSIX.get(neg ? name.substring(1) : name);
                    if (cls == null) {
                        throw fail("invalid character class range", re.substring(i, end + 2));
                    }
                    if (neg) {
                        cls = cls.equals("\\s") ? "\\S" : cls.equals("\\w") ? "\\W" : "\\P" + cls.substring(2);
                    }
                    out.append(cls);
                    i = end + 2;
                    continue;
                }
            }
            if (c == '\\') {
                if (i + 1 >= n) {
                    break;
                }
                out.append(c).append(re.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c != '[' && i + 2 < n && re.charAt(i + 1) == '-' && re.charAt(i + 2) != ']'
                    && re.charAt(i + 2) != '\\' && re.charAt(i + 2) < c) {
                throw fail("invalid character class range", re.substring(i, i + 3));
            }
            if (c == '[' || c == ']' || (c == '&' && i + 1 < n && re.charAt(i + 1) == '&')) {
                out.append('\\').append(c);
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        throw fail("missing closing ]", re.substring(start));
    }
}
