package dev.ignis.tsdb.bench;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.index.Matcher;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * A regex matcher over the 10k values of a label ({@code host-<k>:9100}), as the index does:
 * the matcher with its literal prefilter against the same regex run alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RegexMatcherBench {

    /** A prefix matching 11% of values, a suffix and a substring matching none, both ends matching all. */
    @Param({"host-1.*", ".*:9200", ".*-99x.*", "host-.*:9100"})
    public String regex;

    String[] values;
    Matcher matcher;
    Pattern pattern;

    @Setup
    public void setup() {
        values = new String[10_000];
        for (int k = 0; k < values.length; k++) {
            values[k] = "host-" + k + ":9100";
        }
        matcher = Matcher.compile(new LabelMatcher(LabelMatcher.Type.REGEX, "instance", regex));
        pattern = Pattern.compile("(?:" + regex + ")", Pattern.UNIX_LINES);
    }

    @Benchmark
    public int prefiltered() {
        int n = 0;
        for (String v : values) {
            n += matcher.matches(v) ? 1 : 0;
        }
        return n;
    }

    @Benchmark
    public int regexOnly() {
        int n = 0;
        for (String v : values) {
            n += pattern.matcher(v).matches() ? 1 : 0;
        }
        return n;
    }
}
