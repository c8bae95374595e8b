package dev.ignis.tsdb.internal.tombstones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IntervalsTest {

    private static Intervals of(long... bounds) {
        Intervals r = Intervals.EMPTY;
        for (int i = 0; i < bounds.length; i += 2) {
            r = r.add(bounds[i], bounds[i + 1]);
        }
        return r;
    }

    // Cases from the behaviour of Prometheus's Intervals.Add: overlapping and adjacent merge.
    static Stream<Arguments> adds() {
        long min = Long.MIN_VALUE;
        long max = Long.MAX_VALUE;
        return Stream.of(
                arguments("intoEmpty", new long[] {}, new long[] {1, 2}, "[[1, 2]]"),
                arguments("disjointAfter", new long[] {1, 2}, new long[] {5, 6}, "[[1, 2], [5, 6]]"),
                arguments("disjointBefore", new long[] {5, 6}, new long[] {1, 2}, "[[1, 2], [5, 6]]"),
                arguments("between", new long[] {1, 2, 10, 11}, new long[] {5, 6}, "[[1, 2], [5, 6], [10, 11]]"),
                arguments("adjacentAfterMerges", new long[] {1, 2}, new long[] {3, 4}, "[[1, 4]]"),
                arguments("adjacentBeforeMerges", new long[] {3, 4}, new long[] {1, 2}, "[[1, 4]]"),
                arguments("gapOfOneStays", new long[] {1, 2}, new long[] {4, 5}, "[[1, 2], [4, 5]]"),
                arguments("overlapExtends", new long[] {1, 5}, new long[] {3, 8}, "[[1, 8]]"),
                arguments("inside", new long[] {1, 10}, new long[] {3, 4}, "[[1, 10]]"),
                arguments("spansSeveral", new long[] {1, 2, 5, 6, 9, 10, 20, 21}, new long[] {2, 9}, "[[1, 10], [20, 21]]"),
                arguments("coversAll", new long[] {5, 6, 9, 10}, new long[] {0, 100}, "[[0, 100]]"),
                arguments("fromMinValue", new long[] {5, 6, 9, 10}, new long[] {min, 7}, "[[" + min + ", 7], [9, 10]]"),
                arguments("toMaxValue", new long[] {5, 6, 9, 10}, new long[] {8, max}, "[[5, 6], [8, " + max + "]]"),
                arguments("everything", new long[] {5, 6}, new long[] {min, max}, "[[" + min + ", " + max + "]]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adds")
    void addMergesAsPrometheus(String name, long[] before, long[] add, String expected) {
        Intervals in = of(before);
        assertEquals(expected, in.add(add[0], add[1]).toString());
        assertEquals(of(before), in, "immutable");
    }

    @Test
    void containsCoversAndOverlaps() {
        Intervals in = of(10, 20, 30, 40);
        assertTrue(in.contains(10) && in.contains(20) && in.contains(35));
        assertFalse(in.contains(9) || in.contains(21) || in.contains(29) || in.contains(41));
        assertTrue(in.covers(10, 20) && in.covers(31, 39));
        assertFalse(in.covers(15, 35), "one interval must hold both ends");
        assertTrue(in.overlaps(0, 10) && in.overlaps(20, 25) && in.overlaps(21, 30));
        assertFalse(in.overlaps(21, 29) || in.overlaps(41, 100));
    }

    @Test
    void withOutsideAddsTimeOutsideTheQuery() {
        Intervals in = of(10, 20).withOutside(21, 100);
        assertTrue(in.covers(0, 20), "before the query, merged with the deleted interval");
        assertTrue(in.covers(101, 500));
        assertFalse(in.covers(15, 25));
        assertEquals(of(10, 20), of(10, 20).withOutside(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void dropBeforeKeepsIntervalsEndingAtOrAfter() {
        Intervals in = of(1, 5, 10, 20, 30, 40);
        assertEquals(of(10, 20, 30, 40), in.dropBefore(6));
        assertEquals(of(10, 20, 30, 40), in.dropBefore(10));
        assertEquals(of(10, 20, 30, 40), in.dropBefore(20));
        assertEquals(of(30, 40), in.dropBefore(21));
        assertTrue(in.dropBefore(41).isEmpty());
        assertEquals(in, in.dropBefore(5));
    }

    @Test
    void tombstonesMergePerSeriesAndTruncate() {
        Tombstones t = new Tombstones();
        assertEquals(null, t.get(1));
        t.add(7, 10, 20);
        t.add(7, 21, 30);
        t.add(3, 0, 5);
        t.add(3, 100, 200);
        assertEquals(of(10, 30), t.get(7));
        assertEquals(3, t.total());
        Tombstones copy = t.copy();
        t.truncateBefore(50);
        assertEquals(null, t.get(7));
        assertEquals(of(100, 200), t.get(3));
        assertEquals(of(10, 30), copy.get(7), "copies are independent");
    }
}
