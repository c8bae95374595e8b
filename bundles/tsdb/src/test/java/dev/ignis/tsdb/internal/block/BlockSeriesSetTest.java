package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Block selects read series entries and chunks as the series set advances, every chunk through
 * one reused buffer, and label values through the index's symbol cache.
 */
class BlockSeriesSetTest {

    static final long T0 = BlockWriterTest.T0;
    static final long STEP = 15_000;

    @TempDir
    Path dir;

    /** Samples of series {@code i}: random doubles (chunks of ~1 KiB) or a constant (~20 B), in turns. */
    record Written(Labels labels, long[] ts, double[] vs) {
    }

    static List<Written> data(int series, int samples, String pattern, Random r) {
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            long[] ts = new long[samples];
            double[] vs = new double[samples];
            for (int j = 0; j < samples; j++) {
                ts[j] = T0 + j * STEP;
                // pattern: per series 'r' random, 'c' constant; per chunk within a series for 'm'.
                char p = pattern.charAt(i % pattern.length());
                boolean random = p == 'r' || (p == 'm' && (j / 120) % 2 == 0);
                vs[j] = random ? r.nextDouble() * 1e6 : 42;
            }
            out.add(new Written(Labels.of("__name__", "m", "i", String.format("%05d", i)), ts, vs));
        }
        return out;
    }

    Block write(List<Written> data) throws Exception {
        List<BlockWriter.SeriesData> series = new ArrayList<>();
        for (Written w : data) {
            series.add(BlockWriterTest.series(w.labels(), w.ts(), w.vs(), 120));
        }
        BlockMeta m = new BlockWriter().write(dir, T0, T0 + 7_200_000, series);
        return Block.open(dir.resolve(m.ulid()));
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                // big chunks then small ones: a short chunk decoded from the reused buffer after a
                // long one must not read the long one's bytes
                Arguments.of("big then small series", "rc", 0, Long.MAX_VALUE),
                Arguments.of("small then big series", "cr", 0, Long.MAX_VALUE),
                Arguments.of("big and small chunks in a series", "m", 0, Long.MAX_VALUE),
                Arguments.of("window inside a chunk", "rcm", 100 * STEP + 1, 200 * STEP - 1),
                Arguments.of("window over chunk edges", "rcm", 119 * STEP, 361 * STEP),
                Arguments.of("window after the data", "rcm", 10_000 * STEP, 20_000 * STEP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void selectsTheWrittenSamples(String name, String pattern, long from, long to) throws Exception {
        List<Written> data = data(50, 480, pattern, new Random(7));
        try (Block b = write(data); Querier q = b.querier(T0 + from, to == Long.MAX_VALUE ? to : T0 + to)) {
            long mint = T0 + from;
            long maxt = to == Long.MAX_VALUE ? to : T0 + to;
            SeriesSet ss = q.select(LabelMatcher.equal("__name__", "m"));
            int n = 0;
            for (Written w : data) {
                List<Long> want = new ArrayList<>();
                for (int j = 0; j < w.ts().length; j++) {
                    if (w.ts()[j] >= mint && w.ts()[j] <= maxt) {
                        want.add((long) j);
                    }
                }
                if (want.isEmpty()) {
                    continue;
                }
                assertTrue(ss.next(), w.labels().toString());
                assertEquals(w.labels(), ss.labels());
                SampleIterator it = ss.iterator();
                for (long j : want) {
                    assertTrue(it.next(), w.labels() + " sample " + j);
                    assertEquals(w.ts()[(int) j], it.t());
                    assertEquals(w.vs()[(int) j], it.v());
                }
                assertFalse(it.next());
                n++;
            }
            assertFalse(ss.next());
            assertEquals(from >= 480 * STEP ? 0 : 50, n);
        }
    }

    @Test
    void setsOfOneQuerierAdvanceIndependently() throws Exception {
        List<Written> data = data(40, 300, "rcm", new Random(8));
        try (Block b = write(data); Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet all = q.select(LabelMatcher.equal("__name__", "m"));
            SeriesSet odd = q.select(new LabelMatcher(LabelMatcher.Type.REGEX, "i", "\\d{4}[13579]"));
            // Interleaved as a merge does: one set's current series stays put while the other moves.
            for (int i = 0; i < data.size(); i++) {
                assertTrue(all.next());
                if (i % 2 == 1) {
                    assertTrue(odd.next());
                    assertEquals(data.get(i).labels(), odd.labels());
                }
                if (i % 2 == 1) {
                    assertArrayEquals(data.get(i).vs(), values(odd.iterator()), "odd " + i);
                }
                assertArrayEquals(data.get(i).vs(), values(all.iterator()), "all " + i);
            }
            assertFalse(all.next());
            assertFalse(odd.next());
        }
    }

    private static double[] values(SampleIterator it) {
        double[] out = new double[16];
        int n = 0;
        while (it.next()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = it.v();
        }
        return Arrays.copyOf(out, n);
    }

    @Test
    void labelValuesBeyondTheSymbolCacheReadBack() throws Exception {
        // More distinct values than cache slots: symbols share slots and must not be mistaken
        // for each other, whatever order the series are read in.
        int series = BlockIndex.SYMBOL_CACHE * 3;
        List<BlockWriter.SeriesData> in = new ArrayList<>();
        for (int i = 0; i < series; i++) {
            in.add(BlockWriterTest.series(Labels.of("__name__", "m", "a", "x" + i, "b", "y" + (i * 7 % series)),
                    new long[] {T0}, new double[] {i}, 120));
        }
        BlockMeta m = new BlockWriter().write(dir, T0, T0 + 7_200_000, in);
        try (Block b = Block.open(dir.resolve(m.ulid()))) {
            long[] refs = b.index().allPostings();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < refs.length; i++) {
                order.add(i);
            }
            List<Labels> want = new ArrayList<>();
            for (BlockWriter.SeriesData s : in) {
                want.add(s.labels());
            }
            Collections.sort(want);
            BlockIndex.SeriesReader r = b.index().seriesReader();
            for (int round = 0; round < 2; round++) {
                Collections.shuffle(order, new Random(round));
                for (int i : order) {
                    r.read(refs[i]);
                    assertEquals(want.get(i), r.labels());
                    assertEquals(want.get(i), b.index().series(refs[i]).labels());
                }
            }
        }
    }

    @Test
    void aSelectAllocatesLabelSetsButNoChunkCopiesPerSeries() throws Exception {
        int series = 5000;
        List<Written> data = data(series, 480, "r", new Random(9));
        try (Block b = write(data)) {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long best = Long.MAX_VALUE;
            double sum = 0;
            // The first round interns the label values; the least of the others counts.
            for (int round = 0; round < 4; round++) {
                long before = mx.getThreadAllocatedBytes(id);
                try (Querier q = b.querier(T0 + 100 * STEP, T0 + 400 * STEP)) {
                    SeriesSet ss = q.select(LabelMatcher.equal("__name__", "m"));
                    while (ss.next()) {
                        SampleIterator it = ss.iterator();
                        while (it.next()) {
                            sum += it.v();
                        }
                    }
                }
                best = Math.min(best, mx.getThreadAllocatedBytes(id) - before);
            }
            assertTrue(sum != 0);
            // A label set of two labels is ~80 B; each series reads 3-4 chunks of ~1 KiB, which
            // a copy per chunk would add.
            double perSeries = (double) best / series;
            assertTrue(perSeries < 200, "allocated " + perSeries + " B per series");
        }
    }
}
