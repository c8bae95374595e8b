package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.LabelMatcher.Type;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Selects over a head of 100k series (100 metrics x 10 jobs x 100 instances), each with 120
 * samples: postings for 2-3 matchers, series sorted and snapshotted (no sample decoding).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PostingsBench {

    @Param({"name+job", "name+job+instance-regex", "name+not-job", "job-alternation+instance"})
    public String matchers;

    Head head;
    LabelMatcher[] ms;

    @Setup
    public void setup() throws Exception {
        head = hundredThousandSeries();
        ms = switch (matchers) {
            case "name+job" -> new LabelMatcher[] {LabelMatcher.equal("__name__", "metric_7"), LabelMatcher.equal("job", "job_3")};
            case "name+job+instance-regex" -> new LabelMatcher[] {LabelMatcher.equal("__name__", "metric_7"),
                LabelMatcher.equal("job", "job_3"), new LabelMatcher(Type.REGEX, "instance", "host-1.*")};
            case "name+not-job" -> new LabelMatcher[] {LabelMatcher.equal("__name__", "metric_7"),
                new LabelMatcher(Type.NOT_EQUAL, "job", "job_3")};
            default -> new LabelMatcher[] {new LabelMatcher(Type.REGEX, "job", "job_1|job_2|job_3"),
                LabelMatcher.equal("instance", "host-42:9100")};
        };
    }

    /** 100 metrics x 10 jobs x 100 instances, 120 samples each. */
    static Head hundredThousandSeries() throws Exception {
        Head head = new Head(HeadOptions.defaults());
        long[] refs = new long[100_000];
        for (int s = 0; s < 120; s++) {
            Appender app = head.appender();
            int i = 0;
            for (int m = 0; m < 100; m++) {
                for (int j = 0; j < 10; j++) {
                    for (int k = 0; k < 100; k++) {
                        Labels l = s == 0 ? Labels.of("__name__", "metric_" + m, "job", "job_" + j, "instance", "host-" + k + ":9100") : null;
                        refs[i] = app.append(refs[i], l, 1_000_000L + s * 15_000L, s + i);
                        i++;
                    }
                }
            }
            app.commit();
        }
        return head;
    }

    @Benchmark
    public int select() {
        try (Querier q = head.querier(0, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(ms);
            int n = 0;
            while (ss.next()) {
                n++;
            }
            return n;
        }
    }
}
