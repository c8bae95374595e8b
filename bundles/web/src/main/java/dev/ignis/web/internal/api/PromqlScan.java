package dev.ignis.web.internal.api;

import java.util.Locale;
import java.util.Set;

/**
 * A token scan of a PromQL expression that the engine has already parsed, for the one fact
 * {@code /query_exemplars} needs and the {@code QueryEngine} contract does not give: whether
 * the expression has any series selector (Prometheus's {@code parser.ExtractSelectors}).
 *
 * <p>In a valid expression a selector is a {@code {...}} matcher block or an identifier that
 * is neither followed by {@code (} (a function, an aggregation, {@code start()}/{@code end()}),
 * nor a keyword or aggregation operator, nor inside a label list ({@code by (...)}, {@code on (...)}, ...), a string, a
 * comment, a number or duration, or the brackets of a range or subquery.
 */
final class PromqlScan {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "atan2", "bool", "offset",
            "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan",
            // aggregation operators, which may be followed by a by/without clause instead of '('
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring",
            "group_left", "group_right");

    private PromqlScan() {
    }

    /** Whether the (valid) expression selects series anywhere. */
    static boolean hasSelector(String expr) {
        int n = expr.length();
        int i = 0;
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '{') {
                return true;
            } else if (c == '#') {
                i = skipTo(expr, i + 1, '\n');
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(expr, i + 1, c);
            } else if (c == '`') {
                i = skipTo(expr, i + 1, '`');
            } else if (c == '[') {
                i = skipTo(expr, i + 1, ']');
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(expr.charAt(i + 1)))) {
                i++;
                while (i < n && (isIdentPart(expr.charAt(i)) || expr.charAt(i) == '.')) {
                    i++;
                }
            } else if (isIdentStart(c)) {
                int start = i;
                while (i < n && isIdentPart(expr.charAt(i))) {
                    i++;
                }
                String word = expr.substring(start, i).toLowerCase(Locale.ROOT);
                int next = skipSpace(expr, i);
                boolean call = next < n && expr.charAt(next) == '(';
                if (call && LABEL_LIST_KEYWORDS.contains(word)) {
                    i = skipTo(expr, next + 1, ')');
                } else if (!call && !KEYWORDS.contains(word)) {
                    return true;
                }
            } else {
                i++;
            }
        }
        return false;
    }

    /** The index after the next {@code end} at or after {@code i}, or the end of the text. */
    private static int skipTo(String s, int i, char end) {
        int at = s.indexOf(end, i);
        return at < 0 ? s.length() : at + 1;
    }

    private static int skipQuoted(String s, int i, char quote) {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
