package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus 2.42 started on a data directory whose head Ignis cut into a block answers from both. */
class PrometheusOpensIgnisBlocksTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    @Test
    void prometheusCountsEverySampleOfTheBlockAndTheHead() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
        long now = System.currentTimeMillis();
        long t0 = now - 4 * 3_600_000L;
        int samples = 4 * 60;
        Path data = dir.resolve("data");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            for (int i = 0; i < samples; i++) {
                Appender app = db.appender();
                for (int s = 0; s < 3; s++) {
                    app.append(0, Labels.of("__name__", "ignis_cut", "series", "s" + s), t0 + i * 60_000L, s * 1000 + i);
                }
                app.commit();
            }
            assertTrue(db.compactor().compactHead() >= 1);
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
            double at = (t0 + (samples - 1) * 60_000L) / 1000.0;
            String q = URLEncoder.encode("count_over_time(ignis_cut{series=\"s1\"}[5h])", StandardCharsets.UTF_8);
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + q + "&time=" + at)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9]+)\"\\]").matcher(body);
            assertTrue(m.find(), body);
            assertEquals(samples, Integer.parseInt(m.group(1)), body);
            String log = Files.readString(dir.resolve("prometheus.log"));
            assertTrue(!log.contains("level=error") && !log.contains("corrupt"), log);
        } finally {
            p.destroy();
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
