package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One scrape-sized batch appended with cached refs and committed, like a scrape loop after
 * its first scrape; scores are per sample. With {@code targets} above 1, each invocation is the
 * next of that many targets of 1000 series each, round robin, as scrape loops take turns: with
 * 500 (500k series) the series and their chunks are no longer in the CPU caches, as in a
 * server at that size. {@code wal=true} goes through the WAL on disk (and
 * completed chunks to {@code chunks_head/}, as in any data directory); with {@code wal=false},
 * {@code chunksHead=true} writes completed chunks to {@code chunks_head/} in a temporary
 * directory instead of keeping them on the heap. {@code session=true} appends each target
 * through its own append session (its series stay claimed between its batches).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HeadAppendBench {

    static final int BATCH = 1000;

    @Param({"false", "true"})
    public boolean wal;

    @Param({"false"})
    public boolean chunksHead;

    @Param({"1"})
    public int targets;

    /**
     * With {@code wal=true}: {@code -1} opens the TSDB without exemplar storage; otherwise with
     * it, and every {@code exemplarEvery}-th sample (0: none) carries a new exemplar, as a
     * scrape of an OpenMetrics target would (labels built beforehand, as the parser does).
     */
    @Param({"-1"})
    public int exemplarEvery;

    /** Each target appends through its own append session, as a scrape loop does. */
    @Param({"false", "true"})
    public boolean session;

    AppendSession[] sessions;

    final Labels[] exemplarLabels = new Labels[BATCH];

    HeadChunkMapper mapper;

    Path dir;
    Tsdb db;
    Head head;
    long[][] refs;
    Labels[][] labels;
    long[] times;
    int next;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (wal) {
            dir = Files.createTempDirectory("ignis-bench");
            db = Tsdb.open(TsdbOptions.defaults(dir).withExemplarStorage(exemplarEvery >= 0));
            head = db.head();
        } else {
            head = new Head(HeadOptions.defaults());
            if (chunksHead) {
                dir = Files.createTempDirectory("ignis-bench");
                mapper = HeadChunkMapper.open(dir.resolve("chunks_head"));
                head.loadMapped(mapper);
            }
        }
        sessions = new AppendSession[targets];
        for (int k = 0; k < targets; k++) {
            sessions[k] = session ? (db != null ? db.session() : head.session()) : null;
        }
        refs = new long[targets][BATCH];
        labels = new Labels[targets][BATCH];
        times = new long[targets];
        for (int k = 0; k < targets; k++) {
            times[k] = 1_700_000_000_000L;
            for (int i = 0; i < BATCH; i++) {
                labels[k][i] = Labels.of("__name__", "http_requests_total", "job", "api", "instance",
                        "10." + (k / 250) + "." + (k % 250) + "." + (i % 250), "code", Integer.toString(200 + i / 250));
            }
        }
        for (int i = 0; i < BATCH; i++) {
            exemplarLabels[i] = Labels.of("trace_id", Long.toHexString(0x1234_5678_9abcL * (i + 1)));
        }
        for (int k = 0; k < targets; k++) {
            scrape();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (mapper != null) {
            mapper.close();
        }
        if (db != null) {
            db.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void scrape() throws StorageException {
        int k = next;
        next = k + 1 == targets ? 0 : k + 1;
        long t = times[k] += 15_000;
        long[] r = refs[k];
        Labels[] l = labels[k];
        Appender app = session ? sessions[k].appender() : head.appender();
        int every = exemplarEvery;
        for (int i = 0; i < BATCH; i++) {
            r[i] = app.append(r[i], l[i], t, i * 0.5 + (t & 0xff));
            if (every > 0 && i % every == 0) {
                app.appendExemplar(r[i], l[i], exemplarLabels[i], t, true, i);
            }
        }
        app.commit();
    }
}
