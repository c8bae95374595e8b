package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Schubfach} against the definition of Go's shortest formatting, checked with exact
 * decimal arithmetic: the decimal parses back to the double, no decimal with one digit less
 * does, and of the decimals with as many digits that parse back it is the nearest to the
 * double; and against an independent implementation of the same definition ({@link Ryu}, the
 * formatter it replaced) on many more doubles than the exact checks can afford.
 */
class SchubfachTest {

    private static void check(double v) {
        long[] r = new long[2];
        Schubfach.shortest(v, r);
        BigDecimal got = BigDecimal.valueOf(r[0]).scaleByPowerOfTen((int) r[1]);
        String what = v + " -> " + r[0] + "e" + r[1];
        assertEquals(v, got.doubleValue(), what);
        assertTrue(r[0] % 10 != 0, what);
        int nd = Long.toString(r[0]).length();
        BigDecimal exact = new BigDecimal(v);
        // One digit less: neither neighbour at that precision parses back.
        if (nd > 1) {
            BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen((int) r[1] + 1);
            BigDecimal down = exact.divide(unit).setScale(0, java.math.RoundingMode.FLOOR).multiply(unit);
            BigDecimal up = down.add(unit);
            assertTrue(down.doubleValue() != v && up.doubleValue() != v, what + " is not the shortest");
        }
        // Same digits count: the neighbours that also parse back are no nearer.
        BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen((int) r[1]);
        BigDecimal distance = got.subtract(exact).abs();
        for (BigDecimal other : new BigDecimal[] {got.subtract(unit), got.add(unit)}) {
            if (other.doubleValue() == v) {
                assertTrue(other.subtract(exact).abs().compareTo(distance) >= 0, what + " is not the nearest");
            }
        }
    }

    @Test
    void randomBitPatterns() {
        Random rnd = new Random(4);
        for (int i = 0; i < 40_000; i++) {
            double v = Math.abs(Double.longBitsToDouble(rnd.nextLong()));
            if (Double.isFinite(v) && v != 0) {
                check(v);
            }
        }
    }

    @Test
    void valuesLikeSamples() {
        Random rnd = new Random(5);
        for (int i = 0; i < 40_000; i++) {
            check(rnd.nextDouble() * Math.pow(10, rnd.nextInt(24) - 12));
            check((rnd.nextInt(1_000_000) + 1) / 1000.0);
            check(rnd.nextInt(1_000_000) / 7.0 + 1e-9);
        }
    }

    /** The API layout from the digits equals the one through {@code BigDecimal}'s plain string. */
    @Test
    void apiLayoutOfTheDigits() {
        Random rnd = new Random(6);
        for (int i = 0; i < 40_000; i++) {
            double v = (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * Math.pow(10, rnd.nextInt(26) - 6);
            if (v == Math.rint(v) || Math.abs(v) < 1e-6 || Math.abs(v) >= 1e21) {
                continue;
            }
            long[] r = new long[2];
            Schubfach.shortest(Math.abs(v), r);
            String plain = BigDecimal.valueOf(r[0]).scaleByPowerOfTen((int) r[1]).toPlainString();
            assertEquals((v < 0 ? "-" : "") + plain, GoFloat.formatApi(v), "for " + v);
        }
    }

    @Test
    void edges() {
        double[] values = {Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 1e23, 5e-324, 1, 0.1, 0.3,
            2e-3, 9007199254740993.0, 1.7976931348623157e308, 2.2250738585072014E-308, 4.9e-324 * 3, 1e22, 1e21,
            123456789012345678.0, 0.30000000000000004, 1795767063.7048228};
        for (double v : values) {
            check(v);
        }
        for (int e = -324; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            if (p > 0 && Double.isFinite(p)) {
                check(p);
                check(Math.nextUp(p));
                check(Math.nextDown(p));
            }
        }
    }

    private static void sameAsRyu(double v, long[] a, long[] b) {
        Schubfach.shortest(v, a);
        Ryu.shortest(v, b);
        if (a[0] != b[0] || a[1] != b[1]) {
            assertEquals(b[0] + "e" + b[1], a[0] + "e" + a[1], "for " + v);
        }
    }

    @Test
    void sameDigitsAsRyu() {
        long[] a = new long[2];
        long[] b = new long[2];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int i = 0; i < 2_000_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Math.abs(Double.longBitsToDouble(rnd.nextLong()));
                case 1 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20);
                // Counter rates: increments over a window, extrapolated, per second.
                case 2 -> (rnd.nextInt(100_000_000) + 1) / 300.0 * (1 + rnd.nextDouble() / 10);
                default -> (rnd.nextLong(1L << 53) + 1) * Math.pow(2, rnd.nextInt(200) - 100);
            };
            if (Double.isFinite(v) && v != 0) {
                sameAsRyu(v, a, b);
            }
        }
        // The smallest subnormals (one or two digits where Java's Double.toString gives two),
        // and both sides of every power of two (the narrower gap below it).
        for (long bits = 1; bits < 200_000; bits++) {
            sameAsRyu(Double.longBitsToDouble(bits), a, b);
        }
        for (long e = 1; e < 2047; e++) {
            for (long d = -2; d <= 2; d++) {
                long bits = (e << 52) + d;
                if (bits > 0 && bits < 0x7ff0000000000000L) {
                    sameAsRyu(Double.longBitsToDouble(bits), a, b);
                }
            }
        }
    }
}
