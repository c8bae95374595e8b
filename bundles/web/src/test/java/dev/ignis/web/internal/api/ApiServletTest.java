package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.query.ErrorType;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.RouterServlet;
import dev.ignis.web.internal.http.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiServletTest {
    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final Fakes.Config config = new Fakes.Config();
    private ServerState state;
    private ApiServlet servlet;
    private TestServer server;

    private ApiServlet create() {
        state = new ServerState(runtime);
        servlet = new ApiServlet(state, new HttpMetrics(), ZoneOffset.UTC);
        return servlet;
    }

    private TestServer start() throws Exception {
        if (servlet == null) {
            create();
        }
        server = new TestServer().mount(servlet, "/api/v1/*").start();
        return server;
    }

    private void ready() {
        state.setConfigSource(config);
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(new Fakes.NoStorage());
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void assertJson(HttpResponse<String> r, int status, String body) {
        assertEquals(status, r.statusCode(), () -> "status of " + r.uri() + ": " + r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(body, r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/status/config", "/api/v1/status/flags", "/api/v1/status/buildinfo",
        "/api/v1/status/runtimeinfo"})
    void statusEndpointsAreUnavailableUntilReady(String path) throws Exception {
        start();
        state.setConfigSource(config); // config alone is not enough in server mode
        HttpResponse<String> r = server.get(path);
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.body());
        ready();
        assertEquals(200, server.get(path).statusCode());
    }

    @Test
    void walReplayAnswersBeforeReady() throws Exception {
        start();
        assertJson(server.get("/api/v1/status/walreplay"), 200,
                "{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}");
    }

    @Test
    void walReplayReportsTheStoragesProgressWhileNotReady() throws Exception {
        start();
        java.util.concurrent.atomic.AtomicReference<dev.ignis.api.storage.WalReplayStatus> now =
                new java.util.concurrent.atomic.AtomicReference<>(new dev.ignis.api.storage.WalReplayStatus(3, 9, 5));
        state.setWalReplay(now::get);
        assertJson(server.get("/api/v1/status/walreplay"), 200,
                "{\"status\":\"success\",\"data\":{\"min\":3,\"max\":9,\"current\":5}}");
        assertEquals(503, server.get("/api/v1/status/config").statusCode(), "other routes wait for readiness");
        now.set(new dev.ignis.api.storage.WalReplayStatus(3, 9, 9));
        ready();
        assertJson(server.get("/api/v1/status/walreplay"), 200,
                "{\"status\":\"success\",\"data\":{\"min\":3,\"max\":9,\"current\":9}}");
    }

    @Test
    void configShowsTheRunningYaml() throws Exception {
        start();
        ready();
        config.yaml = "global:\n  scrape_interval: 15s\n  external_labels:\n    a: \"<b>\"\n";
        assertJson(server.get("/api/v1/status/config"), 200,
                "{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n"
                        + "  external_labels:\\n    a: \\\"\\u003cb\\u003e\\\"\\n\"}}");
    }

    @Test
    void flagsAreAllFlagsSortedByName() throws Exception {
        runtime.flag("web.enable-lifecycle", "false").flag("config.file", "prometheus.yml")
                .flag("storage.tsdb.retention.time", "0s");
        start();
        ready();
        assertJson(server.get("/api/v1/status/flags"), 200, "{\"status\":\"success\",\"data\":{"
                + "\"config.file\":\"prometheus.yml\",\"storage.tsdb.retention.time\":\"0s\","
                + "\"web.enable-lifecycle\":\"false\"}}");
    }

    @Test
    void buildInfoHasPrometheusFieldsWithTheJavaVersionAsGoVersion() throws Exception {
        start();
        ready();
        assertJson(server.get("/api/v1/status/buildinfo"), 200, "{\"status\":\"success\",\"data\":{"
                + "\"version\":\"0.1.0\",\"revision\":\"abc123\",\"branch\":\"unknown\",\"buildUser\":\"unknown\","
                + "\"buildDate\":\"unknown\",\"goVersion\":\"java" + System.getProperty("java.version") + "\"}}");
    }

    @Test
    void runtimeInfoHasPrometheusShapeAndFormats() throws Exception {
        runtime.flag("storage.tsdb.retention.time", "0s").flag("storage.tsdb.retention.size", "0B");
        start();
        ready();
        config.lastOk = false;
        HttpResponse<String> r = server.get("/api/v1/status/runtimeinfo");
        assertEquals(200, r.statusCode());
        String expected = "\\{\"status\":\"success\",\"data\":\\{"
                + "\"startTime\":\"2023-01-31T10:00:00.123456789Z\",\"CWD\":\"/var/lib/ignis\","
                + "\"reloadConfigSuccess\":false,\"lastConfigTime\":\"2023-01-31T10:00:01Z\","
                + "\"corruptionCount\":0,\"goroutineCount\":[1-9][0-9]*,\"GOMAXPROCS\":[1-9][0-9]*,"
                + "\"GOGC\":\"[^\"]*\",\"GODEBUG\":\"[^\"]*\",\"storageRetention\":\"15d\"\\}\\}";
        assertTrue(r.body().matches(expected), r.body());
    }

    @Test
    void runtimeInfoInAgentModeHasNoRetention() throws Exception {
        runtime.agent();
        start();
        ready();
        String body = server.get("/api/v1/status/runtimeinfo").body();
        assertTrue(body.endsWith(",\"storageRetention\":\"\"}}"), body);
    }

    @ParameterizedTest
    @EnumSource(ErrorType.class)
    void errorsUseTheEnvelopeAndTheTypesStatus(ErrorType type) throws Exception {
        create().get("/test/error", req -> {
            throw new ApiException(type, "bad <thing> & \"quote\"");
        });
        start();
        ready();
        assertJson(server.get("/api/v1/test/error"), type.httpStatus(), "{\"status\":\"error\",\"errorType\":\""
                + type.wire() + "\",\"error\":\"bad \\u003cthing\\u003e \\u0026 \\\"quote\\\"\"}");
    }

    @Test
    void errorWithDataPutsDataBeforeErrorType() throws Exception {
        create().get("/test/error", req -> {
            throw new ApiException(ErrorType.EXECUTION, "boom", g -> g.writeString("partial"));
        });
        start();
        ready();
        assertJson(server.get("/api/v1/test/error"), 422,
                "{\"status\":\"error\",\"data\":\"partial\",\"errorType\":\"execution\",\"error\":\"boom\"}");
    }

    @Test
    void warningsAreListedAfterData() throws Exception {
        create().get("/test/warn", req -> new ApiResult(g -> g.writeNumber(1), List.of("w1", "w2")));
        start();
        ready();
        assertJson(server.get("/api/v1/test/warn"), 200,
                "{\"status\":\"success\",\"data\":1,\"warnings\":[\"w1\",\"w2\"]}");
    }

    @Test
    void jsonEscapesControlCharactersAsGoDoes() throws Exception {
        create().get("/test/escape", req -> ApiResult.of(g -> g.writeString("a\nb\tc\bd\fe\u0001f\u2028g")));
        start();
        ready();
        assertJson(server.get("/api/v1/test/escape"), 200,
                "{\"status\":\"success\",\"data\":\"a\\nb\\tc\\u0008d\\u000ce\\u0001f\\u2028g\"}");
    }

    @Test
    void endpointsUnavailableInAgentModeFailWithExecution() throws Exception {
        runtime.agent();
        ApiServlet s = create();
        s.get("/test/agent", s.notInAgent(req -> ApiResult.of(g -> g.writeString("never"))));
        start();
        ready();
        assertJson(server.get("/api/v1/test/agent"), 422,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"unavailable with Prometheus Agent\"}");
    }

    @Test
    void pathParametersAreMatchedAndLabelledByPattern() throws Exception {
        HttpMetrics metrics = new HttpMetrics();
        state = new ServerState(runtime);
        servlet = new ApiServlet(state, metrics, ZoneOffset.UTC);
        servlet.get("/test/:name/values", req -> {
            String name = RouterServlet.param(req, "name");
            return ApiResult.of(g -> g.writeString(name));
        });
        start();
        ready();
        assertJson(server.get("/api/v1/test/job/values"), 200, "{\"status\":\"success\",\"data\":\"job\"}");
        assertEquals(404, server.get("/api/v1/test/job/values/more").statusCode());
        List<String> samples = new ArrayList<>();
        metrics.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                if (name.equals("prometheus_http_requests_total")) {
                    samples.add(labels + " " + value);
                }
            }
        });
        assertEquals(List.of("{code=\"200\", handler=\"/api/v1/test/:name/values\"} 1.0"), samples);
    }

    @Test
    void unexpectedExceptionAnswers500() throws Exception {
        create().get("/test/bug", req -> {
            throw new IllegalStateException("BUG: expected in this test");
        });
        start();
        ready();
        HttpResponse<String> r = server.get("/api/v1/test/bug");
        assertEquals(500, r.statusCode());
        assertEquals("internal error\n", r.body());
    }

    @Test
    void optionsOnAnyPathAnswers204WhenReady() throws Exception {
        start();
        assertEquals(503, server.send("OPTIONS", "/api/v1/whatever").statusCode());
        ready();
        HttpResponse<String> r = server.send("OPTIONS", "/api/v1/whatever", "Origin", "http://grafana");
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    }

    @Test
    void unknownPathIs404AndWrongMethod405() throws Exception {
        start();
        ready();
        HttpResponse<String> nf = server.get("/api/v1/nope");
        assertEquals(404, nf.statusCode());
        assertEquals("404 page not found\n", nf.body());
        HttpResponse<String> na = server.send("POST", "/api/v1/status/config");
        assertEquals(405, na.statusCode());
        assertEquals("Method Not Allowed\n", na.body());
        assertEquals("GET, OPTIONS", na.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void corsHeadersOnlyWithOrigin() throws Exception {
        start();
        ready();
        HttpResponse<String> plain = server.get("/api/v1/status/buildinfo");
        assertFalse(plain.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<String> r = server.send("GET", "/api/v1/status/buildinfo", "Origin", "http://x");
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("Accept, Authorization, Content-Type, Origin",
                r.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
        assertEquals("GET, POST, OPTIONS", r.headers().firstValue("Access-Control-Allow-Methods").orElse(""));
        assertEquals("Date", r.headers().firstValue("Access-Control-Expose-Headers").orElse(""));
        assertEquals("Origin", r.headers().firstValue("Vary").orElse(""));
    }

    @Test
    void corsOriginRegexIsAnchored() throws Exception {
        runtime.flag("web.cors.origin", "https://.*\\.example\\.com");
        start();
        ready();
        HttpResponse<String> ok = server.send("GET", "/api/v1/status/buildinfo", "Origin", "https://a.example.com");
        assertEquals("https://a.example.com", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        HttpResponse<String> no = server.send("GET", "/api/v1/status/buildinfo", "Origin",
                "https://a.example.com.evil");
        assertFalse(no.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals("Origin", no.headers().firstValue("Vary").orElse(""));
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        start();
        ready();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/api/v1/status/walreplay", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void deflateWhenListedFirst() throws Exception {
        start();
        ready();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/api/v1/status/walreplay", "Accept-Encoding", "deflate, gzip");
        assertEquals("deflate", r.headers().firstValue("Content-Encoding").orElse(""));
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=1.0", "x-gzip", "br", "identity"})
    void noCompressionUnlessAnExactEncodingIsListed(String acceptEncoding) throws Exception {
        start();
        ready();
        HttpResponse<String> r = server.send("GET", "/api/v1/status/walreplay", "Accept-Encoding", acceptEncoding);
        assertFalse(r.headers().firstValue("Content-Encoding").isPresent());
        assertEquals("{\"status\":\"success\",\"data\":{\"min\":0,\"max\":0,\"current\":0}}", r.body());
    }
}
