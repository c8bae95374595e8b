package dev.ignis.launcher;

import static dev.ignis.launcher.ProcessWaits.eventually;
import static dev.ignis.launcher.ProcessWaits.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the built distribution's bin/ignis as a user would and talks to it over HTTP. */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private int port;

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String config, String... extraArgs) throws IOException {
        return startVia(List.of(), config, extraArgs);
    }

    /** Starts bin/ignis through {@code launcher} (e.g. nohup), which execs it. */
    private Process startVia(List<String> launcher, String config, String... extraArgs) throws IOException {
        Files.writeString(work.resolve("prometheus.yml"), config);
        if (port == 0) {
            port = freePort();
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(List.of(DIST.resolve("bin/ignis").toString(), "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile());
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private static final String GOOD = "global:\n  scrape_interval: 15s\nscrape_configs:\n"
            + "  - job_name: ignis\n    static_configs:\n      - targets: ['localhost:9090']\n";

    @Test
    void serverStartsHealthyAndServesItsOwnMetrics() throws Exception {
        start(GOOD);
        assertEquals(200, awaitStatus("/-/healthy", 200));
        assertEquals("Prometheus Server is Healthy.\n", get("/-/healthy").body());
        awaitStatus("/-/ready", 200);
        String metrics = get("/metrics").body();
        for (String name : List.of("prometheus_build_info{", "prometheus_config_last_reload_successful 1",
                "process_cpu_seconds_total ", "process_resident_memory_bytes ", "jvm_")) {
            assertTrue(metrics.contains(name), name + " missing from /metrics");
        }
        assertTrue(stderr().contains("level=info msg=\"Starting Ignis Server\""), stderr());
    }

    @Test
    void scrapesItselfAndAnswersQueriesAndServesTheUi() throws Exception {
        start(GOOD.replace("15s", "1s").replace("localhost:9090", "localhost:" + nextPort()));
        awaitStatus("/-/ready", 200);
        assertTrue(eventually(20, () -> body("/api/v1/query?query=up").contains("\"value\":[")),
                body("/api/v1/query?query=up"));
        String up = body("/api/v1/query?query=up");
        assertTrue(up.contains("\"job\":\"ignis\"") && up.endsWith(",\"1\"]}]}}"), up);
        assertEquals(302, get("/").statusCode());
        HttpResponse<String> graph = get("/graph");
        assertEquals(200, graph.statusCode());
        assertTrue(graph.body().contains("<base href="), graph.body());
        assertEquals(200, get("/static/app.js").statusCode());

        // Prometheus's own client against the whole server, when Debian's promtool is there.
        Path promtool = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(promtool)) {
            String base = "http://127.0.0.1:" + port;
            assertTrue(run(promtool.toString(), "query", "instant", base, "up").contains("up{instance="));
            // The end reaches past now: the first scrape may lie within the current second.
            long now = System.currentTimeMillis() / 1000;
            String range = run(promtool.toString(), "query", "range", "--start=" + (now - 30), "--end=" + (now + 2),
                    "--step=1s", base, "up");
            assertTrue(range.contains("1 @["), range);
            assertEquals("ignis", run(promtool.toString(), "query", "labels", base, "job").strip());
        }
    }

    @Test
    void aRealPrometheusFederatingFromIgnisGetsItsSeries() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(prometheus), "prometheus 2.42 not installed");
        start(GOOD.replace("15s", "1s").replace("localhost:9090", "localhost:" + nextPort()));
        awaitStatus("/-/ready", 200);
        assertTrue(eventually(20, () -> body("/api/v1/query?query=up").contains("\"1\"]")));
        Set<Map<String, String>> ignisSeries = series(port, "{job=\"ignis\"}");
        assertFalse(ignisSeries.isEmpty());

        int promPort = freePort();
        Path promDir = Files.createDirectories(work.resolve("prom"));
        Files.writeString(promDir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: federate\n    honor_labels: true\n    metrics_path: /federate\n"
                + "    params:\n      'match[]': ['{job=\"ignis\"}']\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
        Process prom = new ProcessBuilder(prometheus.toString(), "--config.file=" + promDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .redirectErrorStream(true).redirectOutput(promDir.resolve("log").toFile()).start();
        processes.add(prom);
        // Every series Ignis held is federated, labels unchanged (honor_labels keeps job and instance).
        assertTrue(eventually(30, () -> seriesOrEmpty(promPort, "{job=\"ignis\"}").containsAll(ignisSeries)),
                "missing in Prometheus: " + difference(ignisSeries, seriesOrEmpty(promPort, "{job=\"ignis\"}")));
    }

    private static Set<Map<String, String>> series(int port, String selector) throws IOException, InterruptedException {
        String url = "http://127.0.0.1:" + port + "/api/v1/series?match[]="
                + java.net.URLEncoder.encode(selector, java.nio.charset.StandardCharsets.UTF_8);
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        com.fasterxml.jackson.databind.JsonNode data = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                .path("data");
        Set<Map<String, String>> out = new java.util.HashSet<>();
        for (com.fasterxml.jackson.databind.JsonNode s : data) {
            Map<String, String> labels = new java.util.TreeMap<>();
            s.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.add(labels);
        }
        return out;
    }

    private static Set<Map<String, String>> seriesOrEmpty(int port, String selector) {
        try {
            return series(port, selector);
        } catch (IOException | InterruptedException e) {
            return Set.of();
        }
    }

    private static Set<Map<String, String>> difference(Set<Map<String, String>> a, Set<Map<String, String>> b) {
        Set<Map<String, String>> d = new java.util.HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    /** Runs a command to completion (30 s at most) and returns its standard output; fails on non-zero exit. */
    private String run(String... cmd) throws IOException, InterruptedException {
        Path out = work.resolve("cmd.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        String text = Files.readString(out);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + text);
        return text;
    }

    @Test
    void badConfigAtStartIsRejectedWithFileAndLine() throws Exception {
        Process p = start("global:\n  scrape_interval: 15s\n  foo: 1\n");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "process should exit on a bad config");
        assertEquals(1, p.exitValue());
        String err = stderr();
        assertTrue(err.contains("prometheus.yml:3"), err);
        assertTrue(err.contains("field foo not found"), err);
    }

    @Test
    void reloadWithBadConfigKeepsTheRunningConfig() throws Exception {
        Process p = start(GOOD, "--web.enable-lifecycle");
        awaitStatus("/-/ready", 200);
        String before = get("/api/v1/status/config").body();
        assertTrue(before.contains("scrape_interval: 15s"), before);

        Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 5m\n  scrape_timeout: 10m\n");
        HttpResponse<String> reload = post("/-/reload");
        assertEquals(500, reload.statusCode());
        assertTrue(reload.body().startsWith("failed to reload config: "), reload.body());
        assertEquals(before, get("/api/v1/status/config").body());
        assertTrue(get("/metrics").body().contains("prometheus_config_last_reload_successful 0"));

        // SIGHUP reloads too: with the file fixed, the reload succeeds.
        Files.writeString(work.resolve("prometheus.yml"), GOOD.replace("15s", "30s"));
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        // A wait, not a time limit: a loaded CI machine once took more than 10 s here.
        assertTrue(eventually(30, () -> body("/metrics").contains("prometheus_config_last_reload_successful 1")),
                () -> stderrOrEmpty());
        assertTrue(body("/api/v1/status/config").contains("scrape_interval: 30s"));
    }

    /**
     * Under nohup the process starts with SIGHUP ignored, and the JVM then silently refuses a
     * handler for it; Prometheus reloads on SIGHUP all the same, and so must Ignis.
     */
    @Test
    void sighupReloadsWhenStartedWithSighupIgnored() throws Exception {
        Process p = startVia(List.of("nohup"), GOOD);
        awaitStatus("/-/ready", 200);
        Files.writeString(work.resolve("prometheus.yml"), GOOD.replace("15s", "45s"));
        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        assertTrue(eventually(30, () -> body("/api/v1/status/config").contains("scrape_interval: 45s")),
                () -> stderrOrEmpty());
        assertTrue(p.isAlive(), "SIGHUP must not stop the server");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--enable-feature=agent", "--agent"})
    void agentModeStartsTheAgentSet(String flag) throws Exception {
        start(GOOD, flag, "--storage.agent.path=" + work.resolve("agent-data"));
        assertEquals(200, awaitStatus("/-/healthy", 200));
        assertEquals("Prometheus Agent is Healthy.\n", get("/-/healthy").body());
        assertTrue(eventually(10, () -> stderrOrEmpty().contains("set=agent")), stderr());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"server, storage.tsdb, prometheus_tsdb_clean_start", "agent, storage.agent, prometheus_agent_clean_start"})
    void aSecondInstanceOnALockedDirectoryExitsAsPrometheus(String mode, String flags, String metric) throws Exception {
        Path data = work.resolve("data");
        List<String> args = new ArrayList<>(List.of("--" + flags + ".path=" + data, "--" + flags + ".use-lockfile"));
        if (mode.equals("agent")) {
            args.add("--agent");
        }
        start(GOOD, args.toArray(String[]::new));
        awaitStatus("/-/healthy", 200);
        assertTrue(eventually(30, () -> body("/metrics").contains(metric + " 1")), body("/metrics"));
        assertTrue(Files.exists(data.resolve("lock")));

        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/ignis").toString(),
                "--web.listen-address=127.0.0.1:" + freePort()));
        cmd.addAll(args);
        Path out = work.resolve("second.log");
        Process second = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        processes.add(second);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "a second instance on a locked directory should exit");
        assertEquals(1, second.exitValue());
        String log = Files.readString(out);
        assertTrue(log.contains("err=\"opening storage failed: lock DB directory: resource temporarily unavailable\""),
                log);
    }

    @Test
    void quitThroughLifecycleApiStopsTheProcess() throws Exception {
        Process p = start(GOOD, "--web.enable-lifecycle");
        awaitStatus("/-/healthy", 200);
        HttpResponse<String> quit = post("/-/quit");
        assertEquals(200, quit.statusCode());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertFalse(p.isAlive());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TERM", "INT"})
    void terminationSignalStopsGracefullyAndExitsZero(String signal) throws Exception {
        Process p = start(GOOD);
        awaitStatus("/-/ready", 200);
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "process should stop on SIG" + signal);
        // Prometheus logs the same line for both signals and exits 0 after shutting down.
        assertEquals(0, p.exitValue(), stderr());
        String log = stderr();
        assertTrue(log.contains("level=warn msg=\"Received SIGTERM, exiting gracefully...\""), log);
        assertTrue(log.contains("msg=\"See you next time!\""), log);
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("stderr.log"));
    }

    private String stderrOrEmpty() {
        try {
            return stderr();
        } catch (IOException e) {
            return "";
        }
    }

    private int awaitStatus(String path, int want) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path).statusCode();
                if (last == want) {
                    return last;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError(path + " never answered " + want + " (last " + last + "); stderr:\n" + stderr());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String body(String path) {
        try {
            return get(path).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Chooses the port the next {@link #start} listens on, so a config can name it. */
    private int nextPort() throws IOException {
        port = freePort();
        return port;
    }
}
