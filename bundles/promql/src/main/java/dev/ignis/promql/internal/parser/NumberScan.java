package dev.ignis.promql.internal.parser;

/**
 * How far Prometheus's lexer reads a malformed number or duration before it gives up, so that
 * error messages quote the same text. A number is digits (hex after {@code 0x}), an optional
 * fraction and exponent; a duration continues with units. Reading stops at the first character
 * that does not fit, except that the character after a complete-looking duration is consumed
 * to see that it has ended.
 */
final class NumberScan {

    /**
     * @param end where reading stopped
     * @param duration whether what was read is a (syntactic) duration token
     */
    private record Scan(int end, boolean duration) {
    }

    private NumberScan() {
    }

    /** The prefix of a malformed number token that the lexer consumed when it gave up. */
    static String consumed(String text) {
        int p = scanNumber(text);
        if (p >= 0) {
            return text.substring(0, p);
        }
        return text.substring(0, remainingDuration(text, -p - 1).end());
    }

    /**
     * Reads {@code text}, which starts with a letter right after '[', as the lexer reads a
     * duration there.
     *
     * @return the duration token's text ({@code "m"} for {@code [m]}; the duration parser then
     *     rejects it), or null if the lexer reports bad syntax, see {@link #unitsConsumed}
     */
    static String unitsOnlyDuration(String text) {
        Scan s = remainingDuration(text, 0);
        return s.duration() ? text.substring(0, s.end()) : null;
    }

    /** What the lexer consumed of {@code text} (starting with a letter) when it gave up. */
    static String unitsConsumed(String text) {
        return text.substring(0, remainingDuration(text, 0).end());
    }

    /** Position after the number; negative ({@code -pos-1}) if a letter or digit follows it. */
    private static int scanNumber(String s) {
        int p = 0;
        String digits = "0123456789";
        if (at(s, p) == '0' && (at(s, p + 1) == 'x' || at(s, p + 1) == 'X')) {
            p += 2;
            digits = "0123456789abcdefABCDEF";
        } else if (at(s, p) == '0') {
            p++;
        }
        p = run(s, p, digits);
        if (at(s, p) == '.') {
            p = run(s, p + 1, digits);
        }
        if (at(s, p) == 'e' || at(s, p) == 'E') {
            p++;
            if (at(s, p) == '+' || at(s, p) == '-') {
                p++;
            }
            p = run(s, p, "0123456789");
        }
        return isAlphaNumeric(at(s, p)) ? -p - 1 : p;
    }

    /** Reads duration units from {@code p}. */
    private static Scan remainingDuration(String s, int p) {
        if (at(s, p) < 0 || "smhdwy".indexOf(at(s, p)) < 0) {
            return new Scan(p, false);
        }
        p++;
        if (at(s, p) == 's') {
            p++;
        }
        while (at(s, p) >= '0' && at(s, p) <= '9') {
            p = run(s, p, "0123456789");
            if (at(s, p) < 0 || "smhdw".indexOf(at(s, p)) < 0) {
                return new Scan(p, false);
            }
            p++;
            if (at(s, p) == 's') {
                p++;
            }
        }
        if (isAlphaNumeric(at(s, p))) {
            // The lexer consumed this character to look at it.
            return new Scan(p + 1, false);
        }
        return new Scan(p, true);
    }

    private static int run(String s, int p, String chars) {
        while (at(s, p) >= 0 && chars.indexOf(at(s, p)) >= 0) {
            p++;
        }
        return p;
    }

    private static int at(String s, int p) {
        return p < s.length() ? s.charAt(p) : -1;
    }

    private static boolean isAlphaNumeric(int c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
