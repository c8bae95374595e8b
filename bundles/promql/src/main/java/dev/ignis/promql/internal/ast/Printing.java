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
}
