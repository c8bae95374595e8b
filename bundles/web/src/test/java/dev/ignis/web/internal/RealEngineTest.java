package dev.ignis.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.Queryable;
import dev.ignis.web.internal.api.ApiServlet;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The query routes over the real PromQL engine, answering exactly what a real Prometheus 2.42
 * answers for the same requests, as GET and as form POST (both with empty storage). Skipped unless the promql bundle's
 * compiled classes ({@code -Dignis.promql.classes}, default {@code ../promql/target/classes}),
 * its ANTLR runtime ({@code -Dignis.antlr.jar}, default in the local Maven repository) and
 * {@code /usr/bin/prometheus} are all there: the web bundle does not depend on the promql one.
 */
class RealEngineTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    static Path tmp;
    private static URLClassLoader loader;
    private static TestServer server;
    private static Process prometheus;
    private static String theirs;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void start() throws Exception {
        Path classes = Path.of(System.getProperty("ignis.promql.classes", "../promql/target/classes"));
        Path antlr = Path.of(System.getProperty("ignis.antlr.jar", System.getProperty("user.home")
                + "/.m2/repository/org/antlr/antlr4-runtime/4.13.2/antlr4-runtime-4.13.2.jar"));
        if (!Files.isRegularFile(classes.resolve("dev/ignis/promql/internal/PromQLEngine.class"))
                || !Files.isRegularFile(antlr) || !Files.isExecutable(PROMETHEUS)) {
            return;
        }
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL(), antlr.toUri().toURL()},
                RealEngineTest.class.getClassLoader());
        QueryEngine engine;
        try {
            Class<?> settings = loader.loadClass("dev.ignis.promql.internal.engine.Settings");
            Object defaults = settings.getMethod("defaults").invoke(null);
            engine = (QueryEngine) loader.loadClass("dev.ignis.promql.internal.PromQLEngine")
                    .getConstructor(Queryable.class, settings).newInstance(new MemStorage(), defaults);
        } catch (ReflectiveOperationException | LinkageError e) {
            return; // a promql build in another shape than this test knows
        }
        ServerState state = new ServerState(new Fakes.Runtime());
        state.setConfigSource(new Fakes.Config());
        state.setStorage(new MemStorage());
        state.setQueryEngine(engine);
        try {
            state.setSelectorParser((SelectorParser) loader.loadClass("dev.ignis.promql.internal.SelectorParserComponent")
                    .getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return;
        }
        server = new TestServer().mount(new ApiServlet(state, new HttpMetrics(), ZoneOffset.UTC), "/api/v1/*").start();

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = tmp.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        prometheus = new ProcessBuilder(List.of(PROMETHEUS.toString(), "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + tmp.resolve("data")))
                .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
        theirs = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (get(theirs + "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus did not get ready:\n" + Files.readString(tmp.resolve("prometheus.log")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (server != null) {
            server.close();
        }
        if (loader != null) {
            loader.close();
        }
    }

    private static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String uri, String form) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/query?query=vector(1e-7)&time=1.5",
        "/query?query=1e-7&time=1.5",
        "/query?query=vector(1e21)&time=1435781451.781",
        "/query?query=-vector(0)&time=1",
        "/query?query=1/0&time=1",
        "/query?query=vector(NaN)&time=-0.5",
        "/query?query=%22foo%22&time=1435781451.781",
        "/query?query=time()&time=1435781451.78",
        "/query?query=vector(1e-7)[3s:1s]&time=3",
        "/query?query=sort_desc(label_replace(vector(1),%22a%22,%22b%22,%22%22,%22%22)%20or%20label_replace(vector(2),%22a%22,%22c%3C%3E%22,%22%22,%22%22))&time=1",
        "/query?query=up&time=2015-07-01T20:10:51.781Z",
        "/query?query=foo(",
        "/query?query=rate(up)",
        "/query?query=up&time=abc",
        "/query_range?query=vector(1e-7)&start=0&end=2&step=1",
        "/query_range?query=1e21&start=0&end=2&step=1",
        "/query_range?query=time()&start=0&end=0.003&step=0.0015",
        "/query_range?query=%22a%22&start=0&end=2&step=1",
        "/query_range?query=up[5m]&start=0&end=2&step=1",
        "/query_range?query=up[5m&start=0&end=2&step=1",
        "/query_range?query=vector(1)&start=0&end=1&step=0.0001",
        "/query_range?query=up&start=0&end=11001&step=1",
        "/format_query?query=sum(rate(up[5m]))by(job)",
        "/format_query?query=up(",
        "/query_exemplars?query=up",
        "/query_exemplars?query=1",
        "/query_exemplars?query=rate(up)",
        "/query?query=(label_replace(vector(1),%22a%22,%22b%22,%22%22,%22%22)%20or%20label_replace(vector(1),%22a%22,%22c%22,%22%22,%22%22))%20%2B%20on()%20vector(1)&time=1",
        "/query?query=scalar(vector(1e-7))&time=1",
        "/query?query=label_replace(vector(1),%22__name__%22,%22x%22,%22%22,%22%22)&time=1",
        "/query?query=absent(nothing)&time=1",
        "/query_range?query=vector(1)&start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=15s",
        "/query?query=vector(0x1p-1000)&time=1",
    })
    void answersAsPrometheus(String pathAndQuery) throws Exception {
        assumeTrue(server != null, "promql classes, ANTLR runtime or prometheus not available");
        HttpResponse<String> expected = get(theirs + "/api/v1" + pathAndQuery);
        HttpResponse<String> actual = get(server.base() + "/api/v1" + pathAndQuery);
        assertEquals(expected.body(), actual.body());
        assertEquals(expected.statusCode(), actual.statusCode());
        // The same parameters as a form body.
        int q = pathAndQuery.indexOf('?');
        expected = post(theirs + "/api/v1" + pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1));
        actual = post(server.base() + "/api/v1" + pathAndQuery.substring(0, q), pathAndQuery.substring(q + 1));
        assertEquals(expected.body(), actual.body());
        assertEquals(expected.statusCode(), actual.statusCode());
    }
}
