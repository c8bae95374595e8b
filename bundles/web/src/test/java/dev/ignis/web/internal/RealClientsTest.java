package dev.ignis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.web.internal.api.ApiServlet;
import dev.ignis.web.internal.federate.FederateServlet;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real Prometheus 2.42 tools as clients of the web endpoints (skipped where they are not
 * installed): {@code promtool query series/labels/instant/range} against the API, and a Prometheus that
 * federates from {@code /federate} with {@code honor_labels} and ends up holding the same
 * series, values and timestamps.
 */
class RealClientsTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @TempDir
    Path tmp;
    private final MemStorage storage = new MemStorage();
    private final FakeQueryEngine engine = new FakeQueryEngine();
    private TestServer server;
    private Process prometheus;

    @BeforeEach
    void start() throws Exception {
        long t = System.currentTimeMillis() - 5_000;
        storage.add(t, 1, "__name__", "up", "instance", "a:1", "job", "api")
                .add(t, 0, "__name__", "up", "instance", "b:1", "job", "db")
                .add(t - 1000, 7, "__name__", "http_requests_total", "code", "200", "handler", "/x", "instance", "a:1", "job", "api")
                .add(t, 1234.5, "__name__", "http_requests_total", "code", "200", "handler", "/x", "instance", "a:1", "job", "api")
                .add(t, 2.5e-7, "__name__", "odd", "instance", "a:1", "job", "api", "msg", "q \" b \\ n \n é")
                .add(t - 1000, 1, "__name__", "gone", "instance", "a:1", "job", "api")
                .add(t, StaleMarker.VALUE, "__name__", "gone", "instance", "a:1", "job", "api")
                .add(t, -1e21, "__name__", "noinst", "job", "api");
        Fakes.Runtime runtime = new Fakes.Runtime();
        ServerState state = new ServerState(runtime);
        state.setConfigSource(new Fakes.Config().externalLabels("region", "eu"));
        state.setStorage(storage);
        state.setSelectorParser(new FakeSelectorParser());
        state.setQueryEngine(engine);
        HttpMetrics metrics = new HttpMetrics();
        server = new TestServer()
                .mount(new ApiServlet(state, metrics, ZoneOffset.UTC), "/api/v1/*")
                .mount(new FederateServlet(state, metrics), "/federate")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        server.close();
    }

    @Test
    void promtoolQueriesSeriesAndLabels() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
        assertEquals("""
                {__name__="noinst", job="api"}
                {__name__="up", instance="a:1", job="api"}
                {__name__="up", instance="b:1", job="db"}
                """, run(PROMTOOL.toString(), "query", "series", "--match=up", "--match=noinst", server.base()));
        assertEquals("a:1\nb:1\n", run(PROMTOOL.toString(), "query", "labels", server.base(), "instance"));
        assertEquals("http_requests_total\nup\n",
                run(PROMTOOL.toString(), "query", "labels", "--match=up{job=\"api\"}", "--match=http_requests_total",
                        server.base(), "__name__"));
    }

    /** Expected output is what promtool printed for the same results from a real Prometheus 2.42. */
    @Test
    void promtoolRunsInstantAndRangeQueries() throws Exception {
        assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed");
        engine.results.put("v", new QueryResult(new QueryResult.Vector(List.of(
                new QueryResult.Sample(Labels.of("a", "b"), 1500, 1e-7),
                new QueryResult.Sample(Labels.EMPTY, 1500, 2.5))), List.of(), null));
        engine.results.put("s", new QueryResult(new QueryResult.Scalar(1500, 1e-7), List.of(), null));
        engine.results.put("m", new QueryResult(new QueryResult.Matrix(List.of(
                new QueryResult.Series(Labels.EMPTY, new long[] {0, 1000, 2000},
                        new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 3),
                new QueryResult.Series(Labels.of("a", "b"), new long[] {0, 1000, 2000}, new double[] {1e21, 1e21, 1e21}, 3))),
                List.of(), null));
        assertEquals("{a=\"b\"} => 0.0000001 @[1.5]\n{} => 2.5 @[1.5]\n",
                run(PROMTOOL.toString(), "query", "instant", "--time=1.5", server.base(), "v"));
        assertEquals(new FakeQueryEngine.Call("instant", "v", 1500, 1500, 0, engine.last().options()), engine.last());
        assertEquals("scalar: 0.0000001 @[1.5]\n", run(PROMTOOL.toString(), "query", "instant", "--time=1.5",
                server.base(), "s"));
        assertEquals("""
                {} =>
                -Inf @[0]
                -Inf @[1]
                -Inf @[2]
                {a="b"} =>
                1000000000000000000000 @[0]
                1000000000000000000000 @[1]
                1000000000000000000000 @[2]
                """, run(PROMTOOL.toString(), "query", "range", "--start=0", "--end=2", "--step=1s", server.base(), "m"));
        assertEquals(new FakeQueryEngine.Call("range", "m", 0, 2000, 1000, engine.last().options()), engine.last());
        assertEquals("query error: bad_data: invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis\n",
                run(PROMTOOL.toString(), "query", "instant", server.base(), "foo("));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"text", "protobuf"})
    void prometheusFederatesTheSameSeries(String protocol) throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus not installed");
        int port = freePort();
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: fed
                    honor_labels: true
                    metrics_path: /federate
                    params:
                      'match[]': ['{job=~".+"}']
                    static_configs:
                      - targets: ['%s']
                """.formatted(server.base().substring("http://".length())));
        List<String> cmd = new ArrayList<>(List.of(PROMETHEUS.toString(), "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + tmp.resolve("data")));
        if (protocol.equals("protobuf")) {
            cmd.add("--enable-feature=native-histograms"); // makes the scraper ask for protobuf
        }
        prometheus = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("prometheus.log").toFile()).start();

        // Compared with label pairs sorted: Prometheus stores the federated series sorted, so its own
        // /federate puts instance="" after region where ours appends both in name order.
        String ours = sortLabels(get(server.base() + "/federate?match[]=%7Bjob%3D~%22.%2B%22%7D"));
        String theirs = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !theirs.equals(ours)) {
            Thread.sleep(500);
            try {
                theirs = sortLabels(get("http://127.0.0.1:" + port + "/federate?match[]=%7Bregion%3D%22eu%22%7D"));
            } catch (IOException e) {
                theirs = ""; // not listening yet
            }
        }
        assertEquals(ours, theirs, () -> "Prometheus log:\n" + log());
        assertEquals(5, ours.lines().filter(l -> !l.startsWith("#")).count(), ours);
    }

    private static final Pattern PAIR = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\"");

    /** The text format with each sample's label pairs in name order. */
    static String sortLabels(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            int open = line.indexOf('{');
            int close = line.lastIndexOf('}');
            if (line.startsWith("#") || open < 0) {
                out.append(line).append('\n');
                continue;
            }
            List<String> pairs = new ArrayList<>();
            Matcher m = PAIR.matcher(line.substring(open + 1, close));
            while (m.find()) {
                pairs.add(m.group());
            }
            pairs.sort(null);
            out.append(line, 0, open + 1).append(String.join(",", pairs)).append(line.substring(close)).append('\n');
        }
        return out.toString();
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String get(String uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
