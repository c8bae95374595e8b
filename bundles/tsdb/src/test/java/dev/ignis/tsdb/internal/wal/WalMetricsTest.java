package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The fsync summary: quantiles of the last 10 minutes' fsyncs, sum and count of all. */
class WalMetricsTest {

    static final long MIN = TimeUnit.MINUTES.toNanos(1);
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    static Stream<Arguments> cases() {
        return Stream.of(
                // observations (ms), their age (minutes) at collection -> p50, p90, p99 (ms)
                Arguments.of(new long[0], new long[0], new double[] {Double.NaN, Double.NaN, Double.NaN}),
                Arguments.of(new long[] {7}, new long[] {0}, new double[] {7, 7, 7}),
                Arguments.of(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                        new double[] {5, 9, 10}),
                // Older than 10 minutes: out of the quantiles, still in sum and count.
                Arguments.of(new long[] {100, 1, 2}, new long[] {11, 1, 9}, new double[] {1, 2, 2}),
                Arguments.of(new long[] {100, 200}, new long[] {11, 20}, new double[] {Double.NaN, Double.NaN, Double.NaN}));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void quantilesOfTheLastTenMinutes(long[] ms, long[] ageMinutes, double[] want) {
        WalMetrics m = new WalMetrics();
        long now = 100 * MIN;
        long sum = 0;
        for (int i = 0; i < ms.length; i++) {
            m.observeFsync(ms[i] * MS, now - ageMinutes[i] * MIN);
            sum += ms[i];
        }
        Map<String, Double> got = new TreeMap<>();
        String[] family = new String[1];
        m.writeFsyncSummary(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                family[0] = type.text() + " " + name + " " + help;
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                got.put(labels.isEmpty() ? name : name + labels.get("quantile"), value);
            }
        }, now);
        String n = "prometheus_tsdb_wal_fsync_duration_seconds";
        assertEquals("summary " + n + " Duration of write log fsync.", family[0]);
        assertEquals(want[0] / 1000, got.get(n + "0.5"), 1e-12);
        assertEquals(want[1] / 1000, got.get(n + "0.9"), 1e-12);
        assertEquals(want[2] / 1000, got.get(n + "0.99"), 1e-12);
        assertEquals(sum / 1000.0, got.get(n + "_sum"), 1e-12);
        assertEquals((double) ms.length, got.get(n + "_count"));
        assertEquals(5, got.size());
    }
}
