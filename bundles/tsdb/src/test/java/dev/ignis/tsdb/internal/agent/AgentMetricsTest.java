package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
        Map<String, String> wantFamilies = new TreeMap<>();
        Set<String> wantSeries = new TreeSet<>();
        String text;
        try (InputStream in = AgentMetricsTest.class.getResourceAsStream("/prometheus-2.42/agent-metrics.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> help = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] p = line.split(" ", 4);
                help.put(p[2], p.length > 3 ? p[3] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                wantFamilies.put(p[2], p[3] + " " + help.get(p[2]));
            } else if (!line.isEmpty()) {
                wantSeries.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }

        Map<String, String> families = new TreeMap<>();
        Map<String, Double> series = new TreeMap<>();
        try (AgentDb db = AgentDb.open(AgentOptions.defaults(dir), System::currentTimeMillis, false)) {
            db.metrics.collect(new MetricWriter() {
                @Override
                public void family(String name, MetricType type, String help) {
                    assertEquals(null, families.put(name, type.text() + " " + help), name);
                }

                @Override
                public void sample(String name, Labels labels, double value) {
                    StringBuilder key = new StringBuilder(name);
                    if (!labels.isEmpty()) {
                        key.append('{');
                        for (int i = 0; i < labels.size(); i++) {
                            key.append(i > 0 ? "," : "").append(labels.name(i)).append("=\"").append(labels.value(i))
                                    .append('"');
                        }
                        key.append('}');
                    }
                    series.put(key.toString(), value);
                }
            });
        }
        assertEquals(wantFamilies, families);
        assertEquals(wantSeries, series.keySet());
        assertEquals(-1.0, series.get("prometheus_agent_clean_start"));
        // No fsync in the last 10 minutes: the quantiles read NaN, as 2.42's do.
        assertTrue(series.get("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.99\"}").isNaN());
    }
}
