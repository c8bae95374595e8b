package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code prometheus_tsdb_*} families against those of a real Prometheus 2.42
 * ({@code prometheus-2.42/tsdb-metrics.txt}): same names, types, help texts and series (label
 * sets, buckets and quantiles); the truncation families moving with a head cut; and the
 * isolation watermarks moving with commits.
 */
class TsdbMetricsTest {

    @TempDir
    Path dir;

    @Test
    void familiesAndSeriesAreThoseOfPrometheus242() throws Exception {
        MetricFamilies want = MetricFamilies.capture("/prometheus-2.42/tsdb-metrics.txt");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            MetricFamilies got = collect(db);
            assertEquals(want.families(), got.families());
            assertEquals(want.series(), got.series());
        }
    }

    @Test
    void headCutMovesTheTruncationFamilies() throws Exception {
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(dir))) {
            MetricFamilies before = collect(db);
            for (String s : new String[] {"prometheus_tsdb_head_gc_duration_seconds_count",
                "prometheus_tsdb_wal_truncate_duration_seconds_count", "prometheus_tsdb_checkpoint_deletions_total",
                "prometheus_tsdb_symbol_table_size_bytes"}) {
                assertEquals(0.0, before.values().get(s), s);
            }
            assertTrue(before.values().get("prometheus_tsdb_wal_fsync_duration_seconds{quantile=\"0.5\"}").isNaN());

            HeadCutTest.append(db, 30, HeadCutTest.T0, HeadCutTest.T0 + 4 * HeadCutTest.HOUR, new TreeMap<>());
            assertEquals(1, db.compactor().compactHead());
            Map<String, Double> m = collect(db).values();
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

    @Test
    void isolationWatermarksCountCommitsAsAppendIdsDo() throws Exception {
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            // 2.42 gives out one append id per appender; an idle head's marks are both the last.
            HeadCutTest.append(db, 3, HeadCutTest.T0, HeadCutTest.T0 + 4 * HeadCutTest.STEP, new TreeMap<>());
            Map<String, Double> m = collect(db).values();
            assertEquals(4.0, m.get("prometheus_tsdb_isolation_high_watermark"));
            assertEquals(4.0, m.get("prometheus_tsdb_isolation_low_watermark"));
        }
    }

    private static MetricFamilies collect(Tsdb db) {
        return MetricFamilies.collect(w -> TsdbMetrics.collect(db, w));
    }
}
