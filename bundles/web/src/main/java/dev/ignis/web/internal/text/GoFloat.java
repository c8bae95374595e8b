package dev.ignis.web.internal.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Formats doubles as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} does, which is what the
 * Prometheus text exposition format (client_golang) and label values such as {@code le} use:
 * the shortest decimal that round-trips, in exponent form when the decimal exponent is below
 * -4 or at least 6 ({@code 1e+06}, {@code 3.0134e-05}, {@code 123456}), {@code NaN},
 * {@code +Inf}, {@code -Inf}; and in the two other layouts Prometheus's HTTP API uses for
 * query results ({@link #appendApi}, {@link #appendPlain}).
 *
 * <p>Integers are written directly; other values get their digits from {@link Schubfach}: the
 * same digits as Go's shortest formatting (Ryu), in fewer steps. Java 17's
 * {@code Double.toString} is neither always the shortest, JDK-4511638, nor fast: it was most
 * of the cost of a large query result.
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
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return special(sb, v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return sb.append((long) v);
        }
        Decimal d = Decimal.shortest(v);
        int x = d.dp - 1;
        return x < -4 || x >= 6 ? d.appendExponent(sb) : d.appendPlain(sb);
    }

    /**
     * Appends {@code v} as the Prometheus HTTP API writes sample values and jsoniter writes
     * JSON numbers: Go's {@code 'e'} format when {@code |v| < 1e-6} or {@code |v| >= 1e21}
     * ({@code 1e-07}, {@code 1e+21}), else the {@code 'f'} format ({@code 0.1},
     * {@code 100000000000000000000}); shortest round-trip digits; {@code NaN}, {@code +Inf},
     * {@code -Inf}, {@code -0}.
     */
    public static StringBuilder appendApi(StringBuilder sb, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return special(sb, v);
        }
        double abs = Math.abs(v);
        if (v == Math.rint(v) && abs < 1e15) {
            return sb.append((long) v);
        }
        if (abs < 1e-6 || abs >= 1e21) {
            return Decimal.shortest(v).appendExponent(sb);
        }
        return appendPlainDigits(sb, v);
    }

    /** Room {@link #appendApi(byte[], int, double, long[])} may need at {@code pos}. */
    public static final int API_MAX_BYTES = 32;

    /**
     * {@link #appendApi(StringBuilder, double)} as ASCII bytes at {@code b[pos]}, for response
     * bodies written without characters; {@code b} must have {@link #API_MAX_BYTES} free from
     * {@code pos}. {@code scratch} is two longs, so that nothing is allocated.
     *
     * @return the position after the last byte written
     */
    public static int appendApi(byte[] b, int pos, double v, long[] scratch) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return specialBytes(b, pos, v);
        }
        double abs = Math.abs(v);
        if (v < 0) {
            b[pos++] = '-';
        }
        if (abs == Math.rint(abs) && abs < 1e15) {
            return digits(b, pos, (long) abs, digitCount((long) abs));
        }
        if (abs < 1e-6 || abs >= 1e21) {
            return ascii(b, pos, Decimal.shortest(abs).appendExponent(new StringBuilder(24)));
        }
        Schubfach.shortestUnstripped(abs, scratch);
        long d = scratch[0];
        int nd = digitCount(d);
        // Where the point goes: the same before and after trailing zeros are dropped.
        int dp = nd + (int) scratch[1];
        if (dp <= 0) {
            b[pos++] = '0';
            b[pos++] = '.';
            for (int i = dp; i < 0; i++) {
                b[pos++] = '0';
            }
            return trimZeros(b, digits(b, pos, d, nd));
        }
        // All digits one place on, then the integer part (usually the shorter) moved back
        // before the point: cheaper than splitting d by a variable power of ten (a real
        // 64-bit division).
        int end = trimZeros(b, digits(b, pos + 1, d, nd));
        nd = end - pos - 1;
        if (dp < nd) {
            for (int i = pos; i < pos + dp; i++) {
                b[i] = b[i + 1];
            }
            b[pos + dp] = '.';
            return end;
        }
        for (int i = pos; i < pos + nd; i++) {
            b[i] = b[i + 1];
        }
        for (int i = pos + nd; i < pos + dp; i++) {
            b[i] = '0';
        }
        return pos + dp;
    }

    /** The end of the digits before {@code end} without their trailing zeros (there is a non-zero digit). */
    private static int trimZeros(byte[] b, int end) {
        while (b[end - 1] == '0') {
            end--;
        }
        return end;
    }

    // "00" to "99": two digits per division when writing numbers out.
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    /** Writes the {@code nd} decimal digits of {@code x >= 0} at {@code b[pos]}. */
    public static int digits(byte[] b, int pos, long x, int nd) {
        int end = pos + nd;
        int at = end;
        // Eight digits at a time, converted together in one long and stored at once.
        while (at - pos >= 8) {
            long q = x / 100_000_000L;
            at -= 8;
            LONGS.set(b, at, eightDigits((int) (x - q * 100_000_000L)));
            x = q;
        }
        int y = (int) x;
        while (at - pos >= 2) {
            int q = y / 100;
            int p = y - q * 100;
            y = q;
            b[--at] = PAIRS[2 * p + 1];
            b[--at] = PAIRS[2 * p];
        }
        if (at > pos) {
            b[--at] = (byte) ('0' + y % 10);
        }
        return end;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The eight ASCII digits of {@code 0 <= r < 10^8}, zero-padded, the first in the lowest
     * byte: split in lanes (4+4 digits in 32 bits, then 2-digit groups in 16, then digits in
     * 8), each lane divided by 100 or 10 through a multiplication that stays inside it.
     */
    static long eightDigits(int r) {
        int hi = r / 10_000;
        long x = hi | (long) (r - hi * 10_000) << 32;
        long q = (x * 10486) >>> 20 & 0x0000007F_0000007FL;
        x = q | (x - q * 100) << 16;
        q = (x * 103) >>> 10 & 0x000F000F_000F000FL;
        x = q | (x - q * 10) << 8;
        return x | 0x30303030_30303030L;
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    /** The number of decimal digits of {@code x >= 0}. */
    public static int digitCount(long x) {
        // log10 from the bit length (1233/4096 ~ log10(2)), then one comparison; x | 1 counts 0
        // as one digit and changes no other count, the powers of ten being even.
        long y = x | 1;
        int t = (64 - Long.numberOfLeadingZeros(y)) * 1233 >>> 12;
        return t + (y >= POW10[t] ? 1 : 0);
    }

    // NaN, +Inf, -Inf, -0 and 0 as four little-endian bytes each, and their lengths.
    private static final int NAN = 'N' | 'a' << 8 | 'N' << 16;
    private static final int POS_INF = '+' | 'I' << 8 | 'n' << 16 | 'f' << 24;
    private static final int NEG_INF = '-' | 'I' << 8 | 'n' << 16 | 'f' << 24;
    private static final int NEG_ZERO = '-' | '0' << 8;
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static int specialBytes(byte[] b, int pos, double v) {
        if (Double.isNaN(v)) {
            INTS.set(b, pos, NAN);
            return pos + 3;
        }
        if (Double.isInfinite(v)) {
            INTS.set(b, pos, v > 0 ? POS_INF : NEG_INF);
            return pos + 4;
        }
        if (Double.doubleToRawLongBits(v) < 0) {
            INTS.set(b, pos, NEG_ZERO);
            return pos + 2;
        }
        b[pos] = '0';
        return pos + 1;
    }

    private static int ascii(byte[] b, int pos, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            b[pos++] = (byte) s.charAt(i);
        }
        return pos;
    }

    /**
     * Go's {@code 'f'} layout of a finite non-zero double straight from {@link Schubfach}'s digits,
     * without the intermediate {@link Decimal}: the hot path of query results.
     */
    private static StringBuilder appendPlainDigits(StringBuilder sb, double v) {
        long[] r = new long[2];
        Schubfach.shortest(Math.abs(v), r);
        long digits = r[0];
        int exp = (int) r[1];
        if (v < 0) {
            sb.append('-');
        }
        if (exp >= 0) {
            sb.append(digits);
            for (int i = 0; i < exp; i++) {
                sb.append('0');
            }
            return sb;
        }
        int start = sb.length();
        sb.append(digits);
        int nd = sb.length() - start;
        int dp = nd + exp;
        if (dp > 0) {
            return sb.insert(start + dp, '.');
        }
        sb.insert(start, "0.");
        for (int i = dp; i < 0; i++) {
            sb.insert(start + 2, '0');
        }
        return sb;
    }

    /** {@link #appendApi} as a new string. */
    public static String formatApi(double v) {
        return appendApi(new StringBuilder(24), v).toString();
    }

    /**
     * Appends {@code v} in Go's {@code strconv.FormatFloat(v, 'f', -1, 64)} form, never with an
     * exponent ({@code 0.0000001}, {@code 1000000000000000000000}): how Prometheus writes scalar
     * query results.
     */
    public static StringBuilder appendPlain(StringBuilder sb, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
            return special(sb, v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return sb.append((long) v);
        }
        return Decimal.shortest(v).appendPlain(sb);
    }

    /**
     * {@code v} in Go's {@code strconv.FormatFloat(v, 'e', -1, 64)} form: shortest round-trip
     * digits, always with an exponent of at least two digits ({@code 1e+00}, {@code 2.5e-07}),
     * {@code NaN}, {@code +Inf}, {@code -Inf}. Prometheus's API writes alert values this way.
     */
    public static String formatExponent(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return special(new StringBuilder(4), v).toString();
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) < 0 ? "-0e+00" : "0e+00";
        }
        return Decimal.shortest(v).appendExponent(new StringBuilder(24)).toString();
    }

    /** {@link #appendPlain} as a new string. */
    public static String formatPlain(double v) {
        return appendPlain(new StringBuilder(24), v).toString();
    }

    private static StringBuilder special(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            return sb.append("NaN");
        }
        if (Double.isInfinite(v)) {
            return sb.append(v > 0 ? "+Inf" : "-Inf");
        }
        return sb.append(Double.doubleToRawLongBits(v) < 0 ? "-0" : "0");
    }

    /**
     * The shortest decimal that parses back to a finite non-zero double: the digits
     * {@code d[0..nd)} without leading or trailing zeros, with the decimal point after
     * {@code dp} of them (Go's {@code decimal.dp}), and the sign.
     */
    private static final class Decimal {

        final char[] d;
        int nd;
        int dp;
        final boolean negative;

        private Decimal(char[] d, int nd, int dp, boolean negative) {
            this.d = d;
            this.nd = nd;
            this.dp = dp;
            this.negative = negative;
        }

        static Decimal shortest(double v) {
            long[] r = new long[2];
            Schubfach.shortest(Math.abs(v), r);
            long digits = r[0];
            char[] d = new char[20];
            int nd = 0;
            for (long x = digits; x > 0; x /= 10) {
                d[nd++] = (char) ('0' + x % 10);
            }
            for (int i = 0, j = nd - 1; i < j; i++, j--) {
                char c = d[i];
                d[i] = d[j];
                d[j] = c;
            }
            return new Decimal(d, nd, nd + (int) r[1], v < 0);
        }

        /** Go's {@code 'e'} layout: {@code d.ddde±XX}, at least two exponent digits. */
        StringBuilder appendExponent(StringBuilder sb) {
            if (negative) {
                sb.append('-');
            }
            int x = dp - 1;
            sb.append(d[0]);
            if (nd > 1) {
                sb.append('.').append(d, 1, nd - 1);
            }
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) {
                sb.append('0');
            }
            return sb.append(ax);
        }

        /** Go's {@code 'f'} layout with as many digits as needed. */
        StringBuilder appendPlain(StringBuilder sb) {
            if (negative) {
                sb.append('-');
            }
            if (dp <= 0) {
                sb.append("0.");
                for (int i = dp; i < 0; i++) {
                    sb.append('0');
                }
                return sb.append(d, 0, nd);
            }
            if (dp >= nd) {
                sb.append(d, 0, nd);
                for (int i = nd; i < dp; i++) {
                    sb.append('0');
                }
                return sb;
            }
            return sb.append(d, 0, dp).append('.').append(d, dp, nd - dp);
        }
    }
}
