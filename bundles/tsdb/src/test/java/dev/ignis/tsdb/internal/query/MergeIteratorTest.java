package dev.ignis.tsdb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * Random sources (chunk iterators with their own nextBatch, and iterators with the
     * interface's default one) that overlap, share timestamps, or follow each other; random
     * mixes of next, seek and nextBatch against the merged list (first source wins a shared
     * timestamp, stale markers are values like any other).
     */
    @ParameterizedTest(name = "seed {0}, {1} sources")
    @CsvSource({"1, 2", "2, 2", "3, 3", "4, 1", "5, 4", "6, 2"})
    void batchesNextAndSeekAsTheMergedList(long seed, int nSources) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 300; round++) {
            TreeMap<Long, Double> merged = new TreeMap<>();
            SampleIterator[] its = new SampleIterator[nSources];
            long start = 0;
            for (int src = 0; src < nSources; src++) {
                // Mostly one after the other (blocks, then the head), sometimes overlapping.
                long t = r.nextInt(3) == 0 ? r.nextLong(-50, 400) : start;
                ChunkList chunks = new ChunkList();
                List<Long> plain = new ArrayList<>();
                List<Double> plainV = new ArrayList<>();
                int nChunks = r.nextInt(0, 4);
                for (int c = 0; c < nChunks; c++) {
                    XorChunk chunk = new XorChunk(16);
                    int n = r.nextInt(1, 150);
                    long first = 0;
                    for (int k = 0; k < n; k++) {
                        t += r.nextInt(1, 4);
                        double v = r.nextInt(10) == 0 ? StaleMarker.VALUE : src * 1000 + r.nextInt(100);
                        chunk.append(t, v);
                        plain.add(t);
                        plainV.add(v);
                        merged.putIfAbsent(t, v);
                        if (k == 0) {
                            first = t;
                        }
                    }
                    chunks.add(chunk.toByteArray(), n, first, t);
                }
                start = t + 1;
                if (r.nextBoolean()) {
                    its[src] = new ChunksIterator(chunks, Long.MIN_VALUE, Long.MAX_VALUE).reset(0, chunks.size);
                } else {
                    long[] ts = new long[plain.size()];
                    double[] vs = new double[ts.length];
                    for (int k = 0; k < ts.length; k++) {
                        ts[k] = plain.get(k);
                        vs[k] = plainV.get(k);
                    }
                    its[src] = new ArrayIterator(ts, vs);
                }
            }
            long[] wantT = merged.keySet().stream().mapToLong(Long::longValue).toArray();
            long maxT = wantT.length == 0 ? 0 : wantT[wantT.length - 1];
            MergeQuerier.MergeIterator m = new MergeQuerier.MergeIterator(nSources).reset(its, nSources);
            int at = -1;
            StringBuilder ops = new StringBuilder();
            for (int op = 0; op < 30 && at < wantT.length; op++) {
                int kind = r.nextInt(4);
                if (kind == 0) {
                    long target = r.nextLong(-60, maxT + 20);
                    ops.append(" seek ").append(target);
                    boolean ok = m.seek(target);
                    if (at < 0 || wantT[at] < target) {
                        at = Math.max(at, 0);
                        while (at < wantT.length && wantT[at] < target) {
                            at++;
                        }
                    }
                    assertEquals(at < wantT.length, ok, ops::toString);
                } else if (kind == 1) {
                    ops.append(" next");
                    at++;
                    assertEquals(at < wantT.length, m.next(), ops::toString);
                } else {
                    int len = r.nextInt(1, 400);
                    long upTo = r.nextInt(4) == 0 ? Long.MAX_VALUE : r.nextLong(-60, maxT + 20);
                    long[] bt = new long[len + 1];
                    double[] bv = new double[len + 1];
                    ops.append(" batch ").append(len).append(" to ").append(upTo);
                    int got = m.nextBatch(upTo, bt, bv, 1, len);
                    int copied = 0;
                    while (copied < len) {
                        at++;
                        if (at >= wantT.length || wantT[at] > upTo) {
                            break;
                        }
                        assertEquals(wantT[at], bt[1 + copied], ops::toString);
                        assertEquals(Double.doubleToRawLongBits(merged.get(wantT[at])),
                                Double.doubleToRawLongBits(bv[1 + copied]), ops::toString);
                        copied++;
                    }
                    assertEquals(copied, got, ops::toString);
                }
                if (at < wantT.length && at >= 0) {
                    assertEquals(wantT[at], m.t(), ops::toString);
                    assertEquals(Double.doubleToRawLongBits(merged.get(wantT[at])), Double.doubleToRawLongBits(m.v()),
                            ops::toString);
                }
            }
        }
    }

    static final class ArrayIterator implements SampleIterator {
        private final long[] ts;
        private final double[] vs;
        private int i = -1;

        ArrayIterator(long[] ts, double v) {
            this(ts, filled(ts.length, v));
        }

        ArrayIterator(long[] ts, double[] vs) {
            this.ts = ts;
            this.vs = vs;
        }

        private static double[] filled(int n, double v) {
            double[] vs = new double[n];
            java.util.Arrays.fill(vs, v);
            return vs;
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
            return vs[i];
        }
    }
}
