package dev.ignis.web.internal.text;

import dev.ignis.api.config.GoQuote;

/**
 * Go's {@code strconv} parsing as Prometheus's API parameters use it: {@code ParseFloat} syntax (decimal and hexadecimal mantissas,
 * {@code _} digit separators, {@code inf}/{@code infinity}/{@code nan} in any case, out of
 * range is an error) and {@code ParseBool}.
 */
public final class GoText {

    private GoText() {
    }

    /**
     * Parses {@code s} as Go's {@code strconv.ParseFloat(s, 64)} does.
     *
     * @throws NumberFormatException on a syntax error or when the value is out of range
     */
    public static double parseFloat(String s) {
        int i = 0;
        int n = s.length();
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (i == 0 && rest.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        boolean hex = rest.length() >= 2 && rest.charAt(0) == '0' && (rest.charAt(1) == 'x' || rest.charAt(1) == 'X');
        if (!validSyntax(rest, hex) || !underscoresOk(rest, hex)) {
            throw new NumberFormatException("invalid syntax: " + s);
        }
        String clean = rest.replace("_", "");
        double v = Double.parseDouble(clean);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("value out of range: " + s);
        }
        return negative ? -v : v;
    }

    /** Mantissa with at least one digit and an optional exponent; hex mantissas need a 'p' exponent. */
    private static boolean validSyntax(String s, boolean hex) {
        int i = hex ? 2 : 0;
        int n = s.length();
        boolean digits = false;
        boolean point = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == '_') {
                continue;
            }
            if (c == '.' && !point) {
                point = true;
            } else if (hex ? Character.digit(c, 16) >= 0 : c >= '0' && c <= '9') {
                digits = true;
            } else {
                break;
            }
        }
        if (!digits) {
            return false;
        }
        if (i == n) {
            return !hex;
        }
        char e = Character.toLowerCase(s.charAt(i));
        if (e != (hex ? 'p' : 'e')) {
            return false;
        }
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        boolean expDigits = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                expDigits = true;
            } else if (c != '_') {
                return false;
            }
        }
        return expDigits;
    }

    /** Go's rule: an underscore only between digits (a base prefix counts as a digit). */
    private static boolean underscoresOk(String s, boolean hex) {
        if (s.indexOf('_') < 0) {
            return true;
        }
        char saw = '^';
        int i = 0;
        if (hex) {
            i = 2;
            saw = '0';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || hex && Character.digit(c, 16) >= 0) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /**
     * Go's {@code strconv.ParseBool}: 1, t, T, TRUE, true, True, 0, f, F, FALSE, false, False.
     *
     * @throws IllegalArgumentException with Go's message otherwise
     */
    public static boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("strconv.ParseBool: parsing " + GoQuote.quote(s) + ": invalid syntax");
        };
    }
}
