package dev.ignis.promql.internal.parser;

import dev.ignis.api.config.GoQuote;
import java.math.BigInteger;

/**
 * Number literals converted as Prometheus converts them: first as a Go integer with base
 * prefix (so a leading 0 means octal: {@code 010} is 8), then as a Go float.
 */
final class Numbers {

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Numbers() {
    }

    /**
     * @throws IllegalArgumentException with Go's message when the text is no number
     */
    static double parse(String text) {
        int n = text.length();
        if (n > 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X')
                && allDigits(text, 2, 16)) {
            return integerOrFloat(text, 2, 16);
        }
        if (n > 1 && text.charAt(0) == '0' && allDigits(text, 1, 8)) {
            return integerOrFloat(text, 1, 8);
        }
        if (n > 0 && (n == 1 || text.charAt(0) != '0') && allDigits(text, 0, 10)) {
            return integerOrFloat(text, 0, 10);
        }
        return parseFloat(text);
    }

    private static boolean allDigits(String s, int from, int radix) {
        for (int i = from; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), radix) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Go's ParseInt, falling back to ParseFloat when the value exceeds int64. */
    private static double integerOrFloat(String text, int from, int radix) {
        if (text.length() - from <= (radix == 16 ? 15 : 18)) {
            return Long.parseLong(text.substring(from), radix);
        }
        BigInteger integer = new BigInteger(text.substring(from), radix);
        return integer.compareTo(MAX) <= 0 ? integer.longValue() : parseFloat(text);
    }

    private static double parseFloat(String text) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Double.NaN;
            }
            default -> {
            }
        }
        double v;
        try {
            if (lower.startsWith("0x") || lower.endsWith("d") || lower.endsWith("f")) {
                throw new NumberFormatException();
            }
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "strconv.ParseFloat: parsing " + GoQuote.quote(text)
                    + ": invalid syntax", e);
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing "
                    + GoQuote.quote(text) + ": value out of range");
        }
        return v;
    }
}
