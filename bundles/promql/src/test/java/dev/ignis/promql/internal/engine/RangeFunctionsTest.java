package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RangeFunctions#seconds} is {@code ms / 1000.0} bit for bit, shortcut or not. */
class RangeFunctionsTest {

    private static void assertSeconds(long ms) {
        assertEquals(Double.doubleToRawLongBits(ms / 1000.0), Double.doubleToRawLongBits(RangeFunctions.seconds(ms)),
                () -> "for " + ms);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {0, 1, -1, 999, 1000, -1000, 1001, 15_000, 300_000, -300_000, 1_764_241_200_000L,
        // Around 2^53: below it the whole-second quotient is exact; above it the division
        // rounds ms to a double first (1000 * (2^53 + 1) gives ...994, not ...992).
        9_007_199_254_740_992L, 9_007_199_254_740_000L, -9_007_199_254_740_992L, -9_007_199_254_741_000L,
        9_007_199_254_741_000L, 9_007_199_254_740_993_000L, -9_007_199_254_740_993_000L,
        Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 1000 * 1000, Long.MIN_VALUE / 1000 * 1000})
    void sameAsTheDivision(long ms) {
        assertSeconds(ms);
    }

    @Test
    void sameAsTheDivisionOnRandomValues() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < 1_000_000; i++) {
            long x = rnd.nextLong() >> rnd.nextInt(64);
            assertSeconds(x);
            assertSeconds(x / 1000 * 1000);
        }
    }
}
