package dev.ignis.promql.bench;

import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.promql.internal.engine.Engine;
import dev.ignis.promql.internal.engine.Settings;
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
 * Range queries of issue 4 over the data of {@code bench/query_data.py} (per instance 20
 * counters, a 12-bucket histogram, an info metric: 35 series), 3 h at 15 s, the last hour
 * queried at a 30 s step (121 steps). The storage is {@link ArrayStorage}, so this measures
 * the engine alone; {@code bench/query.sh} measures the server against Prometheus.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RangeQueryBench {

    static final long END = 3 * 3600_000L;
    static final long START = END - 3600_000L;
    static final long STEP = 30_000L;

    /** 50 instances: 1750 series; 250: 8750. */
    @Param({"50", "250"})
    int instances;

    @Param({
        "rate(http_requests_total[5m])",
        "sum by (method) (rate(http_requests_total[5m]))",
        "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
        "topk(5, rate(http_requests_total[5m]))",
        "rate(http_requests_total[5m]) * on (instance) group_left (version) build_info",
        "sum(rate(http_requests_total{instance=~\"i-1.*\", method=~\"GET|POST\"}[5m]))",
        "max_over_time(sum by (method) (rate(http_requests_total[5m]))[30m:1m])",
    })
    String query;

    Engine engine;

    @Setup
    public void setup() {
        engine = new Engine(ArrayStorage.generate(instances, END, 15_000), Settings.defaults());
    }

    @Benchmark
    public QueryResult range() throws QueryException {
        return engine.range(query, START, END, STEP, QueryOptions.DEFAULT);
    }
}
