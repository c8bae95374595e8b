package dev.ignis.tsdb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.storage.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MergeIteratorTest {

    /** Timestamps of each source (value = source index), and the expected "t:source" output. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("block then head", new long[][] {{1, 2, 3}, {4, 5}}, "1:0 2:0 3:0 4:1 5:1"),
                Arguments.of("interleaved", new long[][] {{1, 3, 5}, {2, 4}}, "1:0 2:1 3:0 4:1 5:0"),
                Arguments.of("overlap keeps the first source", new long[][] {{1, 2, 3}, {2, 3, 4}}, "1:0 2:0 3:0 4:1"),
                Arguments.of("one empty", new long[][] {{}, {7}}, "7:1"),
                Arguments.of("three sources", new long[][] {{5}, {1, 5}, {0, 9}}, "0:2 1:1 5:0 9:2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void interleavesByTimestampWithoutDuplicates(String name, long[][] sources, String expected) {
        SampleIterator[] its = new SampleIterator[sources.length];
        for (int i = 0; i < sources.length; i++) {
            its[i] = new ArrayIterator(sources[i], i);
        }
        MergeQuerier.MergeIterator m = new MergeQuerier.MergeIterator(sources.length).reset(its, its.length);
        List<String> out = new ArrayList<>();
        while (m.next()) {
            out.add(m.t() + ":" + (int) m.v());
        }
        assertEquals(expected, String.join(" ", out));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void seeksLikeNextWouldReach(String name, long[][] sources, String expected) {
        SampleIterator[] its = new SampleIterator[sources.length];
        for (int i = 0; i < sources.length; i++) {
            its[i] = new ArrayIterator(sources[i], i);
        }
        MergeQuerier.MergeIterator m = new MergeQuerier.MergeIterator(sources.length).reset(its, its.length);
        String[] all = expected.split(" ");
        long target = Long.parseLong(all[all.length - 1].split(":")[0]);
        assertEquals(true, m.seek(target));
        assertEquals(all[all.length - 1], m.t() + ":" + (int) m.v());
    }

    @org.junit.jupiter.api.Test
    void continuesWithTheLastSourceAloneAfterTheOthersEnd() {
        SampleIterator[] its = {new ArrayIterator(new long[] {1, 2, 3}, 0), new ArrayIterator(new long[] {4, 5, 6, 7}, 1)};
        MergeQuerier.MergeIterator m = new MergeQuerier.MergeIterator(2).reset(its, 2);
        List<String> out = new ArrayList<>();
        assertEquals(true, m.seek(2));
        out.add(m.t() + ":" + (int) m.v());
        while (m.next() && m.t() < 5) {
            out.add(m.t() + ":" + (int) m.v());
        }
        assertEquals(true, m.seek(5));
        out.add(m.t() + ":" + (int) m.v());
        assertEquals(true, m.seek(6));
        out.add(m.t() + ":" + (int) m.v());
        while (m.next()) {
            out.add(m.t() + ":" + (int) m.v());
        }
        assertEquals(false, m.seek(9));
        assertEquals("2:0 3:0 4:1 5:1 6:1 7:1", String.join(" ", out));
    }

    static final class ArrayIterator implements SampleIterator {
        private final long[] ts;
        private final double v;
        private int i = -1;

        ArrayIterator(long[] ts, double v) {
            this.ts = ts;
            this.v = v;
        }

        @Override
        public boolean next() {
            return ++i < ts.length;
        }

        @Override
        public boolean seek(long t) {
            if (i >= 0 && i < ts.length && ts[i] >= t) {
                return true;
            }
            while (next()) {
                if (ts[i] >= t) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public long t() {
            return ts[i];
        }

        @Override
        public double v() {
            return v;
        }
    }
}
