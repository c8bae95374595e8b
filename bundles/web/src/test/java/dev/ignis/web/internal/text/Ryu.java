package dev.ignis.web.internal.text;

import java.math.BigInteger;

/**
 * The formatter {@link Schubfach} replaced, kept as an independent check of its digits. The
 * shortest decimal that parses back to a double, by Ulf Adams's Ryu algorithm ("Ryū: fast
 * float-to-string conversion", PLDI 2018), which Go's {@code strconv} also uses for shortest
 * formatting: among the shortest decimals in the double's rounding interval, the one nearest
 * to it. Written from the paper's description; the 128-bit tables of powers of five are
 * computed once with {@link BigInteger}. No allocation per call.
 */
final class Ryu {

    private static final int MANTISSA_BITS = 52;
    private static final int BIAS = 1023;
    private static final int POW5_INV_BITCOUNT = 125;
    private static final int POW5_BITCOUNT = 125;
    private static final int POW5_INV_TABLE_SIZE = 342;
    private static final int POW5_TABLE_SIZE = 326;
    // 128-bit table entries as (low, high) pairs.
    private static final long[] POW5_INV = new long[2 * POW5_INV_TABLE_SIZE];
    private static final long[] POW5 = new long[2 * POW5_TABLE_SIZE];

    static {
        BigInteger five = BigInteger.valueOf(5);
        BigInteger mask = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int i = 0; i < Math.max(POW5_INV_TABLE_SIZE, POW5_TABLE_SIZE); i++) {
            BigInteger pow = five.pow(i);
            int len = pow.bitLength();
            if (i < POW5_TABLE_SIZE) {
                BigInteger v = pow.shiftRight(len - POW5_BITCOUNT);
                POW5[2 * i] = v.and(mask).longValue();
                POW5[2 * i + 1] = v.shiftRight(64).longValue();
            }
            if (i < POW5_INV_TABLE_SIZE) {
                BigInteger v = BigInteger.ONE.shiftLeft(len - 1 + POW5_INV_BITCOUNT).divide(pow).add(BigInteger.ONE);
                POW5_INV[2 * i] = v.and(mask).longValue();
                POW5_INV[2 * i + 1] = v.shiftRight(64).longValue();
            }
        }
    }

    private Ryu() {
    }

    /**
     * The shortest nearest decimal of a finite, positive double: {@code out[0]} the digits as a
     * number (no trailing zeros), {@code out[1]} the power of ten to multiply it by.
     */
    static void shortest(double v, long[] out) {
        long bits = Double.doubleToRawLongBits(v);
        long ieeeMantissa = bits & ((1L << MANTISSA_BITS) - 1);
        int ieeeExponent = (int) (bits >>> MANTISSA_BITS) & 0x7ff;
        int e2;
        long m2;
        if (ieeeExponent == 0) {
            e2 = 1 - BIAS - MANTISSA_BITS - 2;
            m2 = ieeeMantissa;
        } else {
            e2 = ieeeExponent - BIAS - MANTISSA_BITS - 2;
            m2 = (1L << MANTISSA_BITS) | ieeeMantissa;
        }
        boolean acceptBounds = (m2 & 1) == 0;
        long mv = 4 * m2;
        int mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0;
        long vr;
        long vp;
        long vm;
        int e10;
        boolean vmIsTrailingZeros = false;
        boolean vrIsTrailingZeros = false;
        if (e2 >= 0) {
            int q = log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = POW5_INV_BITCOUNT + pow5bits(q) - 1;
            int i = -e2 + q + k;
            vr = mulShift(4 * m2, POW5_INV, q, i);
            vp = mulShift(4 * m2 + 2, POW5_INV, q, i);
            vm = mulShift(4 * m2 - 1 - mmShift, POW5_INV, q, i);
            if (q <= 21) {
                if (mv % 5 == 0) {
                    vrIsTrailingZeros = pow5Factor(mv) >= q;
                } else if (acceptBounds) {
                    vmIsTrailingZeros = pow5Factor(mv - 1 - mmShift) >= q;
                } else {
                    vp -= pow5Factor(mv + 2) >= q ? 1 : 0;
                }
            }
        } else {
            int q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = pow5bits(i) - POW5_BITCOUNT;
            int j = q - k;
            vr = mulShift(4 * m2, POW5, i, j);
            vp = mulShift(4 * m2 + 2, POW5, i, j);
            vm = mulShift(4 * m2 - 1 - mmShift, POW5, i, j);
            if (q <= 1) {
                vrIsTrailingZeros = true;
                if (acceptBounds) {
                    vmIsTrailingZeros = mmShift == 1;
                } else {
                    vp--;
                }
            } else if (q < 63) {
                vrIsTrailingZeros = (mv & ((1L << q) - 1)) == 0;
            }
        }
        int removed = 0;
        int lastRemovedDigit = 0;
        long output;
        if (vmIsTrailingZeros || vrIsTrailingZeros) {
            while (vp / 10 > vm / 10) {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int) (vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros) {
                while (vm % 10 == 0) {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int) (vr % 10);
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) {
                // Exactly half way: round to even.
                lastRemovedDigit = 4;
            }
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1 : 0);
        } else {
            boolean roundUp = false;
            if (vp / 100 > vm / 100) {
                roundUp = vr % 100 >= 50;
                vr /= 100;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }
            while (vp / 10 > vm / 10) {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1 : 0);
        }
        int exp = e10 + removed;
        while (output % 10 == 0) {
            output /= 10;
            exp++;
        }
        out[0] = output;
        out[1] = exp;
    }

    private static int pow5bits(int e) {
        return (int) (((long) e * 1217359) >>> 19) + 1;
    }

    private static int log10Pow2(int e) {
        return (int) (((long) e * 78913) >>> 18);
    }

    private static int log10Pow5(int e) {
        return (int) (((long) e * 732923) >>> 20);
    }

    private static int pow5Factor(long value) {
        int count = 0;
        while (value > 0 && value % 5 == 0) {
            value /= 5;
            count++;
        }
        return count;
    }

    /** {@code (m * table[index]) >> shift} for a 55-bit {@code m} and a 128-bit entry; 64 < shift < 128. */
    private static long mulShift(long m, long[] table, int index, int shift) {
        long lo = table[2 * index];
        long hi = table[2 * index + 1];
        // m * lo: only its high 64 bits matter.
        long b0hi = unsignedMultiplyHigh(m, lo);
        // m * hi as a 128-bit (b2hi, b2lo).
        long b2lo = m * hi;
        long b2hi = unsignedMultiplyHigh(m, hi);
        long sumLo = b2lo + b0hi;
        long sumHi = b2hi + (Long.compareUnsigned(sumLo, b2lo) < 0 ? 1 : 0);
        int s = shift - 64;
        return (sumHi << (64 - s)) | (sumLo >>> s);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
