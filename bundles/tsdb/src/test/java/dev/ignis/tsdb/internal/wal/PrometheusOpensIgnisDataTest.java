package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus 2.42 started on a data directory Ignis wrote answers queries from it. */
class PrometheusOpensIgnisDataTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    @Test
    void prometheusQueriesSeriesFromIgnisWal() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
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
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1h\n");
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.nanoTime() + 30_000_000_000L;
            boolean ready = false;
            while (!ready && System.nanoTime() < deadline && p.isAlive()) {
                try {
                    ready = http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertTrue(ready, "prometheus became ready: " + Files.readString(dir.resolve("prometheus.log")));
            long at = t0 + 39 * 15_000L;
            String q = URLEncoder.encode("ignis_written{series=\"s2\"}", StandardCharsets.UTF_8);
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + q + "&time=" + at / 1000.0))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("\"status\":\"success\""), body);
            assertTrue(body.contains("\"series\":\"s2\""), body);
            assertTrue(body.contains("\"2039\""), body);
            String count = URLEncoder.encode("count_over_time(ignis_written[1h])", StandardCharsets.UTF_8);
            body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + count + "&time=" + at / 1000.0))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertEquals(3, body.split("\"40\"", -1).length - 1, body);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }
}
