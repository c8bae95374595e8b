package dev.ignis.scrape.internal.parse;

import java.nio.charset.StandardCharsets;

/**
 * Float and integer parsing with Go's {@code strconv} syntax as Prometheus's exposition parsers
 * apply it: decimal floats, {@code Inf}/{@code Infinity} with optional sign and {@code NaN}
 * without sign (any case); {@code p}, {@code P} and {@code _} are rejected up front, so hex
 * floats never parse. Overflow is an error; underflow rounds to zero. Values are converted
 * without allocating (exact small cases, then {@link EiselLemire}), except for the rare
 * halfway, subnormal and overflowing inputs, which go through {@link Double#parseDouble}.
 */
final class GoFloat {
    /** Prometheus's canonical NaN ({@code value.NormalNaN}). */
    static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    /** Why a number did not parse; the message is Go's error text. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private GoFloat() {
    }

    /** Parses {@code b[off, off+len)}; NaN comes back as {@link #NORMAL_NAN}. */
    static double parse(byte[] b, int off, int len) throws Invalid {
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == 'p' || c == 'P' || c == '_') {
                throw new Invalid("unsupported character in float");
            }
        }
        int i = off;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (i < end) {
            int c = b[i] | 0x20;
            if (c == 'i') {
                int n = end - i;
                if ((n == 3 && matchesIgnoreCase(b, i, "inf")) || (n == 8 && matchesIgnoreCase(b, i, "infinity"))) {
                    return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                throw syntax(b, off, len);
            }
            if (c == 'n' && i == off && end - i == 3 && matchesIgnoreCase(b, i, "nan")) {
                return NORMAL_NAN;
            }
        }
        long mant = 0;
        int digits = 0; // significant digits held in mant
        boolean truncated = false;
        boolean sawDigits = false;
        boolean sawDot = false;
        int dropExp = 0; // decimal exponent adjustment from the dot and dropped digits
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '.') {
                if (sawDot) {
                    throw syntax(b, off, len);
                }
                sawDot = true;
                continue;
            }
            if (c < '0' || c > '9') {
                break;
            }
            sawDigits = true;
            if (c == '0' && digits == 0) {
                if (sawDot) {
                    dropExp--;
                }
                continue;
            }
            if (digits < 19) {
                mant = mant * 10 + (c - '0');
                digits++;
                if (sawDot) {
                    dropExp--;
                }
            } else {
                truncated |= c != '0';
                if (!sawDot) {
                    dropExp++;
                }
            }
        }
        if (!sawDigits) {
            throw syntax(b, off, len);
        }
        int exp = 0;
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean eneg = false;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                eneg = b[i] == '-';
                i++;
            }
            if (i >= end || b[i] < '0' || b[i] > '9') {
                throw syntax(b, off, len);
            }
            for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
                if (exp < 100_000) {
                    exp = exp * 10 + (b[i] - '0');
                }
            }
            if (eneg) {
                exp = -exp;
            }
        }
        if (i != end) {
            throw syntax(b, off, len);
        }
        int e10 = exp + dropExp;
        if (mant == 0) {
            return neg ? -0.0 : 0.0;
        }
        double v;
        if (!truncated && mant > 0 && mant < (1L << 53) && e10 >= -22 && e10 <= 22) {
            // Both operands are exact, so one IEEE operation rounds correctly.
            v = e10 >= 0 ? mant * POW10[e10] : mant / POW10[-e10];
            return neg ? -v : v;
        }
        long bits = EiselLemire.toBits(mant, e10);
        if (bits != EiselLemire.FAIL && truncated && EiselLemire.toBits(mant + 1, e10) != bits) {
            bits = EiselLemire.FAIL; // the dropped digits could change the rounding
        }
        if (bits != EiselLemire.FAIL) {
            v = Double.longBitsToDouble(bits);
            return neg ? -v : v;
        }
        // Rare (halfway cases, subnormals, overflow): exact conversion, allocating.
        v = Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(v)) {
            throw new Invalid("strconv.ParseFloat: parsing " + Bytes.goQuote(b, off, len) + ": value out of range");
        }
        return v;
    }

    /** Parses a run of ASCII digits as a signed 64-bit integer (Go's ParseInt, base 10). */
    static long parseDigits(byte[] b, int off, int len) throws Invalid {
        long v = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new Invalid("strconv.ParseInt: parsing " + Bytes.goQuote(b, off, len) + ": invalid syntax");
            }
            if (v > (Long.MAX_VALUE - d) / 10) {
                throw new Invalid("strconv.ParseInt: parsing " + Bytes.goQuote(b, off, len) + ": value out of range");
            }
            v = v * 10 + d;
        }
        if (len == 0) {
            throw new Invalid("strconv.ParseInt: parsing \"\": invalid syntax");
        }
        return v;
    }

    /**
     * {@code toMillis(parse(b, off, len))} for the common timestamp of whole seconds, an optional
     * sign and at most 12 digits, where both steps are exact; {@link #NOT_PLAIN} for anything
     * else, which the caller parses in full.
     */
    static long plainSecondsToMillis(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        boolean neg = false;
        if (i < end && (b[i] == '+' || b[i] == '-')) {
            neg = b[i] == '-';
            i++;
        }
        if (end - i < 1 || end - i > 12) {
            return NOT_PLAIN;
        }
        long v = 0;
        for (; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return NOT_PLAIN;
            }
            v = v * 10 + d;
        }
        return (neg ? -v : v) * 1000;
    }

    /** Not a plain timestamp (see {@link #plainSecondsToMillis}); no plain one gives it. */
    static final long NOT_PLAIN = Long.MIN_VALUE;

    /** Go's float64 to int64 conversion on amd64: truncation, out of range gives MIN_VALUE. */
    static long toMillis(double seconds) {
        double ms = seconds * 1000;
        if (ms >= 0x1p63 || ms < -0x1p63 || Double.isNaN(ms)) {
            return Long.MIN_VALUE;
        }
        return (long) ms;
    }

    private static boolean matchesIgnoreCase(byte[] b, int off, String word) {
        for (int k = 0; k < word.length(); k++) {
            if ((b[off + k] | 0x20) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static Invalid syntax(byte[] b, int off, int len) {
        return new Invalid("strconv.ParseFloat: parsing " + Bytes.goQuote(b, off, len) + ": invalid syntax");
    }
}
