package dev.ignis.scrape.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decimal conversion is correctly rounded: checked against the JDK's exact parser. */
class GoFloatTest {

    private static double parse(String s) throws GoFloat.Invalid {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return GoFloat.parse(b, 0, b.length);
    }

    private static void assertSameAsJdk(String s) {
        double want = Double.parseDouble(s);
        if (Double.isInfinite(want)) {
            assertThrows(GoFloat.Invalid.class, () -> parse(s), s);
            return;
        }
        try {
            double got = parse(s);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got), s + " -> " + got + ", want " + want);
        } catch (GoFloat.Invalid e) {
            throw new AssertionError(s + ": " + e.getMessage());
        }
    }

    /** The whole-seconds shortcut gives what the full parse gives, or leaves the text to it. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "0", "-0", "+0", "1669500000", "-1669500000", "+17", "000000000001", "999999999999", "-999999999999",
        "9999999999999", "1000000000000", "1669500000.5", "1e3", "0x10", "", "-", "+", "1_000", "12a", " 1", "NaN",
        "Inf", "4294967296", "-9223372036",
    })
    void plainTimestampsAsTheFullParse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        long plain = GoFloat.plainSecondsToMillis(b, 0, b.length);
        boolean isPlain = s.matches("[+-]?[0-9]{1,12}");
        assertEquals(isPlain, plain != GoFloat.NOT_PLAIN, s);
        if (isPlain) {
            try {
                assertEquals(GoFloat.toMillis(parse(s)), plain, s);
            } catch (GoFloat.Invalid e) {
                throw new AssertionError(s + ": " + e.getMessage());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "9999999999999999999", "18446744073709551615", "9223372036854775808", "1e19", "12345678901234567890123",
        "0.6000000000000001", "1.7957677402328074e+09", "2.2250738585072014e-308", "2.2250738585072011e-308",
        "4.9e-324", "5e-324", "2e-324", "1e-320", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623159e308", "9007199254740993", "9007199254740992.5", "0.1", "123.456e-300", "1e23",
        "8.41e21", "5e-20", "4.35e-10", "-1.5e-3", "0.000000000000000000000000000000000000001", "3.4179843137254903",
        "100000000000000000000000000000000000000000000000000000000000000000001e-60", "7.3177701707893310e+15",
    })
    void convertsHardCasesLikeTheJdk(String s) {
        assertSameAsJdk(s);
    }

    @Test
    void convertsRandomDecimalsLikeTheJdk() {
        SplittableRandom rnd = new SplittableRandom(20260427);
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < 30_000; n++) {
            sb.setLength(0);
            if (rnd.nextInt(4) == 0) {
                sb.append('-');
            }
            int digits = 1 + rnd.nextInt(rnd.nextBoolean() ? 17 : 25);
            int dot = rnd.nextInt(digits + 2) - 1;
            for (int i = 0; i < digits; i++) {
                if (i == dot) {
                    sb.append('.');
                }
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextBoolean()) {
                sb.append('e').append(rnd.nextInt(700) - 350);
            }
            assertSameAsJdk(sb.toString());
        }
    }

    @Test
    void convertsRandomDoublesPrintedShortestLikeTheJdk() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n = 0; n < 30_000; n++) {
            double d = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isNaN(d) && !Double.isInfinite(d)) {
                String s = Double.toString(d);
                assertSameAsJdk(s);
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(Double.parseDouble(s)));
            }
        }
    }
}
