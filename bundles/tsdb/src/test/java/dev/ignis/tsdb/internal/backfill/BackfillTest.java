package dev.ignis.tsdb.internal.backfill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backfill's cutting into blocks and promtool 2.42's batch semantics. The byte-for-byte
 * comparisons with promtool's blocks are in ignistool's tests, which read OpenMetrics files.
 */
class BackfillTest {
    private static final long H = 3_600_000L;

    @TempDir
    Path dir;

    /** Samples "a" at the given (t, v) pairs, with {@code filler} samples of other series after the first. */
    private static BackfillSamples samples(int filler, double... tv) {
        BackfillSamples s = new BackfillSamples();
        int a = s.addSeries(Labels.of("__name__", "a"));
        for (int i = 0; i < tv.length; i += 2) {
            s.add(a, (long) tv[i], tv[i + 1]);
            if (i == 0) {
                for (int f = 0; f < filler; f++) {
                    s.add(s.addSeries(Labels.of("__name__", "x", "i", Integer.toString(f))), (long) tv[0], 1);
                }
            }
        }
        return s;
    }

    private List<String> dumpOfA(List<BlockMeta> metas, Path out) throws IOException {
        List<String> got = new ArrayList<>();
        for (BlockMeta m : metas) {
            try (Block b = Block.open(out.resolve(m.ulid())); Querier q = b.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(LabelMatcher.equal("__name__", "a"));
                while (ss.next()) {
                    SampleIterator it = ss.iterator();
                    while (it.next()) {
                        got.add(it.t() + "=" + it.v());
                    }
                }
            }
        }
        return got;
    }

    static Stream<Arguments> batches() {
        return Stream.of(
                Arguments.of("older within a batch is dropped", 0, new double[] {1000, 1, 999, 2}, "[1000=1.0]"),
                Arguments.of("same time within a batch is dropped", 0, new double[] {1000, 1, 1000, 2}, "[1000=1.0]"),
                Arguments.of("identical repeat after a commit is dropped", 5001, new double[] {1000, 1, 1000, 1},
                        "[1000=1.0]"),
                Arguments.of("newer after a commit is kept", 5001, new double[] {1000, 1, 2000, 2}, "[1000=1.0, 2000=2.0]"),
                Arguments.of("order within a batch", 3, new double[] {1000, 1, 3000, 3, 2000, 2, 4000, 4},
                        "[1000=1.0, 3000=3.0, 4000=4.0]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void keepsWhatPromtoolKeeps(String name, int filler, double[] tv, String expected) throws IOException {
        Path out = dir.resolve("out");
        List<BlockMeta> metas = Backfill.createBlocks(samples(filler, tv), out, 0, m -> { });
        assertEquals(expected, dumpOfA(metas, out).toString());
    }

    @Test
    void olderOrConflictingThanACommittedSampleFailsAsPromtool() {
        IOException older = assertThrows(IOException.class,
                () -> Backfill.createBlocks(samples(5001, 1000, 1, 999, 2), dir.resolve("o1"), 0, m -> { }));
        assertEquals("process blocks: add sample: out of order sample", older.getMessage());
        IOException dup = assertThrows(IOException.class,
                () -> Backfill.createBlocks(samples(5001, 1000, 1, 1000, 2), dir.resolve("o2"), 0, m -> { }));
        assertEquals("process blocks: add sample: duplicate sample for timestamp", dup.getMessage());
    }

    @Test
    void cutsAlignedBlocksWithTheirOwnBatches() throws IOException {
        // 1h59m and 2h01m fall in different 2h blocks; each block starts with nothing committed.
        BackfillSamples s = samples(0, 2 * H - 60_000, 1, 2 * H + 60_000, 2, 2 * H - 30_000, 3);
        Path out = dir.resolve("out");
        List<BlockMeta> metas = Backfill.createBlocks(s, out, 0, m -> { });
        assertEquals(2, metas.size());
        assertEquals(2 * H - 60_000, metas.get(0).minTime());
        assertEquals(2 * H - 30_000 + 1, metas.get(0).maxTime());
        assertEquals(2 * H + 60_000, metas.get(1).minTime());
        assertEquals("[" + (2 * H - 60_000) + "=1.0, " + (2 * H - 30_000) + "=3.0, " + (2 * H + 60_000) + "=2.0]",
                dumpOfA(metas, out).toString());
    }

    /**
     * Series at steady, changing and bursty rates over 7h, interleaved in time order: the blocks
     * hold the same bytes as blocks written from a head fed the same samples in batches of 5000
     * (the head's chunk cutting is Prometheus's), including where a rate change outruns the
     * chunk end predicted at a quarter of a chunk.
     */
    @Test
    void writesTheBlocksAHeadWouldGive() throws Exception {
        java.util.Random rnd = new java.util.Random(7);
        long t0 = 1_700_000_123_456L;
        long end = t0 + 7 * H;
        long[] step = {15_000, 1_000, 60_000, 250, 10_000};
        long[] next = new long[step.length];
        double[] value = new double[step.length];
        java.util.Arrays.fill(next, t0);
        BackfillSamples s = new BackfillSamples();
        Labels[] labels = new Labels[step.length];
        for (int i = 0; i < step.length; i++) {
            labels[i] = Labels.of("__name__", "m", "i", Integer.toString(i));
            s.addSeries(labels[i]);
        }
        List<long[]> order = new ArrayList<>();
        while (true) {
            int pick = -1;
            for (int i = 0; i < step.length; i++) {
                if (next[i] < end && (pick < 0 || next[i] < next[pick])) {
                    pick = i;
                }
            }
            if (pick < 0) {
                break;
            }
            value[pick] += rnd.nextInt(4) == 0 ? rnd.nextGaussian() : rnd.nextInt(3);
            s.add(pick, next[pick], value[pick]);
            order.add(new long[] {pick, next[pick], Double.doubleToRawLongBits(value[pick])});
            long st = step[pick];
            // Series 1 speeds up 20x an hour in; series 4 comes in bursts.
            if (pick == 1 && next[pick] > t0 + H) {
                st = 50;
            }
            if (pick == 4 && rnd.nextInt(50) == 0) {
                st = 3 * H / 4;
            }
            next[pick] += st;
        }
        Path ours = dir.resolve("ours");
        List<BlockMeta> metas = Backfill.createBlocks(s, ours, 0, m -> { });
        assertEquals(4, metas.size());
        BlockWriter writer = new BlockWriter();
        for (BlockMeta m : metas) {
            long lo = Math.floorDiv(m.minTime(), 2 * H) * 2 * H;
            Head head = new Head(new HeadOptions(4 * H, 120, 128, 64));
            Appender app = head.appender();
            int pending = 0;
            for (long[] o : order) {
                if (o[1] >= lo && o[1] < lo + 2 * H) {
                    app.append(0, labels[(int) o[0]], o[1], Double.longBitsToDouble(o[2]));
                    if (++pending == 5000) {
                        app.commit();
                        app = head.appender();
                        pending = 0;
                    }
                }
            }
            app.commit();
            BlockMeta ref = writer.write(dir.resolve("head"), m.ulid(), head.minTime(), head.maxTime() + 1,
                    head.blockSeries(head.minTime(), head.maxTime() + 1));
            assertEquals(ref, m);
            for (String f : List.of("index", "chunks/000001", "meta.json")) {
                assertArrayEquals(Files.readAllBytes(dir.resolve("head").resolve(m.ulid()).resolve(f)),
                        Files.readAllBytes(ours.resolve(m.ulid()).resolve(f)), m.minTime() + " " + f);
            }
        }
    }

    @Test
    void blockDurationsAreTwoHoursTimesAPowerOfThree() {
        assertEquals(2 * H, Backfill.blockDuration(0));
        assertEquals(2 * H, Backfill.blockDuration(5 * H));
        assertEquals(6 * H, Backfill.blockDuration(6 * H));
        assertEquals(18 * H, Backfill.blockDuration(24 * H));
    }
}
