package dev.ignis.promql.internal.parser;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * Number literals converted as Prometheus converts them: first as a Go integer with base
 * prefix (so a leading 0 means octal: {@code 010} is 8), then as a Go float.
 */
final class Numbers {

    private static final Pattern HEX = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern OCTAL = Pattern.compile("0[0-7]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+");
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Numbers() {
    }

    /**
     * @throws IllegalArgumentException with Go's message when the text is no number
     */
    static double parse(String text) {
        BigInteger integer = null;
        if (HEX.matcher(text).matches()) {
            integer = new BigInteger(text.substring(2), 16);
        } else if (OCTAL.matcher(text).matches()) {
            integer = new BigInteger(text.substring(1), 8);
        } else if (DECIMAL.matcher(text).matches() && !(text.length() > 1 && text.startsWith("0"))) {
            integer = new BigInteger(text);
        }
        if (integer != null && integer.compareTo(MAX) <= 0) {
            return integer.longValue();
        }
        return parseFloat(text);
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
                    "strconv.ParseFloat: parsing " + dev.ignis.promql.internal.ast.Printing.quote(text)
                    + ": invalid syntax", e);
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing "
                    + dev.ignis.promql.internal.ast.Printing.quote(text) + ": value out of range");
        }
        return v;
    }
}
