package dev.ignis.web.internal.text;

/**
 * Formats doubles as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does, which is what the
 * Prometheus text exposition format (client_golang) and label values such as {@code le} use:
 * the shortest decimal that round-trips, in exponent form when the decimal exponent is below
 * -4 or at least 6 ({@code 1e+06}, {@code 3.0134e-05}, {@code 123456}), {@code NaN},
 * {@code +Inf}, {@code -Inf}.
 *
 * <p>Integers below 10^6 are written without allocating; other values go through
 * {@link Double#toString(double)}. Java 17's {@code Double.toString} is not always the
 * shortest representation (JDK-4511638, fixed in Java 19: {@code 1e23} prints as
 * {@code 9.999999999999999E22}, {@code 5e-324} as {@code 4.9E-324}), so its digits are
 * shortened while the shorter decimal still parses back to the same double; that costs one
 * extra parse per non-integer value.
 */
public final class GoFloat {

    private GoFloat() {
    }

    /** The formatted value as a new string (allocates; for tests and cold paths). */
    public static String format(double v) {
        return append(new StringBuilder(24), v).toString();
    }

    /** Appends the formatted value to {@code sb} and returns it. */
    public static StringBuilder append(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            return sb.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return sb.append(v > 0 ? "+Inf" : "-Inf");
        }
        if (v == 0) {
            return sb.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return sb.append((long) v);
        }
        return appendDigits(sb, v);
    }

    private static StringBuilder appendDigits(StringBuilder sb, double v) {
        String s = Double.toString(Math.abs(v));
        // Split Java's "d.dddE±x" or "ddd.ddd" into a digit string without leading or trailing
        // zeros and the position of the decimal point relative to its first digit.
        char[] digits = new char[s.length()];
        int nd = 0;
        int pointPos = -1;
        int exp = 0;
        int leadingZeros = 0;
        boolean seenNonZero = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                pointPos = nd + leadingZeros;
            } else if (c == 'E') {
                exp = Integer.parseInt(s, i + 1, s.length(), 10);
                break;
            } else if (c == '0' && !seenNonZero) {
                leadingZeros++;
            } else {
                seenNonZero = true;
                digits[nd++] = c;
            }
        }
        if (pointPos < 0) {
            pointPos = nd + leadingZeros;
        }
        while (nd > 1 && digits[nd - 1] == '0') {
            nd--;
        }
        // dp: the decimal point sits after dp digits of the digit string (Go's decimal.dp).
        int dp = pointPos - leadingZeros + exp;
        char[] shorter = new char[digits.length + 1];
        while (nd > 1) {
            int carry = roundTo(digits, nd - 1, shorter);
            if (!roundTrips(Math.abs(v), shorter, nd - 1 + carry, dp + carry)) {
                break;
            }
            System.arraycopy(shorter, 0, digits, 0, nd - 1 + carry);
            nd = nd - 1 + carry;
            dp += carry;
            while (nd > 1 && digits[nd - 1] == '0') {
                nd--;
            }
        }
        if (v < 0) {
            sb.append('-');
        }
        int x = dp - 1;
        if (x < -4 || x >= 6) {
            sb.append(digits[0]);
            if (nd > 1) {
                sb.append('.').append(digits, 1, nd - 1);
            }
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) {
                sb.append('0');
            }
            return sb.append(ax);
        }
        if (dp <= 0) {
            sb.append("0.");
            for (int i = dp; i < 0; i++) {
                sb.append('0');
            }
            return sb.append(digits, 0, nd);
        }
        if (dp >= nd) {
            sb.append(digits, 0, nd);
            for (int i = nd; i < dp; i++) {
                sb.append('0');
            }
            return sb;
        }
        return sb.append(digits, 0, dp).append('.').append(digits, dp, nd - dp);
    }

    /**
     * Rounds the first {@code n+1} digits to {@code n} digits (half up) into {@code out}.
     * Returns 1 when the rounding carried into a new leading digit ("99" to "10"), else 0.
     */
    private static int roundTo(char[] digits, int n, char[] out) {
        System.arraycopy(digits, 0, out, 0, n);
        if (digits[n] < '5') {
            return 0;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (out[i] != '9') {
                out[i]++;
                return 0;
            }
            out[i] = '0';
        }
        System.arraycopy(out, 0, out, 1, n);
        out[0] = '1';
        return 1;
    }

    /** Whether the decimal 0.{@code digits[0..nd)} x 10^dp parses back to {@code abs}. */
    private static boolean roundTrips(double abs, char[] digits, int nd, int dp) {
        StringBuilder sb = new StringBuilder(nd + 8).append("0.").append(digits, 0, nd).append('E').append(dp);
        return Double.parseDouble(sb.toString()) == abs;
    }
}
