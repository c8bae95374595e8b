package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ignis.api.storage.TsdbStats;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.MemStorage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.net.http.HttpResponse;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** /series, /labels, /label/:name/values and /status/tsdb over HTTP, checked against Prometheus 2.42. */
class SeriesEndpointsTest {
    private static final String UP_A = "{\"__name__\":\"up\",\"instance\":\"a:1\",\"job\":\"api\"}";
    private static final String UP_B = "{\"__name__\":\"up\",\"instance\":\"b:1\",\"job\":\"db\"}";
    private static final String CPU_A = "{\"__name__\":\"process_cpu_seconds_total\",\"instance\":\"a:1\",\"job\":\"api\"}";
    private static final String LOAD = "{\"__name__\":\"node_load1\",\"instance\":\"n\",\"job\":\"node\",\"zone\":\"\\u003ceu\\u003e\"}";

    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final MemStorage storage = new MemStorage()
            .add(1000, 1, "__name__", "up", "instance", "a:1", "job", "api")
            .add(2000, 1, "__name__", "up", "instance", "b:1", "job", "db")
            .add(1000, 0.5, "__name__", "process_cpu_seconds_total", "instance", "a:1", "job", "api")
            .add(5000, 0.1, "__name__", "node_load1", "instance", "n", "job", "node", "zone", "<eu>");
    private ServerState state;
    private TestServer server;

    private TestServer start(boolean withParser) throws Exception {
        state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, new HttpMetrics(), ZoneOffset.UTC);
        state.setConfigSource(new Fakes.Config());
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(storage);
        }
        if (withParser) {
            state.setSelectorParser(new FakeSelectorParser());
        }
        server = new TestServer().mount(servlet, "/api/v1/*").start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        assertEquals(0, storage.open, "queriers left open");
    }

    private static String ok(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    private static String err(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    /** GET with the parameters as query, or POST with them as a form body (and {@code query} on the URL). */
    private void assertCall(String method, String path, String params, int status, String body) throws Exception {
        if (method.equals("GET") && params.contains("%")) {
            // java.net.http refuses malformed escapes; send them raw.
            TestServer.RawResponse r = server.rawGet(path + "?" + params);
            assertEquals(body, r.body());
            assertEquals(status, r.status());
            return;
        }
        HttpResponse<String> r = method.equals("GET") ? server.get(path + (params.isEmpty() ? "" : "?" + params))
                : server.form(method, path, params);
        assertJson(r, status, body);
    }

    private static void assertJson(HttpResponse<String> r, int status, String body) {
        assertEquals(body, r.body(), () -> "body of " + r.request().method() + " " + r.uri());
        assertEquals(status, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    static Stream<Arguments> series() {
        return Stream.of(
                arguments("one selector", "match[]=up", 200, ok("[" + UP_A + "," + UP_B + "]")),
                arguments("union deduplicated and sorted",
                        "match[]=up&match[]=up{job=\"api\"}&match[]=process_cpu_seconds_total", 200,
                        ok("[" + CPU_A + "," + UP_A + "," + UP_B + "]")),
                arguments("regex selector with html escaped value", "match[]={zone=~\"<.*\"}", 200, ok("[" + LOAD + "]")),
                arguments("float start and end", "match[]=up&start=1.5&end=2", 200, ok("[" + UP_B + "]")),
                arguments("rfc3339 end", "match[]=up&end=1970-01-01T00:00:01.999Z", 200, ok("[" + UP_A + "]")),
                arguments("end before start is no error", "match[]=up&start=3&end=1", 200, ok("[]")),
                arguments("no series", "match[]=nothing", 200, ok("[]")),
                arguments("no match[]", "start=1", 400, err("bad_data", "no match[] parameter provided")),
                arguments("bad start", "match[]=up&start=abc", 400, err("bad_data",
                        "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"abc\" to a valid timestamp")),
                arguments("bad end", "match[]=up&end=2023-01-01", 400, err("bad_data",
                        "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"2023-01-01\" to a valid timestamp")),
                arguments("parse error", "match[]=up{", 400, err("bad_data",
                        "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces")),
                arguments("only empty matchers", "match[]={}", 400, err("bad_data",
                        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher")),
                arguments("regex matching empty", "match[]=up&match[]={job=~\".*\"}", 400, err("bad_data",
                        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher")),
                arguments("bad escape", "match[]=up&x=%zz", 400, err("bad_data",
                        "error parsing form values: invalid URL escape \"%zz\"")),
                arguments("semicolon", "match[]=up;x=1", 400, err("bad_data",
                        "error parsing form values: invalid semicolon separator in query")));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("series")
    void seriesWithGet(String name, String params, int status, String body) throws Exception {
        start(true);
        assertCall("GET", "/api/v1/series", params, status, body);
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("series")
    void seriesWithPost(String name, String params, int status, String body) throws Exception {
        start(true);
        assertCall("POST", "/api/v1/series", params, status, body);
    }

    @Test
    void postBodyValuesComeBeforeQueryValues() throws Exception {
        start(true);
        assertJson(server.form("POST", "/api/v1/series?match[]=up&end=3", "end=1.5"), 200, ok("[" + UP_A + "]"));
        assertJson(server.form("POST", "/api/v1/series?end=1.5", "match[]=up&end=3"), 200, ok("[" + UP_A + "," + UP_B + "]"));
    }

    @Test
    void defaultRangeIsPrometheusMinAndMaxTime() throws Exception {
        start(true);
        server.get("/api/v1/series?match[]=up");
        server.get("/api/v1/labels");
        assertEquals(List.of("-9223309901257974000..9223309901257974999", "-9223309901257974000..9223309901257974999"),
                storage.queriers);
    }

    static Stream<Arguments> labels() {
        return Stream.of(
                arguments("all names", "", 200, ok("[\"__name__\",\"instance\",\"job\",\"zone\"]")),
                arguments("names of one metric", "match[]=up", 200, ok("[\"__name__\",\"instance\",\"job\"]")),
                arguments("names of two selectors", "match[]=up&match[]={zone!=\"\"}", 200,
                        ok("[\"__name__\",\"instance\",\"job\",\"zone\"]")),
                arguments("names in a time range", "start=4&end=6", 200, ok("[\"__name__\",\"instance\",\"job\",\"zone\"]")),
                arguments("names before any sample", "end=0.5", 200, ok("[]")),
                arguments("no series", "match[]=nothing", 200, ok("[]")),
                arguments("bad start", "start=x", 400, err("bad_data",
                        "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"x\" to a valid timestamp")),
                arguments("bad escape is skipped", "x=%zz&match[]=up", 200, ok("[\"__name__\",\"instance\",\"job\"]")),
                arguments("parse error without prefix", "match[]=up{", 400, err("bad_data",
                        "1:4: parse error: unexpected end of input inside braces")),
                arguments("only empty matchers without prefix", "match[]={}", 400, err("bad_data",
                        "match[] must contain at least one non-empty matcher")));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("labels")
    void labelsWithGet(String name, String params, int status, String body) throws Exception {
        start(true);
        assertCall("GET", "/api/v1/labels", params, status, body);
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("labels")
    void labelsWithPost(String name, String params, int status, String body) throws Exception {
        start(true);
        assertCall("POST", "/api/v1/labels", params, status, body);
    }

    static Stream<Arguments> labelValues() {
        return Stream.of(
                arguments("job values", "/job/values", 200, ok("[\"api\",\"db\",\"node\"]")),
                arguments("metric names of a job", "/__name__/values?match[]={job=\"api\"}", 200,
                        ok("[\"process_cpu_seconds_total\",\"up\"]")),
                arguments("values of two selectors", "/job/values?match[]=up{job=\"db\"}&match[]=node_load1", 200,
                        ok("[\"db\",\"node\"]")),
                arguments("values in a time range", "/instance/values?start=1.5&end=2.5", 200, ok("[\"b:1\"]")),
                arguments("unknown label", "/nope/values", 200, ok("[]")),
                arguments("invalid label name", "/1bad/values", 400, err("bad_data", "invalid label name: \"1bad\"")),
                arguments("invalid name before bad time", "/a-b/values?start=x", 400,
                        err("bad_data", "invalid label name: \"a-b\"")),
                arguments("bad end", "/job/values?end=x", 400, err("bad_data",
                        "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"x\" to a valid timestamp")),
                arguments("parse error without prefix", "/job/values?match[]=up{", 400, err("bad_data",
                        "1:4: parse error: unexpected end of input inside braces")),
                arguments("only empty matchers", "/job/values?match[]={x=\"\"}", 400, err("bad_data",
                        "match[] must contain at least one non-empty matcher")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelValues")
    void labelValues(String name, String path, int status, String body) throws Exception {
        start(true);
        assertJson(server.get("/api/v1/label" + path), status, body);
    }

    @Test
    void labelValuesOnlyAnswerGet() throws Exception {
        start(true);
        HttpResponse<String> r = server.form("POST", "/api/v1/label/job/values", "match[]=up");
        assertEquals(405, r.statusCode());
        assertEquals("GET, OPTIONS", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void deleteSeriesIsNotImplemented() throws Exception {
        start(true);
        assertJson(server.send("DELETE", "/api/v1/series?match[]=up"), 500, err("internal", "not implemented"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/series?match[]=up", "/api/v1/labels?match[]=up", "/api/v1/label/job/values?match[]=up"})
    void selectorsWithoutParserAreUnavailable(String path) throws Exception {
        start(false);
        assertJson(server.get(path), 500, err("unavailable", "selector parser not available"));
    }

    @Test
    void labelsWithoutSelectorsNeedNoParser() throws Exception {
        start(false);
        assertJson(server.get("/api/v1/label/job/values"), 200, ok("[\"api\",\"db\",\"node\"]"));
    }

    @Test
    void tsdbStatusHasPrometheusShape() throws Exception {
        storage.stats = new TsdbStats(408, 319, 410, 1795768932411L, 1795768964411L,
                List.of(new TsdbStats.Stat("http_bucket", 40), new TsdbStats.Stat("up", 1)),
                List.of(new TsdbStats.Stat("__name__", 218)),
                List.of(new TsdbStats.Stat("__name__", 8292)),
                List.of(new TsdbStats.Stat("job=self", 661)));
        start(true);
        assertJson(server.get("/api/v1/status/tsdb"), 200, ok("{\"headStats\":{\"numSeries\":408,\"numLabelPairs\":319,"
                + "\"chunkCount\":410,\"minTime\":1795768932411,\"maxTime\":1795768964411},"
                + "\"seriesCountByMetricName\":[{\"name\":\"http_bucket\",\"value\":40},{\"name\":\"up\",\"value\":1}],"
                + "\"labelValueCountByLabelName\":[{\"name\":\"__name__\",\"value\":218}],"
                + "\"memoryInBytesByLabelName\":[{\"name\":\"__name__\",\"value\":8292}],"
                + "\"seriesCountByLabelValuePair\":[{\"name\":\"job=self\",\"value\":661}]}"));
        assertEquals(List.of("stats 10"), storage.calls);
    }

    @Test
    void tsdbStatusOfAnEmptyHead() throws Exception {
        start(true);
        assertJson(server.get("/api/v1/status/tsdb"), 200, ok("{\"headStats\":{\"numSeries\":0,\"numLabelPairs\":0,"
                + "\"chunkCount\":0,\"minTime\":9223372036854775807,\"maxTime\":-9223372036854775808},"
                + "\"seriesCountByMetricName\":[],\"labelValueCountByLabelName\":[],"
                + "\"memoryInBytesByLabelName\":[],\"seriesCountByLabelValuePair\":[]}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/v1/series?match[]=up", "POST /api/v1/series", "DELETE /api/v1/series",
        "GET /api/v1/labels", "POST /api/v1/labels", "GET /api/v1/label/job/values", "GET /api/v1/label/1bad/values",
        "GET /api/v1/status/tsdb"})
    void queryRoutesRefuseInAgentMode(String route) throws Exception {
        runtime.agent();
        start(false);
        String[] mp = route.split(" ");
        assertJson(server.send(mp[0], mp[1]), 422, err("execution", "unavailable with Prometheus Agent"));
    }

    @Test
    void unreadyAnswers503() throws Exception {
        start(true);
        state.unsetStorage(storage);
        HttpResponse<String> r = server.get("/api/v1/series?match[]=up");
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.body());
    }
}
