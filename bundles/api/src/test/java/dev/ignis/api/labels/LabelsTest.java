package dev.ignis.api.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelsTest {

    @Test
    void sortsByNameAndDropsEmptyValues() {
        Labels l = Labels.of("job", "api", "__name__", "up", "empty", "", "instance", "a:1");
        assertEquals("{__name__=\"up\", instance=\"a:1\", job=\"api\"}", l.toString());
        assertEquals(3, l.size());
        assertEquals("up", l.get(Labels.METRIC_NAME));
        assertEquals("", l.get("empty"));
        assertTrue(l.indexOf("missing") < 0);
    }

    @Test
    void equalSetsShareInternedStringsAndHash() {
        Labels a = Labels.of("a", new String("x"), "b", "y");
        Labels b = Labels.of(Map.of("b", "y", "a", "x"));
        assertEquals(a, b);
        assertEquals(a.hash(), b.hash());
        assertSame(a.value(0), b.value(0));
        assertNotEquals(a, Labels.of("a", "x", "b", "z"));
    }

    @Test
    void duplicateNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.of("a", "1", "a", "2"));
        assertEquals("label name \"a\" is not unique", e.getMessage());
    }

    static Stream<Arguments> ordering() {
        return Stream.of(
                Arguments.of(Labels.EMPTY, Labels.of("a", "1"), -1),
                Arguments.of(Labels.of("a", "1"), Labels.of("a", "1", "b", "1"), -1),
                Arguments.of(Labels.of("a", "2"), Labels.of("a", "10"), 1),
                Arguments.of(Labels.of("a", "1", "c", "1"), Labels.of("a", "1", "b", "9"), 1),
                Arguments.of(Labels.of("a", "1"), Labels.of("a", "1"), 0));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("ordering")
    void comparesPairByPairLikePrometheus(Labels x, Labels y, int sign) {
        assertEquals(sign, Integer.signum(x.compareTo(y)));
        assertEquals(-sign, Integer.signum(y.compareTo(x)));
    }

    @Test
    void builderSetsReplacesAndDeletes() {
        Labels base = Labels.of("a", "1", "b", "2");
        Labels changed = base.toBuilder().set("a", "9").set("c", "3").delete("b").set("c", "").set("d", "4").build();
        assertEquals(Labels.of("a", "9", "d", "4"), changed);
        assertEquals(Labels.of("a", "1", "b", "2"), base);
    }

    static Stream<Arguments> withoutCases() {
        return Stream.of(
                Arguments.of(Labels.of("__name__", "up", "job", "a"), "__name__", Labels.of("job", "a")),
                Arguments.of(Labels.of("a", "1", "b", "2", "c", "3"), "b", Labels.of("a", "1", "c", "3")),
                Arguments.of(Labels.of("a", "1", "b", "2", "c", "3"), "c", Labels.of("a", "1", "b", "2")),
                Arguments.of(Labels.of("a", "1"), "a", Labels.EMPTY),
                Arguments.of(Labels.of("a", "1", "c", "3"), "b", Labels.of("a", "1", "c", "3")),
                Arguments.of(Labels.EMPTY, "a", Labels.EMPTY));
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("withoutCases")
    void withoutEqualsDeletingInABuilder(Labels in, String name, Labels want) {
        Labels got = in.without(name);
        assertEquals(want, got);
        assertEquals(want.hash(), got.hash());
        assertEquals(in.toBuilder().delete(name).build(), got);
        assertEquals(want.toString(), got.toString());
    }

    @Test
    void toStringEscapesValues() {
        assertEquals("{a=\"q\\\"b\\\\n\\n\"}", Labels.of("a", "q\"b\\n\n").toString());
    }

    @Test
    void sortingManyLabelsMatchesSortedOrder() {
        List<String> kv = new ArrayList<>();
        for (int i = 20; i > 0; i--) {
            kv.add("l" + (char) ('a' + i));
            kv.add(Integer.toString(i));
        }
        Labels l = Labels.of(kv.toArray(new String[0]));
        for (int i = 1; i < l.size(); i++) {
            assertTrue(l.name(i - 1).compareTo(l.name(i)) < 0);
        }
    }
}
