package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.RealPrometheus;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus 2.42 started on a data directory Ignis wrote answers queries from it. */
class PrometheusOpensIgnisDataTest {


    @TempDir
    Path dir;

    @Test
    void prometheusQueriesSeriesFromIgnisWal() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        long now = System.currentTimeMillis();
        long t0 = now - 10 * 60_000L;
        Path data = dir.resolve("data");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            long[] refs = new long[3];
            for (int i = 0; i < 40; i++) {
                Appender app = db.appender();
                for (int s = 0; s < 3; s++) {
                    refs[s] = app.append(refs[s], Labels.of("__name__", "ignis_written", "series", "s" + s), t0 + i * 15_000L,
                            s * 1000 + i);
                }
                app.commit();
            }
        }
        try (RealPrometheus prometheus = new RealPrometheus(dir, data)) {
            double at = (t0 + 39 * 15_000L) / 1000.0;
            String body = prometheus.query("ignis_written{series=\"s2\"}", at);
            assertTrue(body.contains("\"status\":\"success\""), body);
            assertTrue(body.contains("\"series\":\"s2\""), body);
            assertTrue(body.contains("\"2039\""), body);
            body = prometheus.query("count_over_time(ignis_written[1h])", at);
            assertEquals(3, body.split("\"40\"", -1).length - 1, body);
        }
    }
}
