package dev.ignis.web.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UiServletTest {
    private static final List<String> PATTERNS = List.of("/graph", "/alerts", "/rules", "/targets",
            "/service-discovery", "/status", "/flags", "/config", "/tsdb-status", "/agent", "/static/*", "/classic/*");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Server server;
    private String base;

    /** Mounts the UI servlet under its whiteboard patterns in a context at {@code contextPath}. */
    private void start(boolean agent, String contextPath) throws Exception {
        start(agent, contextPath, "");
    }

    private void start(boolean agent, String contextPath, String externalUrl) throws Exception {
        Fakes.Runtime runtime = new Fakes.Runtime();
        if (!externalUrl.isEmpty()) {
            runtime.flag("web.external-url", externalUrl);
        }
        if (agent) {
            runtime.agent();
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        ServletHolder holder = new ServletHolder(new UiServlet(new ServerState(runtime), new HttpMetrics()));
        PATTERNS.forEach(p -> context.addServlet(holder, p));
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + (contextPath.equals("/") ? "" : contextPath);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} mode={1}: {2}")
    @CsvSource({
        "/graph,             server, 200",
        "/alerts,            server, 200",
        "/rules,             server, 200",
        "/targets,           server, 200",
        "/service-discovery, server, 200",
        "/status,            server, 200",
        "/flags,             server, 200",
        "/config,            server, 200",
        "/tsdb-status,       server, 200",
        "/agent,             server, 404",
        "/agent,             agent,  200",
        "/targets,           agent,  200",
        "/service-discovery, agent,  200",
        "/status,            agent,  200",
        "/flags,             agent,  200",
        "/config,            agent,  200",
        "/graph,             agent,  404",
        "/alerts,            agent,  404",
        "/rules,             agent,  404",
        "/tsdb-status,       agent,  404",
    })
    void servesThePagesOfItsMode(String page, String mode, int status) throws Exception {
        start(mode.equals("agent"), "/");
        HttpResponse<String> r = get(page);
        assertEquals(status, r.statusCode());
        if (status == 200) {
            assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body().contains("<base href=\"/\">"), r.body());
            assertTrue(r.body().contains("data-page=\"" + page.substring(1) + "\" data-mode=\"" + mode + "\""), r.body());
        } else {
            assertEquals("404 page not found\n", r.body());
        }
    }

    @Test
    void baseHrefFollowsTheRoutePrefix() throws Exception {
        start(false, "/ignis");
        HttpResponse<String> r = get("/graph");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<base href=\"/ignis/\">"), r.body());
        assertEquals(200, get("/static/app.js").statusCode());
    }

    // Prometheus 2.42 with --web.external-url=http://example.com:1234/prom/ writes its UI links
    // under /prom/ whether the routes are under /prom (the default prefix) or at / (a proxy
    // strips the path): e.g. href="/prom/classic/static/css/prometheus.css".
    @ParameterizedTest(name = "context {0}, external {1}: {2}")
    @CsvSource({
        "/,     http://example.com:1234/prom/, /prom/",
        "/prom, http://example.com:1234/prom/, /prom/",
        "/,     http://example.com:1234/,      /",
        "/,     http://example.com:1234,       /",
    })
    void baseHrefIsTheExternalUrlsPath(String context, String external, String expected) throws Exception {
        start(false, context, external);
        HttpResponse<String> r = get("/graph");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<base href=\"" + expected + "\">"), r.body());
    }

    @ParameterizedTest(name = "{0} mode={1} context={2}: {3}")
    @CsvSource({
        "/classic/graph?g0.expr=up&g0.tab=1, server, /,      302 /graph?g0.expr=up&g0.tab=1",
        "/classic/targets,                   server, /ignis, 302 /ignis/targets",
        "/classic/config,                    agent,  /,      302 /config",
        "/classic/graph,                     agent,  /,      404",
        "/classic/tsdb-status,               server, /,      404",
        "/classic/static/js/graph.js,        server, /,      404",
    })
    void classicLinksLeadToTheSamePage(String path, String mode, String context, String expected) throws Exception {
        start(mode.equals("agent"), context);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse(null);
        assertEquals(expected, r.statusCode() + (location == null ? "" : " " + location));
    }

    static Stream<String> staticFiles() {
        return UiServlet.STATIC_FILES.stream();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("staticFiles")
    void servesEveryStaticFileWithItsTypeAndRevalidation(String file) throws Exception {
        start(false, "/");
        HttpResponse<String> r = get("/" + file);
        assertEquals(200, r.statusCode());
        assertEquals(UiServlet.contentType(file).replace(" ", ""),
                r.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/" + file, "If-None-Match", etag).statusCode());
    }

    @Test
    void everyFileInTheStaticFolderIsListed() throws Exception {
        Path dir = Path.of(UiServlet.class.getResource("/ui/static").toURI());
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> found = files.filter(Files::isRegularFile)
                    .map(p -> "static/" + dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
            assertEquals(UiServlet.STATIC_FILES.stream().sorted().toList(), found);
        }
    }

    @ParameterizedTest
    @CsvSource({"/static/nothing.js", "/static/", "/static/vendor/uplot/uPlot.esm.js", "/graph/x"})
    void unknownFilesAreNotFound(String path) throws Exception {
        start(false, "/");
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode());
    }
}
