package dev.ignis.promql.internal.ast;

import java.math.BigDecimal;

/** Text forms shared by the node printers, matching Prometheus's (Go's) formatting. */
public final class Printing {

    private Printing() {
    }

    /**
     * A float as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}: the shortest digits that
     * round-trip, in exponent form when the decimal exponent is below -4 or at least 6
     * ({@code 1e+06}, {@code 1e-05}, {@code 123456}, {@code 0.0001}).
     */
    public static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        if (exp >= -4 && exp < 6) {
            return d.toPlainString();
        }
        String digits = d.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (d.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append(exp < 0 ? "e-" : "e+");
        int absExp = Math.abs(exp);
        if (absExp < 10) {
            sb.append('0');
        }
        return sb.append(absExp).toString();
    }

    /** Milliseconds as seconds with exactly three decimals ({@code 1.500}, {@code -0.002}). */
    public static String formatMillisAsSeconds(long ms) {
        String sign = ms < 0 ? "-" : "";
        long abs = Math.abs(ms);
        return sign + (abs / 1000) + "." + String.format(java.util.Locale.ROOT, "%03d", abs % 1000);
    }

    /** The {@code @} and {@code offset} suffix of a selector or subquery (with a leading space). */
    static String modifiers(AtModifier at, long offsetMs) {
        StringBuilder sb = new StringBuilder();
        if (at != null) {
            sb.append(' ').append(at);
        }
        if (offsetMs > 0) {
            sb.append(" offset ").append(Durations.format(offsetMs));
        } else if (offsetMs < 0) {
            sb.append(" offset -").append(Durations.format(-offsetMs));
        }
        return sb.toString();
    }

    /** A string in double quotes with Go's escapes, as Go's {@code %q}. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (isPrintable(cp)) {
                        sb.appendCodePoint(cp);
                    } else if (cp < 0x80) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", cp));
                    } else if (cp < 0x10000) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", cp));
                    } else {
                        sb.append(String.format(java.util.Locale.ROOT, "\\U%08x", cp));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.PRIVATE_USE, Character.SPACE_SEPARATOR,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
