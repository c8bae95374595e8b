package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentComponentTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(value = {
            // property, value, dir, compression, min ms, max ms, lockfile, truncate ms
            "NONE, NULL, data-agent, true, 300000, 14400000, false, 7200000",
            "ignis.flag.storage.agent.path, /tmp/a, /tmp/a, true, 300000, 14400000, false, 7200000",
            "ignis.flag.storage.agent.wal-compression, false, data-agent, false, 300000, 14400000, false, 7200000",
            "ignis.flag.storage.agent.retention.min-time, 0s, data-agent, true, 300000, 14400000, false, 7200000",
            "ignis.flag.storage.agent.retention.min-time, 6h, data-agent, true, 21600000, 21600000, false, 7200000",
            "ignis.flag.storage.agent.retention.max-time, 1h, data-agent, true, 300000, 7200000, false, 7200000",
            "ignis.flag.storage.agent.retention.max-time, 1d, data-agent, true, 300000, 86400000, false, 7200000",
            "ignis.flag.storage.agent.use-lockfile, true, data-agent, true, 300000, 14400000, true, 7200000",
            "ignis.agent.truncate-frequency, 5h, data-agent, true, 300000, 18000000, false, 18000000"},
            nullValues = "NULL")
    void readsFlagsWithPrometheusDefaultsAndValidation(String prop, String value, String dir, boolean compression,
            long min, long max, boolean lock, long truncate) {
        AgentOptions o = AgentOptions.fromProperties(k -> k.equals(prop) ? value : null);
        assertEquals(Path.of(dir), o.dir());
        assertEquals(Path.of(dir, "wal"), o.walDir());
        assertEquals(compression, o.walCompression());
        assertEquals(min, o.minWalTimeMs());
        assertEquals(max, o.maxWalTimeMs());
        assertEquals(lock, o.useLockfile());
        assertEquals(Duration.ofMillis(truncate), o.truncateFrequency());
    }

    @Test
    void appendsThroughTheServiceAndExportsItsMetrics() throws Exception {
        AgentComponent c = new AgentComponent(AgentOptions.defaults(dir));
        try {
            Appender app = c.appender();
            app.append(0, Labels.of("__name__", "up"), 1000, 1);
            app.commit();
            List<String> families = new ArrayList<>();
            Map<String, Double> samples = new java.util.HashMap<>();
            c.collect(new MetricWriter() {
                @Override
                public void family(String name, MetricType type, String help) {
                    families.add(name + " " + type);
                }

                @Override
                public void sample(String name, Labels labels, double value) {
                    samples.put(name + labels, value);
                }
            });
            assertTrue(families.contains("prometheus_agent_truncate_duration_seconds SUMMARY"), families.toString());
            assertEquals(1.0, samples.get("prometheus_agent_samples_appended_total{type=\"float\"}"), samples.toString());
            assertTrue(Files.isRegularFile(dir.resolve("wal/00000000")));
            assertEquals(dir.resolve("wal"), c.db().walDir());
        } finally {
            c.close();
        }
    }
}
