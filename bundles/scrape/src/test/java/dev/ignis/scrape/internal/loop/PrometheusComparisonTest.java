package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import dev.ignis.scrape.internal.loop.MemoryStorage.Sample;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.TextParser;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scrapes a real {@code prometheus-node-exporter} and a fixture target side by side with a real
 * Prometheus 2.42 using the same jobs, and checks that the live series are the same label sets.
 * Prometheus's series are read back through its {@code /federate} endpoint (text format, parsed
 * with our own parser). Skipped where the Debian packages are not installed.
 */
@Timeout(90)
class PrometheusComparisonTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path NODE_EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void start(String... cmd) throws IOException {
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(Path.of(cmd[0]).getFileName() + ".log").toFile()).start());
    }

    private String get(String url) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException notYet) {
            return "";
        }
    }

    /** Label sets of the live series of {@code job}, as Prometheus federates them. */
    private Set<String> prometheusSeries(int port, String job) throws Exception {
        String q = URLEncoder.encode("{job=\"" + job + "\"}", StandardCharsets.UTF_8);
        byte[] body = get("http://127.0.0.1:" + port + "/federate?match[]=" + q).getBytes(StandardCharsets.UTF_8);
        TextParser p = new TextParser();
        p.reset(body, 0, body.length);
        Labels.Builder b = Labels.builder(16);
        Set<String> out = new TreeSet<>();
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES) {
                p.labels(b);
                out.add(b.build().toString());
            }
        }
        return out;
    }

    /** Label sets of the live series of {@code job} in our storage: seen, and not stale at their last sample. */
    private static Set<String> ourSeries(MemoryStorage storage, String job) {
        Map<Labels, Sample> last = new HashMap<>();
        for (Sample s : storage.samples(l -> l.get("job").equals(job))) {
            last.put(s.labels(), s);
        }
        Set<String> out = new TreeSet<>();
        last.forEach((l, s) -> {
            if (!s.stale()) {
                out.add(l.toString());
            }
        });
        return out;
    }

    @Test
    void storesTheSeriesPrometheusStoresForNodeExporterAndAFixture() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS) && Files.isExecutable(NODE_EXPORTER),
                "prometheus and prometheus-node-exporter are not installed");
        int nodePort = freePort();
        int promPort = freePort();
        start(NODE_EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + nodePort);
        try (ExpositionServer fixture = new ExpositionServer()) {
            fixture.body = String.join("\n",
                    "# HELP requests_total Requests.", "# TYPE requests_total counter",
                    "requests_total{code=\"200\",method=\"get\"} 10", "requests_total{code=\"500\",method=\"get\"} 1",
                    "# TYPE temp gauge", "temp{instance=\"exposed\",job=\"exposed\"} 21.5",
                    "# TYPE lat summary", "lat{quantile=\"0.5\"} 0.1", "lat_sum 3", "lat_count 30", "untyped_one 1", "");
            Path yml = dir.resolve("prometheus.yml");
            Files.writeString(yml, "global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n"
                    + "- job_name: node\n  static_configs: [{targets: ['127.0.0.1:" + nodePort + "']}]\n"
                    + "- job_name: fixture\n  static_configs: [{targets: ['" + fixture.address() + "']}]\n");
            start(PROMETHEUS.toString(), "--config.file=" + yml, "--web.listen-address=127.0.0.1:" + promPort,
                    "--storage.tsdb.path=" + dir.resolve("data"));

            MemoryStorage storage = new MemoryStorage();
            FakeDiscovery discovery = new FakeDiscovery();
            ScrapeManager manager = new ScrapeManager(discovery, storage, false, "test.example");
            try {
                Job node = new Job("node");
                node.interval = Duration.ofSeconds(1);
                node.timeout = Duration.ofSeconds(1);
                Job fix = new Job("fixture");
                fix.interval = Duration.ofSeconds(1);
                fix.timeout = Duration.ofSeconds(1);
                manager.configChanged(Fixture.config(node.build(), fix.build()));
                discovery.push(Map.of("node", Fixture.group("127.0.0.1:" + nodePort), "fixture",
                        Fixture.group(fixture.address())));

                for (String job : List.of("node", "fixture")) {
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    Set<String> theirs;
                    Set<String> ours;
                    do {
                        Thread.sleep(500);
                        theirs = prometheusSeries(promPort, job);
                        ours = ourSeries(storage, job);
                    } while ((theirs.isEmpty() || !theirs.equals(ours)) && System.nanoTime() < deadline);
                    assertTrue(theirs.size() > 5, job + ": Prometheus stored " + theirs);
                    assertEquals(theirs, ours, job);
                }
            } finally {
                manager.close();
            }
        }
    }
}
