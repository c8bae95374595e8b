package dev.ignis.promql.internal.parser;

/**
 * How far Prometheus's lexer reads a malformed number or duration before it gives up, so that
 * error messages quote the same text. A number is digits (hex after {@code 0x}), an optional
 * fraction and exponent; a duration continues with units. Reading stops at the first character
 * that does not fit, except that the character after a complete-looking duration is consumed.
 */
final class NumberScan {

    private NumberScan() {
    }

    /**
     * @param text the malformed token, starting with its number
     * @return the prefix Prometheus's lexer had consumed when it reported the error
     */
    static String consumed(String text) {
        int p = scanNumber(text);
        if (p >= 0) {
            // A complete number: right after '[' that is a missing unit, reported elsewhere.
            return text.substring(0, p);
        }
        p = -p - 1;
        return text.substring(0, remainingDuration(text, p));
    }

    /** What the lexer consumes of {@code text} reading it as duration units only (no digits). */
    static String unitsConsumed(String text) {
        return text.substring(0, remainingDuration(text, 0));
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

    /** Where reading stops when the rest after the number is read as duration units. */
    private static int remainingDuration(String s, int p) {
        if ("smhdwy".indexOf(at(s, p)) < 0 || at(s, p) < 0) {
            return p;
        }
        p++;
        if (at(s, p) == 's') {
            p++;
        }
        while (Character.isDigit(at(s, p))) {
            p = run(s, p, "0123456789");
            if (at(s, p) < 0 || "smhdw".indexOf(at(s, p)) < 0) {
                return p;
            }
            p++;
            if (at(s, p) == 's') {
                p++;
            }
        }
        // The lexer reads one more character to see that the duration has ended.
        return at(s, p) >= 0 ? p + 1 : p;
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
