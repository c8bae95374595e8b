package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TsdbComponentTest {

    @TempDir
    Path dir;

    @Test
    void storesAndQueriesThroughTheStorageService() throws Exception {
        TsdbComponent storage = new TsdbComponent(TsdbOptions.defaults(dir.resolve("data")));
        try {
            // As Prometheus 2.42, no lock file without --storage.tsdb.use-lockfile.
            assertFalse(Files.exists(dir.resolve("data/lock")));
            Appender app = storage.appender();
            long ref = app.append(0, Labels.of("__name__", "up", "job", "x"), 1000, 1);
            app.append(ref, null, 2000, 1);
            app.commit();
            assertEquals(1000, storage.minTime());
            try (Querier q = storage.querier(0, 5000)) {
                SeriesSet ss = q.select(LabelMatcher.equal("__name__", "up"));
                assertTrue(ss.next());
                assertEquals("{__name__=\"up\", job=\"x\"}", ss.labels().toString());
            }
            assertEquals(1, storage.stats(10).numSeries());
            assertEquals("up", storage.stats(10).seriesCountByMetricName().get(0).name());

            Map<String, Double> metrics = collect(storage);
            assertEquals(1.0, metrics.get("prometheus_tsdb_head_series"));
            assertEquals(2.0, metrics.get("prometheus_tsdb_head_samples_appended_total{type=\"float\"}"));
            assertEquals(1.0, metrics.get("prometheus_tsdb_head_chunks"));
            assertEquals(0.0, metrics.get("prometheus_tsdb_out_of_order_samples_total{type=\"float\"}"));

            Appender late = storage.appender();
            assertThrows(StorageException.class, () -> late.append(0, Labels.of("__name__", "up", "job", "x"), 500, 1));
            late.rollback();
            assertEquals(1.0, collect(storage).get("prometheus_tsdb_out_of_order_samples_total{type=\"float\"}"));
        } finally {
            storage.close();
        }
    }

    @Test
    void refusesADirectoryInUse() throws Exception {
        TsdbOptions locked = TsdbOptions.defaults(dir).withLockfile(true);
        TsdbComponent first = new TsdbComponent(locked);
        try {
            IOException e = assertThrows(IOException.class, () -> new TsdbComponent(locked));
            assertEquals(DirLock.IN_USE, e.getMessage());
        } finally {
            first.close();
        }
        new TsdbComponent(locked).close();
    }

    @ParameterizedTest(name = "mode {0} -> server storage {1}")
    @CsvSource(value = {"server, true", "agent, false", "AGENT, false", "NULL, true"}, nullValues = "NULL")
    void runsOnlyInServerMode(String mode, boolean expected) {
        assertEquals(expected, TsdbModeGate.serverMode(mode));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(value = {"NULL, data", "/tmp/x, /tmp/x", "rel/dir, rel/dir"}, nullValues = "NULL")
    void takesDataDirFromFrameworkProperty(String value, String expected) {
        TsdbOptions o = TsdbOptions.fromProperties(k -> k.equals(TsdbOptions.PATH_PROPERTY) ? value : null);
        assertEquals(Path.of(expected), o.dir());
    }

    static Map<String, Double> collect(TsdbComponent c) {
        Map<String, Double> out = new LinkedHashMap<>();
        c.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                assertTrue(!help.isEmpty());
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                out.put(labels.isEmpty() ? name : name + labels.toString().replace(" ", ""), value);
            }
        });
        return out;
    }
}
