package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.tsdb.internal.MetricFamilies;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's {@code prometheus_agent_*} and {@code prometheus_tsdb_*} families against those of
 * a real Prometheus 2.42 agent ({@code prometheus-2.42/agent-metrics.txt}): same names, types,
 * help texts and series, the fsync summary's quantiles included.
 */
class AgentMetricsTest {

    @TempDir
    Path dir;

    @Test
    void familiesAndSeriesAreThoseOfAPrometheus242Agent() throws Exception {
        MetricFamilies want = MetricFamilies.capture("/prometheus-2.42/agent-metrics.txt");
        MetricFamilies got;
        try (AgentDb db = AgentDb.open(AgentOptions.defaults(dir), System::currentTimeMillis, false)) {
            got = MetricFamilies.collect(db.metrics::collect);
        }
        Map<String, Double> series = got.values();
        assertEquals(want.families(), got.families());
        assertEquals(want.series(), got.series());
        assertEquals(-1.0, series.get("prometheus_agent_clean_start"));
        // No fsync in the last 10 minutes: the quantiles read NaN, as 2.42's do.
        assertTrue(series.get("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.99\"}").isNaN());
    }
}
