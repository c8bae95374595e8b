package dev.ignis.web.internal.federate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ignis.api.storage.StaleMarker;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.MemStorage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /federate over HTTP; expected texts follow what Prometheus 2.42 answered for the same series. */
class FederateServletTest {
    private static final long NOW = 1_000_000;
    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final String AAA = "aaa{zz=\"a\\\"b\\\\c\\nd\",instance=\"\",region=\"eu\",zone=\"z1\"} NaN 990000\n";
    private static final String BAR = "bar{region=\"us\",instance=\"\",zone=\"z1\"} -1e+21 950000\n";
    private static final String LATE = "late{instance=\"\",region=\"eu\",zone=\"z1\"} 0 999000\n";
    private static final String M = "m{AAA=\"x\",instance=\"\",region=\"eu\",zone=\"z1\"} 1 990000\n";
    private static final String UP_A = "up{instance=\"a:1\",job=\"api\",region=\"eu\",zone=\"z1\"} 0 990000\n";
    private static final String UP_DB2 = "up{job=\"db2\",instance=\"\",region=\"eu\",zone=\"z1\"} 2.5e-07 995000\n";

    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final Fakes.Config config = new Fakes.Config().externalLabels("region", "eu", "zone", "z1");
    private final MemStorage storage = new MemStorage()
            .add(900_000, 1, "__name__", "up", "instance", "a:1", "job", "api")
            .add(990_000, 0, "__name__", "up", "instance", "a:1", "job", "api")
            .add(600_000, 1, "__name__", "up", "instance", "b:1", "job", "db")
            .add(995_000, 2.5e-7, "__name__", "up", "job", "db2")
            .add(950_000, -1e21, "__name__", "bar", "region", "us")
            .add(900_000, 1, "__name__", "gone", "job", "x")
            .add(950_000, StaleMarker.VALUE, "__name__", "gone", "job", "x")
            .add(990_000, Double.NaN, "__name__", "aaa", "zz", "a\"b\\c\nd")
            .add(999_000, -0.0, "__name__", "late")
            .add(1_000_001, 7, "__name__", "late")
            .add(990_000, 1, "__name__", "m", "AAA", "x")
            .add(990_000, 1, "job", "nameless");
    private ServerState state;
    private TestServer server;

    private TestServer start() throws Exception {
        state = new ServerState(runtime);
        FederateServlet servlet = new FederateServlet(state, new HttpMetrics(), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
        state.setConfigSource(config);
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(storage);
        }
        state.setSelectorParser(new FakeSelectorParser());
        server = new TestServer().mount(servlet, "/federate").start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        assertEquals(0, storage.open, "queriers left open");
    }

    static Stream<Arguments> federation() {
        return Stream.of(
                arguments("no match[]", "", ""),
                arguments("selector without matchers", "match[]={}", ""),
                arguments("everything named", "match[]={__name__=~\".%2B\"}",
                        "# TYPE aaa untyped\n" + AAA + "# TYPE bar untyped\n" + BAR + "# TYPE late untyped\n" + LATE
                                + "# TYPE m untyped\n" + M + "# TYPE up untyped\n" + UP_A + UP_DB2),
                arguments("union without duplicates", "match[]=up&match[]=up{job=\"api\"}&match[]=bar",
                        "# TYPE bar untyped\n" + BAR + "# TYPE up untyped\n" + UP_A + UP_DB2),
                arguments("stale newest sample is left out", "match[]=gone", ""),
                arguments("sample older than the lookback is left out", "match[]=up{job=\"db\"}", ""),
                arguments("nameless series are left out", "match[]={job=\"nameless\"}", ""),
                arguments("own label sorting before __name__", "match[]=m", "# TYPE m untyped\n" + M));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("federation")
    void federatesNewestSamples(String name, String query, String expected) throws Exception {
        start();
        HttpResponse<String> r = server.get("/federate" + (query.isEmpty() ? "" : "?" + query));
        assertEquals(expected, r.body());
        assertEquals(200, r.statusCode());
        assertEquals(TEXT, r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(List.of((NOW - 300_000) + ".." + NOW), storage.queriers);
    }

    @Test
    void lookbackDeltaFlagSetsTheWindow() throws Exception {
        runtime.flag("query.lookback-delta", "20s");
        start();
        assertEquals("# TYPE up untyped\n" + UP_A + UP_DB2, server.get("/federate?match[]=up&match[]=bar").body());
        assertEquals(List.of("980000..1000000"), storage.queriers);
    }

    @Test
    void withoutExternalLabelsOnlyInstanceIsAdded() throws Exception {
        config.config = null;
        start();
        assertEquals("# TYPE up untyped\nup{instance=\"a:1\",job=\"api\"} 0 990000\nup{job=\"db2\",instance=\"\"} 2.5e-07 995000\n",
                server.get("/federate?match[]=up").body());
    }

    @Test
    void externalInstanceLabelIsUsedWhenTheSeriesHasNone() throws Exception {
        config.externalLabels("instance", "fed", "a", "1");
        start();
        assertEquals("# TYPE up untyped\nup{instance=\"a:1\",job=\"api\",a=\"1\"} 0 990000\n"
                + "up{job=\"db2\",a=\"1\",instance=\"fed\"} 2.5e-07 995000\n", server.get("/federate?match[]=up").body());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("parse error", "match[]=up&match[]=up{", 400, "1:4: parse error: unexpected end of input inside braces\n"),
                arguments("bad escape", "match[]=up&x=%zz", 400, "error parsing form values: invalid URL escape \"%zz\"\n"),
                arguments("semicolon", "match[]=up;x", 400, "error parsing form values: invalid semicolon separator in query\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsArePlainText(String name, String query, int status, String body) throws Exception {
        start();
        TestServer.RawResponse r = server.rawGet("/federate?" + query.replace("{", "%7B").replace("\"", "%22"));
        assertEquals(body, r.body());
        assertEquals(status, r.status());
        // Jetty writes its canonical "text/plain;charset=utf-8" for what Go spells with a space.
        String headers = r.headers().toLowerCase().replace("; ", ";");
        assertEquals(true, headers.contains("content-type: text/plain;charset=utf-8"), headers);
        assertEquals(true, headers.contains("x-content-type-options: nosniff"), headers);
    }

    @Test
    void missingParserIsAnInternalError() throws Exception {
        start();
        state.unsetSelectorParser(state.selectorParser());
        HttpResponse<String> r = server.get("/federate?match[]=up");
        assertEquals(500, r.statusCode());
        assertEquals("selector parser not available\n", r.body());
        assertEquals("", server.get("/federate").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "deflate", "br, deflate, gzip"})
    void compressedWhenAccepted(String acceptEncoding) throws Exception {
        start();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/federate?match[]=m", "Accept-Encoding", acceptEncoding);
        String encoding = r.headers().firstValue("Content-Encoding").orElse("");
        assertEquals(acceptEncoding.equals("gzip") ? "gzip" : "deflate", encoding);
        try (InputStream in = encoding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(r.body()))
                : new InflaterInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("# TYPE m untyped\n" + M, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void errorBodiesAreCompressedToo() throws Exception {
        start();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/federate?match[]=up%7B", "Accept-Encoding", "gzip");
        assertEquals(400, r.statusCode());
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("1:4: parse error: unexpected end of input inside braces\n",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void unknownEncodingParametersAreNotNegotiated() throws Exception {
        start();
        HttpResponse<String> r = server.send("GET", "/federate?match[]=m", "Accept-Encoding", "gzip;q=1.0");
        assertEquals("", r.headers().firstValue("Content-Encoding").orElse(""));
        assertEquals("# TYPE m untyped\n" + M, r.body());
    }

    @Test
    void protobufWhenAsked() throws Exception {
        start();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/federate?match[]=m", "Accept",
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
        assertEquals("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
                r.headers().firstValue("Content-Type").orElse(""));
        // m{AAA="x",instance="",region="eu",zone="z1"} 1 990000
        assertEquals("480a016d18032241" + "0a080a034141411201780a0c0a08696e7374616e636512000a0c0a06726567696f6e12026575"
                + "0a0a0a047a6f6e6512027a31" + "2a0909000000000000f03f" + "30b0b63c",
                java.util.HexFormat.of().formatHex(r.body()));
    }

    @Test
    void onlyGetIsRouted() throws Exception {
        start();
        HttpResponse<String> r = server.form("POST", "/federate", "match[]=up");
        assertEquals(405, r.statusCode());
        assertEquals("GET, OPTIONS", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void unreadyAnswers503() throws Exception {
        start();
        state.unsetStorage(storage);
        HttpResponse<String> r = server.get("/federate?match[]=up");
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "?match[]=up"})
    void agentModeHasNoQueryableStorage(String query) throws Exception {
        runtime.agent();
        start();
        HttpResponse<String> r = server.get("/federate" + query);
        assertEquals(500, r.statusCode());
        assertEquals("unsupported operation with WAL-only storage\n", r.body());
    }

    @Test
    void agentModeStillRejectsBadSelectorsFirst() throws Exception {
        runtime.agent();
        start();
        assertEquals(400, server.get("/federate?match[]=up%7B").statusCode());
    }
}
