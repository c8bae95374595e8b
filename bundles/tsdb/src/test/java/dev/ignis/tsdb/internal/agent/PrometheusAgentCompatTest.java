package dev.ignis.tsdb.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.wal.Segments;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Prometheus 2.42 agent and this agent read each other's WAL (skipped where
 * {@code /usr/bin/prometheus} is not installed).
 */
class PrometheusAgentCompatTest {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void prometheusAgentReplaysOurWalAndCheckpoint(boolean compress) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
        Path data = dir.resolve("data-agent");
        AgentOptions o = AgentOptions.defaults(data).withWalCompression(compress).withWalSegmentSize(Segments.PAGE_SIZE);
        int series = 200;
        try (AgentDb db = AgentDb.open(o, System::currentTimeMillis, false)) {
            long[] refs = new long[series];
            for (int round = 0; round < 12; round++) {
                Appender app = db.appender();
                for (int s = 0; s < series; s++) {
                    refs[s] = app.append(refs[s], Labels.of("__name__", "ignis_agent_written", "series", "s" + s,
                            "pad", "x".repeat(40)), 100_000 + round * 15_000L, s + round);
                }
                app.appendExemplar(refs[0], null, Labels.of("trace_id", "t" + round), 100_000 + round * 15_000L, round);
                app.commit();
                db.truncate(50_000);
            }
            assertTrue(Segments.lastCheckpoint(o.walDir()) != null, "the WAL has a checkpoint");
        }
        String log = runPrometheusAgent(data, null, p -> {
            assertEquals(series, metric(p, "prometheus_agent_active_series"));
            assertEquals(0, metric(p, "prometheus_agent_corruptions_total"));
        });
        assertTrue(log.contains("WAL checkpoint loaded"), log);
        assertFalse(log.contains("repair"), log);
    }

    @Test
    void prometheusDecodesOurExemplarRecords() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
        // The agent replays exemplar records without decoding them; a server with exemplar
        // storage decodes them, and the agent's WAL is a valid server WAL.
        Path agent = dir.resolve("data-agent");
        Labels series = Labels.of("__name__", "ignis_ex", "job", "j");
        try (AgentDb db = AgentDb.open(AgentOptions.defaults(agent), System::currentTimeMillis, false)) {
            Appender app = db.appender();
            long ref = app.append(0, series, 100_000, 1);
            app.appendExemplar(ref, series, Labels.of("trace_id", "abc", "span", "\u00e9t\u00e9"), 100_500, 0.25);
            app.commit();
        }
        Path server = dir.resolve("data");
        Files.createDirectories(server);
        Files.move(agent.resolve("wal"), server.resolve("wal"));
        int port = freePort();
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, "scrape_configs: []\n");
        Path logFile = dir.resolve("prometheus-server.log");
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--enable-feature=exemplar-storage", "--config.file=" + yml,
                "--storage.tsdb.path=" + server, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(p, base, logFile);
            String body = get(base + "/api/v1/query_exemplars?query=ignis_ex&start=0&end=1000").body();
            assertTrue(body.contains("\"labels\":{\"span\":\"\u00e9t\u00e9\",\"trace_id\":\"abc\"},\"value\":\"0.25\","
                    + "\"timestamp\":100.5"), body);
        } finally {
            stop(p);
        }
    }

    @Test
    void weReplayAWalThePrometheusAgentWrote() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
        Path data = dir.resolve("data-agent");
        long[] active = new long[1];
        int port = freePort();
        // The agent scrapes itself until it has logged series and samples.
        runPrometheusAgent(data, "global:\n  scrape_interval: 200ms\nscrape_configs:\n  - job_name: self\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n", port, p -> {
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (metric(p, "prometheus_agent_samples_appended_total") < 1 && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    active[0] = metric(p, "prometheus_agent_active_series");
                    assertTrue(active[0] > 0, "the agent has series");
                });
        try (AgentDb db = AgentDb.open(AgentOptions.defaults(data), System::currentTimeMillis, false)) {
            assertTrue(db.numSeries() >= active[0], db.numSeries() + " replayed, " + active[0] + " seen active");
            assertEquals(0.0, AgentDbTest.metrics(db).get("prometheus_agent_corruptions_total"));
            Labels up = Labels.of("__name__", "up", "instance", "127.0.0.1:" + port, "job", "self");
            AgentSeries s = db.series.get(up);
            assertNotNull(s, "the agent's own up series was replayed");
            Appender app = db.appender();
            assertEquals(s.ref, app.append(0, up, s.lastTs() + 1, 1), "the series keeps the ref Prometheus gave it");
            app.commit();
        }
    }

    interface Check {
        void run(String base) throws Exception;
    }

    private String runPrometheusAgent(Path data, String config, Check check) throws Exception {
        return runPrometheusAgent(data, config, freePort(), check);
    }

    private String runPrometheusAgent(Path data, String config, int port, Check check) throws Exception {
        Path yml = dir.resolve("prometheus.yml");
        Files.writeString(yml, config != null ? config : "scrape_configs: []\n");
        Path logFile = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(PROMETHEUS.toString(), "--enable-feature=agent", "--config.file=" + yml,
                "--storage.agent.path=" + data, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + port;
            awaitReady(p, base, logFile);
            check.run(base);
        } finally {
            stop(p);
        }
        return Files.readString(logFile);
    }

    static void awaitReady(Process p, String base, Path logFile) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean ready = false;
        while (!ready && System.nanoTime() < deadline && p.isAlive()) {
            try {
                ready = get(base + "/-/ready").statusCode() == 200;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        assertTrue(ready, "prometheus became ready: " + Files.readString(logFile));
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy(); // SIGTERM: Prometheus closes its WAL cleanly
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
    }

    // A labelled counter has no sample before its first increment: 0 then.
    static long metric(String base, String name) throws Exception {
        String body = get(base + "/metrics").body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(body);
        return m.find() ? (long) Double.parseDouble(m.group(2)) : 0;
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int freePort() throws IOException {
        try (ServerSocket ss = new ServerSocket(0)) {
            return ss.getLocalPort();
        }
    }
}
