package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.util.Dirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Selects from one persisted block of 100k series (one 120-sample chunk each; labels
 * {@code __name__} of 50 metrics, {@code instance} of 10k, {@code job} of 5, a unique
 * {@code series}), through the block's index: one metric's 2000 series with their samples
 * (score per series), single series by their unique label (score per select), and every
 * series with its samples through {@code __name__=~".+"} (score per sample); the first and
 * the last read sample by sample or with {@code nextBatch} as the PromQL engine does.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BlockSelectBench {

    static final int SERIES = 100_000;

    Path dir;
    Block block;
    int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("block-select-bench");
        List<BlockWriter.SeriesData> series = new ArrayList<>(SERIES);
        long t0 = 1_700_006_400_000L;
        for (int i = 0; i < SERIES; i++) {
            XorChunk c = new XorChunk();
            for (int j = 0; j < 120; j++) {
                c.append(t0 + j * 15_000L, i + j);
            }
            Labels l = Labels.of("__name__", "metric_" + (i % 50), "instance", "host-" + (i / 10) + ":9100",
                    "job", "job" + (i % 5), "series", "s" + i);
            series.add(new BlockWriter.SeriesData(l,
                    List.of(new BlockWriter.ChunkData(t0, t0 + 119 * 15_000L, XorChunk.ENCODING, c.toByteArray()))));
        }
        BlockMeta m = new BlockWriter().write(dir, t0, t0 + 7_200_000, series);
        block = Block.open(dir.resolve(m.ulid()));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        block.close();
        Dirs.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES / 50)
    public double selectOneMetric() {
        try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(LabelMatcher.equal("__name__", "metric_7"));
            double sum = 0;
            while (ss.next()) {
                SampleIterator it = ss.iterator();
                while (it.next()) {
                    sum += it.v();
                }
            }
            return sum;
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * 120)
    public double scanAllSeries() {
        try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+"));
            double sum = 0;
            while (ss.next()) {
                SampleIterator it = ss.iterator();
                while (it.next()) {
                    sum += it.v();
                }
            }
            return sum;
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES / 50)
    public double selectOneMetricBatched() {
        try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return sumBatched(q.select(LabelMatcher.equal("__name__", "metric_7")));
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES * 120)
    public double scanAllSeriesBatched() {
        try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return sumBatched(q.select(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+")));
        }
    }

    private final long[] ts = new long[256];
    private final double[] vs = new double[256];

    /** As the PromQL engine loads a selector: nextBatch into reused arrays. */
    private double sumBatched(SeriesSet ss) {
        double sum = 0;
        while (ss.next()) {
            SampleIterator it = ss.iterator();
            int k;
            do {
                k = it.nextBatch(Long.MAX_VALUE, ts, vs, 0, ts.length);
                for (int i = 0; i < k; i++) {
                    sum += vs[i];
                }
            } while (k == ts.length);
        }
        return sum;
    }

    @Benchmark
    public int selectOneSeries() {
        next = (next + 7919) % SERIES;
        try (Querier q = block.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(LabelMatcher.equal("series", "s" + next));
            int n = 0;
            while (ss.next()) {
                n += ss.labels().size();
            }
            return n;
        }
    }
}
