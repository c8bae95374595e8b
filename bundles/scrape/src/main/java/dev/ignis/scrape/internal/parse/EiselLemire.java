package dev.ignis.scrape.internal.parse;

import java.math.BigInteger;

/**
 * Decimal to double conversion without allocation by the Eisel-Lemire method (Lemire, "Number
 * Parsing at a Gigabyte per Second", 2021): the decimal mantissa is multiplied by a 128-bit
 * approximation of the power of ten, and the result is accepted only when the approximation
 * provably cannot change the rounding; otherwise the caller falls back to an exact parser.
 * Subnormal and overflowing results are always left to the fallback.
 */
final class EiselLemire {
    /** Returned when the fast method cannot decide. */
    static final long FAIL = -1L;

    private static final int MIN_EXP10 = -348;
    private static final int MAX_EXP10 = 347;
    /** For each power 10^q: the high and low 64 bits of its 128-bit mantissa, truncated. */
    private static final long[] POW_HI = new long[MAX_EXP10 - MIN_EXP10 + 1];
    private static final long[] POW_LO = new long[MAX_EXP10 - MIN_EXP10 + 1];

    static {
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int q = MIN_EXP10; q <= MAX_EXP10; q++) {
            BigInteger m;
            if (q >= 0) {
                BigInteger p = BigInteger.TEN.pow(q);
                int shift = p.bitLength() - 128;
                m = shift > 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
            } else {
                BigInteger p = BigInteger.TEN.pow(-q);
                m = BigInteger.ONE.shiftLeft(p.bitLength() + 127).divide(p);
            }
            POW_HI[q - MIN_EXP10] = m.shiftRight(64).longValue();
            POW_LO[q - MIN_EXP10] = m.and(mask64).longValue();
        }
    }

    private EiselLemire() {
    }

    /**
     * The bits of the double nearest to {@code man * 10^exp10} ({@code man} unsigned, non-zero),
     * or {@link #FAIL}.
     */
    static long toBits(long man, int exp10) {
        if (man == 0 || exp10 < MIN_EXP10 || exp10 > MAX_EXP10) {
            return FAIL;
        }
        int clz = Long.numberOfLeadingZeros(man);
        man <<= clz;
        long exp2 = ((217706L * exp10) >> 16) + 64 + 1023 - clz;
        int idx = exp10 - MIN_EXP10;
        long hi = unsignedMultiplyHigh(man, POW_HI[idx]);
        long lo = man * POW_HI[idx];
        if ((hi & 0x1FF) == 0x1FF && Long.compareUnsigned(lo + man, man) < 0) {
            // The truncated power's low half may carry into the bits that decide rounding.
            long yHi = unsignedMultiplyHigh(man, POW_LO[idx]);
            long yLo = man * POW_LO[idx];
            long mergedLo = lo + yHi;
            long mergedHi = Long.compareUnsigned(mergedLo, lo) < 0 ? hi + 1 : hi;
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + man, man) < 0) {
                return FAIL;
            }
            hi = mergedHi;
            lo = mergedLo;
        }
        long msb = hi >>> 63;
        long mantissa = hi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (lo == 0 && (hi & 0x1FF) == 0 && (mantissa & 3) == 1) {
            return FAIL; // exactly halfway between two doubles: needs the exact digits
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if ((mantissa >>> 53) > 0) {
            mantissa >>>= 1;
            exp2++;
        }
        if (exp2 < 1 || exp2 >= 0x7FF) {
            return FAIL;
        }
        return (exp2 << 52) | (mantissa & 0x000FFFFFFFFFFFFFL);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }
}
