package dev.ignis.tsdb.bench;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.head.Head;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads every sample of one metric (1000 series x 120 samples) and of every series of the
 * head (100k series x 120 samples, through {@code __name__=~".+"}); scores are per sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SeriesScanBench {

    Head head;

    @Setup
    public void setup() throws Exception {
        head = PostingsBench.hundredThousandSeries();
    }

    @Benchmark
    @OperationsPerInvocation(1000 * 120)
    public double scanOneMetric() {
        try (Querier q = head.querier(0, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(LabelMatcher.equal("__name__", "metric_3"));
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
    @OperationsPerInvocation(100_000 * 120)
    public double scanAllSeries() {
        try (Querier q = head.querier(0, Long.MAX_VALUE)) {
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
}
