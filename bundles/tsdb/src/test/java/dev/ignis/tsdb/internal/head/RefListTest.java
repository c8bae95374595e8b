package dev.ignis.tsdb.internal.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RefListTest {

    static Stream<Arguments> refRanges() {
        return Stream.of(
                // name, smallest ref, largest ref (inclusive), whether the list stays at 4 bytes a ref
                Arguments.of("small refs", 1L, 5_000L, true),
                Arguments.of("refs around 2^31", (1L << 31) - 2_000, (1L << 31) + 2_000, true),
                Arguments.of("refs up to 2^32-1", (1L << 32) - 3_000, (1L << 32) - 1, true),
                Arguments.of("refs past 32 bits", (1L << 32) - 1_000, (1L << 32) + 1_000, false),
                Arguments.of("refs far past 32 bits", 1L, 1L << 50, false));
    }

    /** Random adds (in order and out of order, repeats) and batch removals against a TreeSet. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refRanges")
    void matchesASortedSet(String name, long lo, long hi, boolean compact) {
        Random rnd = new Random(name.hashCode());
        RefList l = new RefList();
        TreeSet<Long> model = new TreeSet<>();
        long span = hi - lo + 1;
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 200; i++) {
                long ref = round % 3 == 0 && !model.isEmpty() && model.last() < hi
                        ? model.last() + 1 // sequential, as new series get refs
                        : lo + Math.floorMod(rnd.nextLong(), span);
                l.add(ref);
                model.add(ref);
            }
            if (round % 4 == 3) {
                long[] drop = model.stream().filter(r -> rnd.nextInt(3) == 0).mapToLong(Long::longValue).toArray();
                // Refs not in the list are ignored.
                long[] withAbsent = LongStream.concat(Arrays.stream(drop), LongStream.of(hi + 1))
                        .sorted().toArray();
                l.removeAll(withAbsent, withAbsent.length);
                for (long r : drop) {
                    model.remove(r);
                }
            }
            long[] want = model.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(want, l.toArray(), "round " + round);
            assertEquals(want.length, l.size());
        }
        // Four bytes a ref while every ref fits in 32 bits.
        assertEquals(compact ? 4 : 8, l.refBytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refRanges")
    void toArrayIsCachedUntilAChange(String name, long lo, long hi, boolean compact) {
        RefList l = new RefList();
        l.add(lo);
        l.add(hi);
        long[] a = l.toArray();
        assertSame(a, l.toArray());
        l.add(lo); // already there: still a change for the cache, same contents
        assertArrayEquals(new long[] {lo, hi}, l.toArray());
        l.removeAll(new long[] {lo}, 1);
        assertArrayEquals(new long[] {hi}, l.toArray());
        l.removeAll(new long[] {hi}, 1);
        assertEquals(0, l.toArray().length);
    }
}
