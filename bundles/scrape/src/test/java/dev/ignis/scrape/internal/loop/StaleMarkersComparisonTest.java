package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import dev.ignis.scrape.internal.loop.MemoryStorage.Sample;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stale markers Ignis writes equal those a real Prometheus 2.42 stores for the same events:
 * a target that stops exposing one of its series, and a target that goes away (dropped by
 * discovery here, by a config reload there). Both scrape the same two fixture targets; after
 * the events Prometheus is stopped and its TSDB (head from the WAL) dumped with promtool, where
 * a stale marker is the only NaN. Compared: the number of stale markers per series. Skipped
 * where the Debian package is not installed.
 */
@Timeout(120)
class StaleMarkersComparisonTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String yml(String... targets) {
        return "global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n"
                + "- job_name: stale\n  static_configs: [{targets: ['" + String.join("', '", targets) + "']}]\n";
    }

    @Test
    void staleMarkersPerSeriesEqualPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL), "prometheus is not installed");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int promPort = freePort();
        Path data = dir.resolve("data");
        Path yml = dir.resolve("prometheus.yml");
        try (ExpositionServer a = new ExpositionServer(); ExpositionServer b = new ExpositionServer()) {
            a.body = "# TYPE a1 gauge\na1 1\na2 2\na3 3\n";
            b.body = "b1 1\n";
            Files.writeString(yml, yml(a.address(), b.address()));
            Process prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + yml,
                    "--web.listen-address=127.0.0.1:" + promPort, "--storage.tsdb.path=" + data, "--web.enable-lifecycle")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            MemoryStorage storage = new MemoryStorage();
            FakeDiscovery discovery = new FakeDiscovery();
            ScrapeManager manager = new ScrapeManager(discovery, storage, false, "test.example");
            try {
                Job job = new Job("stale");
                job.interval = INTERVAL;
                job.timeout = INTERVAL;
                manager.configChanged(Fixture.config(job.build()));
                discovery.push(Map.of("stale", Fixture.group(a.address(), b.address())));
                waitReady(http, promPort);
                // Prometheus hands discovered targets to scraping at most every 5 s: wait until
                // it reports both up through its query API, then let both servers scrape more.
                awaitCount(http, promPort, "count(up{job=\"stale\"} == 1)", "2");
                Thread.sleep(3000);
                a.body = "# TYPE a1 gauge\na1 1\na3 3\n";
                awaitCount(http, promPort, "count(a2)", "");
                Thread.sleep(2000);
                Files.writeString(yml, yml(a.address()));
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + promPort + "/-/reload")).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                discovery.push(Map.of("stale", Fixture.group(a.address())));
                // End-of-run markers come one interval and a tenth after the target's next tick;
                // a series with a stale marker drops out of instant queries.
                awaitCount(http, promPort, "count(up{job=\"stale\"})", "1");
                storage.await(Duration.ofSeconds(30), "b's up stale", all -> all.stream()
                        .anyMatch(x -> x.stale() && x.labels().toString().equals(series("up", b.address()))));
                Thread.sleep(2000);
            } finally {
                manager.close();
                prom.destroy();
                if (!prom.waitFor(30, TimeUnit.SECONDS)) {
                    prom.destroyForcibly();
                }
            }
            Map<String, Integer> theirs = prometheusStaleMarkers(data);
            Map<String, Integer> ours = new TreeMap<>();
            for (Sample s : storage.samples(l -> l.get("job").equals("stale"))) {
                ours.merge(s.labels().toString(), s.stale() ? 1 : 0, Integer::sum);
            }
            // What both should hold: one marker for a2, one for each series of the target gone.
            assertEquals(1, theirs.get(series("a2", a.address())), theirs.toString());
            assertEquals(1, theirs.get(series("up", b.address())), theirs.toString());
            assertEquals(theirs, ours);
        }
    }

    private static String series(String name, String instance) {
        return "{__name__=\"" + name + "\", instance=\"" + instance + "\", job=\"stale\"}";
    }

    private static void waitReady(HttpClient http, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("prometheus did not become ready");
    }

    /**
     * Waits until the instant query {@code q} returns one sample with value {@code want}, or
     * nothing when {@code want} is empty.
     */
    private static void awaitCount(HttpClient http, int port, String q, String want) throws Exception {
        String url = "http://127.0.0.1:" + port + "/api/v1/query?query="
                + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8);
        String expect = want.isEmpty() ? "\"result\":[]" : "\"" + want + "\"]}]";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains(expect)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(q + ": " + body);
    }

    /** Series of job "stale" in Prometheus's TSDB -> number of stale markers (NaN samples). */
    private Map<String, Integer> prometheusStaleMarkers(Path data) throws Exception {
        Path out = dir.resolve("dump.txt");
        Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "dump", data.toString()).redirectErrorStream(false)
                .redirectOutput(out.toFile()).redirectError(dir.resolve("dump.err").toFile()).start();
        assertEquals(0, p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1, "promtool tsdb dump");
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            // {labels} value timestamp
            int close = line.lastIndexOf('}');
            if (close < 0 || !line.contains("job=\"stale\"")) {
                continue;
            }
            String labels = line.substring(0, close + 1);
            String value = line.substring(close + 2, line.lastIndexOf(' '));
            counts.merge(labels, value.equals("NaN") ? 1 : 0, Integer::sum);
        }
        return counts;
    }
}
