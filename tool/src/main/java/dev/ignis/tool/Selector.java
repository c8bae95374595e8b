package dev.ignis.tool;

import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A series selector for {@code --match}: {@code metric}, {@code metric{...}} or {@code {...}}
 * with {@code =, !=, =~, !~} and single- or double-quoted values (Go escapes \\ \" \' \n \t \r).
 */
final class Selector {
    private final String s;
    private int pos;

    private Selector(String s) {
        this.s = s;
    }

    static List<LabelMatcher> parse(String text) {
        return new Selector(text).selector();
    }

    private List<LabelMatcher> selector() {
        List<LabelMatcher> out = new ArrayList<>();
        skip();
        if (pos < s.length() && s.charAt(pos) != '{') {
            out.add(LabelMatcher.equal("__name__", ident(true)));
            skip();
        }
        if (pos < s.length() && s.charAt(pos) == '{') {
            pos++;
            skip();
            while (pos < s.length() && s.charAt(pos) != '}') {
                String name = ident(false);
                skip();
                LabelMatcher.Type type = op();
                skip();
                out.add(new LabelMatcher(type, name, string()));
                skip();
                if (pos < s.length() && s.charAt(pos) == ',') {
                    pos++;
                    skip();
                } else {
                    break;
                }
            }
            expect('}');
            skip();
        }
        if (pos != s.length() || out.isEmpty()) {
            throw fail("unexpected input");
        }
        return out;
    }

    private LabelMatcher.Type op() {
        if (s.startsWith("=~", pos)) {
            pos += 2;
            return LabelMatcher.Type.REGEX;
        } else if (s.startsWith("!~", pos)) {
            pos += 2;
            return LabelMatcher.Type.NOT_REGEX;
        } else if (s.startsWith("!=", pos)) {
            pos += 2;
            return LabelMatcher.Type.NOT_EQUAL;
        } else if (s.startsWith("=", pos)) {
            pos++;
            return LabelMatcher.Type.EQUAL;
        }
        throw fail("expected label matching operator");
    }

    private String ident(boolean metric) {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (pos > start && c >= '0' && c <= '9')
                    || (metric && c == ':');
            if (!ok) {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw fail("expected identifier");
        }
        return s.substring(start, pos);
    }

    private String string() {
        if (pos >= s.length() || (s.charAt(pos) != '"' && s.charAt(pos) != '\'')) {
            throw fail("expected quoted string");
        }
        char q = s.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != q) {
            char c = s.charAt(pos++);
            if (c == '\\' && pos < s.length()) {
                char e = s.charAt(pos++);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        expect(q);
        return sb.toString();
    }

    private void expect(char c) {
        if (pos >= s.length() || s.charAt(pos) != c) {
            throw fail("expected '" + c + "'");
        }
        pos++;
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException fail(String what) {
        return new IllegalArgumentException("1:" + (pos + 1) + ": parse error: " + what + " in selector \"" + s + "\"");
    }
}
