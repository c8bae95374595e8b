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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * As {@link CacheBench#steadyScrapeKnown} over 500 targets of 1000 series scraped in turn (500k
 * series, the shape of {@code bench/scrape-variants.sh}): each target's cache is cold when its
 * scrape starts. Time per sample.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ManyCachesBench {
    private static final int TARGETS = 500;
    private static final int PER = 1000;
    private byte[] bytes;
    private final TextParser parser = new TextParser();
    private final ScrapeCache[] caches = new ScrapeCache[TARGETS];

    @Setup(Level.Trial)
    public void setUp() throws ParseException {
        bytes = Bodies.synthetic(PER, false);
        Labels.Builder lb = Labels.builder(8);
        long ref = 1;
        for (int i = 0; i < TARGETS; i++) {
            ScrapeCache cache = new ScrapeCache();
            caches[i] = cache;
            parser.reset(bytes, 0, bytes.length);
            for (Entry e; (e = parser.next()) != Entry.EOF;) {
                if (e == Entry.SERIES) {
                    parser.labels(lb);
                    lb.set("instance", "t" + i);
                    Labels l = lb.build();
                    cache.trackStaleness(cache.add(parser.buffer(), parser.seriesOffset(), parser.seriesLength(), ref++, l));
                }
            }
            cache.iterDone(true);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TARGETS * PER)
    public long steadyScrapeKnown() throws ParseException {
        TextParser p = parser;
        long acc = 0;
        for (ScrapeCache c : caches) {
            p.knownSeries(c::find);
            p.reset(bytes, 0, bytes.length);
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                if (e == Entry.SERIES) {
                    int slot = p.knownSlot();
                    if (slot < 0) {
                        slot = c.lookup(p.buffer(), p.seriesOffset(), p.seriesLength());
                    } else {
                        c.seen(slot);
                    }
                    if (!c.isDropped(slot)) {
                        acc += c.ref(slot) + (c.labels(slot) == null ? 1 : 0) + Double.doubleToRawLongBits(p.value());
                        c.setRef(slot, c.ref(slot) + 1);
                        c.trackStaleness(slot);
                    }
                }
            }
            p.knownSeries(null);
            c.iterDone(true);
        }
        return acc;
    }
}
