package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scrape-like appends from several threads into one head: each thread is a target with its
 * own 1000 series, appending a batch with cached refs and committing it, like scrape loops
 * after their first scrape. Scores are per sample and per thread; no WAL.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(4)
public class HeadAppendThreadsBench {

    static final int BATCH = 1000;

    /** The head all threads append to. */
    @State(Scope.Benchmark)
    public static class Shared {
        final Head head = new Head(HeadOptions.defaults());
        final AtomicInteger targets = new AtomicInteger();
    }

    /** One target: its series' labels and cached refs. */
    @State(Scope.Thread)
    public static class Target {
        final long[] refs = new long[BATCH];
        final Labels[] labels = new Labels[BATCH];
        long t = 1_700_000_000_000L;

        @Setup(Level.Trial)
        public void setup(Shared shared) throws StorageException {
            int target = shared.targets.getAndIncrement();
            for (int i = 0; i < BATCH; i++) {
                labels[i] = Labels.of("__name__", "http_requests_total", "job", "api",
                        "instance", "10.0." + target + "." + (i % 250), "code", Integer.toString(200 + i / 250));
            }
            scrape(shared.head, this);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void scrape(Shared shared, Target target) throws StorageException {
        scrape(shared.head, target);
    }

    static void scrape(Head head, Target tg) throws StorageException {
        long t = tg.t += 1_000;
        long[] refs = tg.refs;
        Appender app = head.appender();
        for (int i = 0; i < BATCH; i++) {
            refs[i] = app.append(refs[i], tg.labels[i], t, i * 0.5 + (t & 0xff));
        }
        app.commit();
    }
}
