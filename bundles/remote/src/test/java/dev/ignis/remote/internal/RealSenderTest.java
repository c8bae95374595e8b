package dev.ignis.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import java.io.IOException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus 2.42 scrapes itself every second and remote-writes to the receiver; its
 * series arrive with their labels, and the samples received are the very samples that
 * Prometheus stored (compared through its query API). Skipped where Prometheus is not installed.
 */
class RealSenderTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final String METRIC = "scrape_samples_scraped";

    @Test
    void prometheusDeliversItsOwnSeries(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS), "no " + PROMETHEUS);
        FakeAppendable storage = new FakeAppendable();
        try (TestServer receiver = RemoteWriteServletTest.server(true, storage)) {
            int port = freePort();
            String self = "127.0.0.1:" + port;
            Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: 1s",
                    "scrape_configs:",
                    "  - job_name: self",
                    "    static_configs: [{targets: ['" + self + "']}]",
                    "remote_write:",
                    "  - url: http://127.0.0.1:" + receiver.port() + RemoteWriteServlet.PATH,
                    "    queue_config: {batch_send_deadline: 1s}",
                    ""));
            Process p = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=" + self)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                Labels series = Labels.of("__name__", METRIC, "instance", self, "job", "self");
                Labels up = Labels.of("__name__", "up", "instance", self, "job", "self");
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (received(storage, series).size() < 3 && System.nanoTime() < deadline) {
                    assertTrue(p.isAlive(), () -> "Prometheus exited: " + log(dir));
                    Thread.sleep(200);
                }
                List<FakeAppendable.Sample> got = received(storage, series);
                assertTrue(got.size() >= 3, () -> "received " + storage.samples.size() + " samples; " + log(dir));
                assertTrue(received(storage, up).stream().allMatch(s -> s.v() == 1.0), "up is 1");
                assertTrue(storage.samples.stream().anyMatch(s -> s.labels().get("__name__").equals("prometheus_build_info")
                        && s.labels().get("version").startsWith("2.42.")), "prometheus_build_info arrives with its labels");
                assertEquals(0, storage.rollbacks, "no request was refused");

                // Every sample received is one Prometheus stored: same timestamp, same value.
                Set<String> stored = storedSamples(self, METRIC + "{job=\"self\"}[10m]");
                for (FakeAppendable.Sample s : got) {
                    String key = s.t() + " " + s.v();
                    assertTrue(stored.contains(key), () -> key + " not among " + stored);
                }
                assertFalse(stored.isEmpty());
            } finally {
                p.destroy();
                if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static List<FakeAppendable.Sample> received(FakeAppendable storage, Labels labels) {
        synchronized (storage.samples) {
            return storage.samples.stream().filter(s -> s.labels().equals(labels)).toList();
        }
    }

    /** The raw samples of a range selector, as "millis value" strings, from Prometheus's query API. */
    private static Set<String> storedSamples(String hostPort, String selector) throws IOException, InterruptedException {
        URI uri = URI.create("http://" + hostPort + "/api/v1/query?query="
                + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        String json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("\\[([0-9.]+),\"([^\"]+)\"\\]").matcher(json);
        while (m.find()) {
            long ms = Math.round(Double.parseDouble(m.group(1)) * 1000);
            out.add(ms + " " + Double.parseDouble(m.group(2)));
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
