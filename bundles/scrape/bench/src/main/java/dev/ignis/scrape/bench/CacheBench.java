package dev.ignis.scrape.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.cache.ScrapeCache;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.scrape.internal.parse.TextParser;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * A steady scrape of a known target: parse, look every series up in the scrape cache, track it
 * for staleness, end the iteration. Baseline: {@link #parseOnly}. Time per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CacheBench {
    private static final int SERIES = 10_000;

    @Param({"synthetic-10k"})
    public String body;

    private byte[] bytes;
    private final TextParser parser = new TextParser();
    private final ScrapeCache cache = new ScrapeCache();

    @Setup(Level.Trial)
    public void setUp() throws ParseException {
        bytes = Bodies.get(body);
        Labels.Builder lb = Labels.builder(8);
        parser.reset(bytes, 0, bytes.length);
        long ref = 1;
        for (Entry e; (e = parser.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                parser.labels(lb);
                Labels l = lb.build();
                cache.trackStaleness(cache.add(parser.buffer(), parser.seriesOffset(), parser.seriesLength(), ref++, l));
            }
        }
        cache.iterDone(true);
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public long steadyScrape() throws ParseException {
        TextParser p = parser;
        ScrapeCache c = cache;
        p.reset(bytes, 0, bytes.length);
        long acc = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                int slot = c.lookup(p.buffer(), p.seriesOffset(), p.seriesLength());
                acc += c.ref(slot) + Double.doubleToRawLongBits(p.value());
                c.trackStaleness(slot);
            }
        }
        c.iterDone(true);
        return acc;
    }

    /** As {@link #steadyScrape} the way the scrape loop reads: known lines past their labels. */
    @Benchmark
    @OperationsPerInvocation(SERIES)
    public long steadyScrapeKnown() throws ParseException {
        TextParser p = parser;
        ScrapeCache c = cache;
        p.knownSeries(c::find);
        p.reset(bytes, 0, bytes.length);
        long acc = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                int slot = p.knownSlot();
                if (slot < 0) {
                    slot = c.lookup(p.buffer(), p.seriesOffset(), p.seriesLength());
                } else {
                    c.seen(slot);
                }
                acc += c.ref(slot) + Double.doubleToRawLongBits(p.value());
                c.trackStaleness(slot);
            }
        }
        p.knownSeries(null);
        c.iterDone(true);
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public long parseOnly() throws ParseException {
        TextParser p = parser;
        p.reset(bytes, 0, bytes.length);
        long acc = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                acc += p.seriesLength() + Double.doubleToRawLongBits(p.value());
            }
        }
        return acc;
    }
}
