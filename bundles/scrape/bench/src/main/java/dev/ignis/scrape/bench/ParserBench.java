package dev.ignis.scrape.bench;

import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.ExpositionParser;
import dev.ignis.scrape.internal.parse.OpenMetricsParser;
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
 * Steady-path parsing: every entry read, series slice, value and timestamp consumed, no label
 * materialization (what a scrape loop does for cached series). Reported per body; divide by
 * the body's line count (printed at setup) for lines per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParserBench {
    @Param({"node-exporter-1.5.0.prom.txt", "prometheus-2.42.0.prom.txt", "synthetic-10k",
        "python-client-0.16.om.txt", "synthetic-10k-om"})
    public String body;

    private byte[] bytes;
    private ExpositionParser parser;
    private int lines;

    @Setup(Level.Trial)
    public void setUp() throws ParseException {
        bytes = Bodies.get(body);
        parser = body.endsWith(".om.txt") || body.endsWith("-om") ? new OpenMetricsParser() : new TextParser();
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        System.out.println("\n" + body + ": " + bytes.length + " bytes, " + lines + " lines, " + parse() + " checksum");
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public long parse() throws ParseException {
        ExpositionParser p = parser;
        p.reset(bytes, 0, bytes.length);
        long acc = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                acc += p.seriesLength() + Double.doubleToRawLongBits(p.value()) + (p.hasTimestamp() ? p.timestamp() : 0);
            }
        }
        return acc;
    }
}
