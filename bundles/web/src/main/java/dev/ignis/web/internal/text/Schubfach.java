package dev.ignis.web.internal.text;

import java.math.BigInteger;

/**
 * The shortest decimal that parses back to a double and, of those, the nearest to it (ties to
 * an even last digit): the digits Go's {@code strconv} writes for a precision of -1. Computed
 * with Raffaello Giulietti's Schubfach method ("The Schubfach way to render doubles", 2020):
 * one 126-bit power of ten scales the double and both ends of its rounding interval, and the
 * answer is either the single multiple of ten times the scale inside the interval or the
 * nearer of the two decimals around the double. Unlike Java's {@code Double.toString} (the same
 * method) no second digit is added where one suffices ({@code 5e-324}, not {@code 4.9E-324}).
 * Written from the paper; the table is computed once with {@link BigInteger}. No allocation
 * per call.
 */
final class Schubfach {

    private static final int MANTISSA_BITS = 52;
    private static final long C_MIN = 1L << MANTISSA_BITS;
    // Exponent of c * 2^q for subnormals.
    private static final int Q_MIN = -1074;
    // Range of the decimal exponent k of the result's scale.
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = Long.MAX_VALUE;
    // floor(10^e / 2^r) + 1 with r = floor(e log2 10) - 125, a 126-bit number, as its high and
    // low 63 bits, for e = -k in [-K_MAX, -K_MIN].
    private static final long[] G = new long[2 * (K_MAX - K_MIN + 1)];

    static {
        BigInteger mask = BigInteger.valueOf(MASK_63);
        for (int e = -K_MAX; e <= -K_MIN; e++) {
            int r = flog2pow10(e) - 125;
            BigInteger num = e >= 0 ? BigInteger.TEN.pow(e) : BigInteger.ONE;
            BigInteger den = e >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-e);
            if (r >= 0) {
                den = den.shiftLeft(r);
            } else {
                num = num.shiftLeft(-r);
            }
            BigInteger g = num.divide(den).add(BigInteger.ONE);
            G[2 * (e + K_MAX)] = g.shiftRight(63).longValueExact();
            G[2 * (e + K_MAX) + 1] = g.and(mask).longValue();
        }
    }

    private Schubfach() {
    }

    /**
     * The shortest nearest decimal of a finite, positive double: {@code out[0]} the digits as a
     * number (no trailing zeros), {@code out[1]} the power of ten to multiply it by.
     */
    static void shortest(double v, long[] out) {
        shortestUnstripped(v, out);
        long f = out[0];
        long e = out[1];
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        out[0] = f;
        out[1] = e;
    }

    /**
     * {@link #shortest} with trailing zeros possibly left in {@code out[0]} (the exponent
     * {@code out[1]} matching): for callers that write the digits out and drop the zeros from
     * the text, cheaper than a division per zero.
     */
    static void shortestUnstripped(double v, long[] out) {
        long bits = Double.doubleToRawLongBits(v);
        long fraction = bits & (C_MIN - 1);
        int biased = (int) (bits >>> MANTISSA_BITS) & 0x7ff;
        long c;
        int q;
        if (biased != 0) {
            c = C_MIN | fraction;
            q = biased - 1075;
            // An integer below 2^53 is its own digits: nothing shorter lies within half a unit.
            if (q < 0 && q > -53) {
                long f = c >> -q;
                if (f << -q == c) {
                    out[0] = f;
                    out[1] = 0;
                    return;
                }
            }
        } else {
            c = fraction;
            q = Q_MIN;
        }
        int odd = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            // A power of two: the gap below is half the gap above.
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        int at = 2 * (K_MAX - k);
        long g1 = G[at];
        long g0 = G[at + 1];
        // v, and the ends of its rounding interval, times 4 * 10^-k, rounded to odd.
        long vb = rop(g1, g0, cb << h);
        long vbl = rop(g1, g0, cbl << h);
        long vbr = rop(g1, g0, cbr << h);
        long s = vb >> 2;
        // The interval is narrower than 10^(k+1): at most one multiple of it lies inside, the
        // one below or the one above v (s / 10 by a multiplication, exact for 17-digit s).
        // Otherwise the interval, at least 10^k wide, holds s or s + 1: the one inside, or
        // the nearer (ties to even). Which case applies is as good as random, so each test is
        // a mask (-1 when it holds, from the sign of a difference that cannot overflow) and
        // the answer is selected arithmetically, without branches to mispredict.
        long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4);
        long tp10 = sp10 + 10;
        long upin = ~((sp10 << 2) - vbl - odd) >> 63;
        long wpin = ~(vbr - (tp10 << 2) - odd) >> 63;
        long t = s + 1;
        long uin = ~((s << 2) - vbl - odd) >> 63;
        long win = ~(vbr - (t << 2) - odd) >> 63;
        long cmp = vb - (s + t << 1);
        long nearerS = (cmp >> 63) | (((cmp - 1) >> 63) & ((s & 1) - 1));
        long pickS = (uin & ~win) | (~(uin ^ win) & nearerS);
        long near = t + pickS;
        long shorter = tp10 + (upin & -10);
        out[0] = near + ((upin ^ wpin) & (shorter - near));
        out[1] = k;
    }

    /** The high bits of {@code g * cp} ({@code g} 126 bits, {@code cp} below 2^63), the rest as a sticky bit. */
    private static long rop(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** floor(e log10 2). */
    private static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(e log10 2 + log10 3/4). */
    private static int flog10threeQuartersPow2(int e) {
        return (int) (e * 661_971_961_083L + -274_743_187_321L >> 41);
    }

    /** floor(e log2 10). */
    private static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }
}
