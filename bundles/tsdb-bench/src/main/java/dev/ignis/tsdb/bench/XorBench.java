package dev.ignis.tsdb.bench;

import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** XOR chunk encode and decode of one full chunk (120 samples); scores are per sample. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class XorBench {

    static final int N = 120;

    /** constant: a gauge that never moves; counter: a steady counter; random: random doubles. */
    @Param({"constant", "counter", "gauge", "random"})
    public String values;

    long[] ts = new long[N];
    double[] vs = new double[N];
    byte[] encoded;
    final XorIterator it = new XorIterator();

    @Setup
    public void setup() {
        Random r = new Random(42);
        long t = 1_700_000_000_000L;
        double c = 0;
        for (int i = 0; i < N; i++) {
            t += 15_000 + (values.equals("random") ? r.nextInt(20) - 10 : 0);
            ts[i] = t;
            c += r.nextInt(100);
            vs[i] = switch (values) {
                case "constant" -> 1.0;
                case "counter" -> c;
                case "gauge" -> Math.round(r.nextGaussian() * 1000) / 100.0;
                default -> r.nextDouble() * 1e6;
            };
        }
        XorChunk chunk = new XorChunk(256);
        for (int i = 0; i < N; i++) {
            chunk.append(ts[i], vs[i]);
        }
        encoded = chunk.toByteArray();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public XorChunk encode() {
        XorChunk chunk = new XorChunk(256); // sized so that it does not grow: one allocation per chunk
        for (int i = 0; i < N; i++) {
            chunk.append(ts[i], vs[i]);
        }
        return chunk;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double decode() {
        it.reset(encoded);
        double sum = 0;
        while (it.next()) {
            sum += it.v() + it.t();
        }
        return sum;
    }

    final long[] outT = new long[N];
    final double[] outV = new double[N];

    /** The whole chunk into arrays at once, as a select's chunk iterator decodes. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double decodeArrays() {
        int n = it.reset(encoded).decode(outT, outV);
        return outV[n - 1] + outT[n - 1];
    }

    /** The same arrays filled through next(): what decode() has to beat. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double decodeArraysByNext() {
        it.reset(encoded);
        int n = 0;
        while (it.next()) {
            outT[n] = it.t();
            outV[n++] = it.v();
        }
        return outV[n - 1] + outT[n - 1];
    }
}
