package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.io.IOException;
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
 * The {@code prometheus_tsdb_*} families against those of a real Prometheus 2.42
 * ({@code prometheus-2.42/tsdb-metrics.txt}): same names, types, help texts and series (label
 * sets, buckets and quantiles), but for the few Ignis does not export; and the truncation
 * families moving with a head cut.
 */
class TsdbMetricsTest {

    /** 2.42 families Ignis leaves out (see the tsdb README). */
    static final Set<String> NOT_EXPORTED = Set.of(
            // Ignis's head keeps no append ids to report.
            "prometheus_tsdb_isolation_high_watermark", "prometheus_tsdb_isolation_low_watermark");

    @TempDir
    Path dir;

    /** Families (name -> "type help") and series (name{labels}) of one exposition. */
    record Families(Map<String, String> families, Set<String> series, Map<String, Double> values) {
        static Families of(Tsdb db) {
            Map<String, String> families = new TreeMap<>();
            Set<String> series = new TreeSet<>();
            Map<String, Double> values = new TreeMap<>();
            TsdbMetrics.collect(db, new MetricWriter() {
                @Override
                public void family(String name, MetricType type, String help) {
                    if (families.put(name, type.text() + " " + help) != null) {
                        throw new AssertionError("family written twice: " + name);
                    }
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
                    series.add(key.toString());
                    values.put(key.toString(), value);
                }
            });
            return new Families(families, series, values);
        }

        /** The fixture's families and series, without {@link #NOT_EXPORTED}. */
        static Families prometheus242() throws IOException {
            String text;
            try (InputStream in = TsdbMetricsTest.class.getResourceAsStream("/prometheus-2.42/tsdb-metrics.txt")) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> help = new TreeMap<>();
            Map<String, String> families = new TreeMap<>();
            Set<String> series = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String[] p = line.split(" ", 4);
                    help.put(p[2], p.length > 3 ? p[3] : "");
                } else if (line.startsWith("# TYPE ")) {
                    String[] p = line.split(" ");
                    families.put(p[2], p[3] + " " + help.get(p[2]));
                } else if (!line.isEmpty()) {
                    series.add(line.substring(0, line.lastIndexOf(' ')));
                }
            }
            families.keySet().removeAll(NOT_EXPORTED);
            series.removeIf(s -> NOT_EXPORTED.contains(s.replaceFirst("\\{.*", "")));
            return new Families(families, series, Map.of());
        }
    }

    @Test
    void familiesAndSeriesAreThoseOfPrometheus242() throws Exception {
        Families want = Families.prometheus242();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            Families got = Families.of(db);
            assertEquals(want.families(), got.families());
            assertEquals(want.series(), got.series());
        }
    }

    @Test
    void headCutMovesTheTruncationFamilies() throws Exception {
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(dir))) {
            Families before = Families.of(db);
            for (String s : new String[] {"prometheus_tsdb_head_gc_duration_seconds_count",
                "prometheus_tsdb_wal_truncate_duration_seconds_count", "prometheus_tsdb_checkpoint_deletions_total",
                "prometheus_tsdb_symbol_table_size_bytes"}) {
                assertEquals(0.0, before.values().get(s), s);
            }
            assertTrue(before.values().get("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.5\"}").isNaN());

            HeadCutTest.append(db, 30, HeadCutTest.T0, HeadCutTest.T0 + 4 * HeadCutTest.HOUR, new TreeMap<>());
            assertEquals(1, db.compactor().compactHead());
            Map<String, Double> m = Families.of(db).values();
            assertEquals(1.0, m.get("prometheus_tsdb_head_gc_duration_seconds_count"));
            assertTrue(m.get("prometheus_tsdb_head_gc_duration_seconds_sum") > 0);
            assertEquals(1.0, m.get("prometheus_tsdb_wal_truncate_duration_seconds_count"));
            assertTrue(m.get("prometheus_tsdb_wal_truncate_duration_seconds_sum") > 0);
            assertEquals(1.0, m.get("prometheus_tsdb_checkpoint_deletions_total"));
            assertEquals(0.0, m.get("prometheus_tsdb_checkpoint_deletions_failed_total"));
            // One block of 30 series: its sampled symbol positions, 8 bytes each.
            assertEquals(8.0 * ((db.blocks().get(0).index().symbolCount() + 7) / 8),
                    m.get("prometheus_tsdb_symbol_table_size_bytes"));
            // Segments were cut (and fsynced) on the way: the quantiles have observations.
            assertTrue(m.get("prometheus_tsdb_wal_fsync_duration_seconds_count") > 0);
            for (String q : new String[] {"0.5", "0.9", "0.99"}) {
                double v = m.get("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"" + q + "\"}");
                assertFalse(Double.isNaN(v), q);
                assertTrue(v >= 0, q);
            }
        }
    }
}
