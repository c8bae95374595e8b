package dev.ignis.api.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoStringsTest {
    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(delimiter = '|', value = {"a|b", "A|a", "_|a", "ab|abc", "\uffff|😀", "\ue000|\ud800\udc00", "|a"})
    void ordersByCodePoint(String lower, String higher) {
        lower = lower == null ? "" : lower;
        assertTrue(GoStrings.compare(lower, higher) < 0);
        assertTrue(GoStrings.compare(higher, lower) > 0);
        assertEquals(0, GoStrings.compare(lower, lower));
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(delimiter = '|', value = {"\ufb01|😀", "a|b"})
    void labelSetsSortAsGo(String lower, String higher) {
        // Java's String order puts the emoji (a surrogate pair) before U+FB01; Go's puts it after.
        assertTrue(Labels.of("l", lower).compareTo(Labels.of("l", higher)) < 0);
        assertTrue(Labels.of("l", higher).compareTo(Labels.of("l", lower)) > 0);
    }
}
