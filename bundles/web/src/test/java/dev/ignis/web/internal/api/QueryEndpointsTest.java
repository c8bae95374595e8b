package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Matrix;
import dev.ignis.api.query.QueryResult.Sample;
import dev.ignis.api.query.QueryResult.Scalar;
import dev.ignis.api.query.QueryResult.Series;
import dev.ignis.api.query.QueryResult.StringValue;
import dev.ignis.api.query.QueryResult.Vector;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.web.internal.FakeQueryEngine;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /query, /query_range, /format_query and /query_exemplars over HTTP against a fake engine;
 * every expected body and status was taken from Prometheus 2.42 answering the same request.
 */
class QueryEndpointsTest {
    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final FakeQueryEngine engine = new FakeQueryEngine();
    private final HttpMetrics metrics = new HttpMetrics();
    private ServerState state;
    private final Fakes.NoStorage storage = new Fakes.NoStorage();
    private TestServer server;

    private TestServer start() throws Exception {
        return start(true);
    }

    private TestServer start(boolean withEngine) throws Exception {
        state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, metrics, ZoneOffset.UTC);
        state.setConfigSource(new Fakes.Config());
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(storage);
        }
        if (withEngine) {
            state.setQueryEngine(engine);
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
    }

    static String ok(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    static String err(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private HttpResponse<String> call(String method, String path, String params) throws Exception {
        return method.equals("GET") ? server.get(path + (params.isEmpty() ? "" : "?" + params))
                : server.form(method, path, params);
    }

    private void assertCall(String method, String path, String params, int status, String body) throws Exception {
        HttpResponse<String> r = call(method, path, params);
        assertEquals(body, r.body(), () -> "body of " + method + " " + path + " " + params);
        assertEquals(status, r.statusCode());
        if (status != 204) {
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        }
    }

    // ---- /query parameters reaching the engine ----

    static Stream<Arguments> instantTimes() {
        return Stream.of(
                arguments("float seconds", "time=1.5", 1500L),
                arguments("integer seconds", "time=1435781451", 1435781451000L),
                arguments("fraction rounded to ms", "time=1435781451.7815", 1435781451782L),
                arguments("negative", "time=-0.0005", -1L),
                arguments("exponent", "time=1e3", 1000000L),
                arguments("rfc3339", "time=2015-07-01T20:10:51.781Z", 1435781451781L),
                arguments("rfc3339 nanos truncated", "time=2015-07-01T20:10:51.7815Z", 1435781451781L),
                arguments("rfc3339 offset", "time=2015-07-01T22:10:51%2B02:00", 1435781451000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instantTimes")
    void instantTimeForms(String name, String params, long ms) throws Exception {
        start();
        for (String method : List.of("GET", "POST")) {
            assertEquals(200, call(method, "/api/v1/query", "query=up&" + params).statusCode());
            assertEquals(new FakeQueryEngine.Call("instant", "up", ms, ms, 0, engine.last().options()), engine.last());
        }
    }

    @Test
    void instantTimeDefaultsToNow() throws Exception {
        start();
        long before = System.currentTimeMillis();
        assertEquals(200, server.get("/api/v1/query?query=up&time=").statusCode());
        long after = System.currentTimeMillis();
        long t = engine.last().start();
        assertTrue(t >= before && t <= after, t + " not in [" + before + ", " + after + "]");
        assertNull(engine.last().options().timeout());
        assertEquals(false, engine.last().options().stats());
    }

    static Stream<Arguments> timeouts() {
        return Stream.of(
                arguments("float seconds", "1.5", "", Duration.ofMillis(1500)),
                arguments("duration", "30s", "", Duration.ofSeconds(30)),
                arguments("compound duration", "1m30s", "", Duration.ofSeconds(90)),
                arguments("capped by the 2m default", "1h", "", Duration.ofMinutes(2)),
                arguments("capped by --query.timeout", "1m", "10s", Duration.ofSeconds(10)),
                arguments("below --query.timeout", "5s", "10s", Duration.ofSeconds(5)),
                arguments("nanoseconds truncated", "0.0000000015", "", Duration.ofNanos(1)),
                arguments("zero passes through", "0", "", Duration.ZERO),
                arguments("negative passes through", "-1", "", Duration.ofSeconds(-1)),
                arguments("NaN wraps as Go converts it", "NaN", "", Duration.ofNanos(Long.MIN_VALUE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timeouts")
    void timeoutParameter(String name, String timeout, String flag, Duration expected) throws Exception {
        runtime.flag("query.timeout", flag);
        start();
        assertEquals(200, server.form("POST", "/api/v1/query", "query=up&timeout=" + timeout).statusCode());
        assertEquals(expected, engine.last().options().timeout());
        assertEquals(200, server.get("/api/v1/query_range?query=up&start=0&end=1&step=1&timeout=" + timeout)
                .statusCode());
        assertEquals(expected, engine.last().options().timeout());
    }

    @ParameterizedTest(name = "stats={0}")
    @ValueSource(strings = {"1", "all", "x"})
    void statsRequestedByAnyValue(String value) throws Exception {
        start();
        server.get("/api/v1/query?query=up&stats=" + value);
        assertTrue(engine.last().options().stats());
        assertEquals(value.equals("all"), engine.last().options().perStepStats());
        server.get("/api/v1/query_range?query=up&start=0&end=1&step=1&stats=" + value);
        assertEquals(value.equals("all"), engine.last().options().perStepStats());
        server.get("/api/v1/query?query=up&stats=");
        assertEquals(false, engine.last().options().stats());
        assertEquals(false, engine.last().options().perStepStats());
    }

    @Test
    void bodyValuesComeBeforeQueryValues() throws Exception {
        start();
        server.form("POST", "/api/v1/query?query=vector(2)&time=1", "query=vector(1)&time=2");
        assertEquals(new FakeQueryEngine.Call("instant", "vector(1)", 2000, 2000, 0, engine.last().options()),
                engine.last());
        // A bad escape or a ';' drops that pair only (FormValue ignores the parse error).
        server.form("POST", "/api/v1/query?query=vector(2)&time=1", "query=vector(1)&time=2%zz");
        assertEquals(1000, engine.last().start());
        server.get("/api/v1/query?query=vector(1)&time=1&query=vector(3)");
        assertEquals("vector(1)", engine.last().expr());
        // A body that is not a form is not read.
        HttpResponse<String> r = server.post("/api/v1/query", "text/plain", "query=vector(1)");
        assertEquals(err("bad_data", "invalid parameter \"query\": 1:1: parse error: no expression found in input"),
                r.body());
    }

    /** Checked against Prometheus 2.42 with curl -F: multipart values come after the query string's. */
    static Stream<Arguments> multipartBodies() {
        String part = "--b\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n";
        return Stream.of(
                arguments("values", "", part.formatted("query", "vector(5)") + part.formatted("time", "3") + "--b--\r\n",
                        "vector(5)", 3000L),
                arguments("query string first", "?query=vector(2)&time=1",
                        part.formatted("query", "vector(5)") + part.formatted("time", "3") + "--b--\r\n", "vector(2)", 1000L),
                arguments("file part ignored", "?time=1", "--b\r\nContent-Disposition: form-data; name=\"query\";"
                        + " filename=\"q.txt\"\r\nContent-Type: text/plain\r\n\r\nvector(9)\r\n"
                        + part.formatted("query", "vector(5)") + "--b--\r\n", "vector(5)", 1000L),
                arguments("preamble and bare newlines", "?time=1", "preamble\n--b\nContent-Disposition: form-data;"
                        + " name=query\n\nvector(6)\n--b--\n", "vector(6)", 1000L),
                arguments("multi-line value", "?time=1", part.formatted("query", "vector(1)\r\n+ vector(2)")
                        + "--b--", "vector(1)\r\n+ vector(2)", 1000L),
                arguments("close delimiter then a lone CR adds nothing", "?time=1",
                        part.formatted("query", "vector(5)") + "--b--\r", "", 1000L),
                arguments("unterminated body adds nothing", "?time=1", part.formatted("query", "vector(5)"), "", 1000L),
                arguments("junk adds nothing", "?time=1&query=vector(7)", "junk", "vector(7)", 1000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("multipartBodies")
    void multipartFormBodies(String name, String query, String body, String expr, long time) throws Exception {
        start();
        server.post("/api/v1/query" + query, "multipart/form-data; boundary=b", body);
        assertEquals(expr, engine.last().expr());
        assertEquals(time, engine.last().start());
        // Without a boundary the body is not read at all.
        server.post("/api/v1/query?time=1", "multipart/form-data", body);
        assertEquals("", engine.last().expr());
    }

    // ---- /query_range parameters ----

    static Stream<Arguments> rangeParams() {
        return Stream.of(
                arguments("float seconds", "start=0&end=2&step=1", 0L, 2000L, 1000L),
                arguments("rfc3339", "start=2015-07-01T20:10:30.781Z&end=2015-07-01T20:11:00.781Z&step=15",
                        1435781430781L, 1435781460781L, 15000L),
                arguments("duration step", "start=0&end=3600&step=1m", 0L, 3600000L, 60000L),
                arguments("compound duration step", "start=0&end=1&step=1h30m", 0L, 1000L, 5400000L),
                arguments("float step", "start=0&end=1&step=0.25", 0L, 1000L, 250L),
                arguments("sub-ms step truncated to ms", "start=0&end=0.003&step=0.0015", 0L, 3L, 1L),
                arguments("11000 points", "start=0&end=11000&step=1", 0L, 11000000L, 1000L),
                arguments("start equals end", "start=5&end=5&step=1", 5000L, 5000L, 1000L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeParams")
    void rangeParameterForms(String name, String params, long start, long end, long step) throws Exception {
        start();
        for (String method : List.of("GET", "POST")) {
            HttpResponse<String> r = call(method, "/api/v1/query_range", "query=up&" + params);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(new FakeQueryEngine.Call("range", "up", start, end, step, engine.last().options()),
                    engine.last());
        }
    }

    // ---- errors ----

    static Stream<Arguments> errors() {
        String maxRes = "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
                + " resolution (?step=XX)";
        String zeroStep = "invalid parameter \"step\": zero or negative query resolution step widths are not"
                + " accepted. Try a positive integer";
        return Stream.of(
                arguments("/query", "", 400, err("bad_data",
                        "invalid parameter \"query\": 1:1: parse error: no expression found in input")),
                arguments("/query", "query=foo(", 400, err("bad_data",
                        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis")),
                arguments("/query", "query=rate(up)", 400, err("bad_data", "invalid parameter \"query\": 1:6: parse"
                        + " error: expected type range vector in call to function \"rate\", got instant vector")),
                arguments("/query", "query=up&time=abc", 400, err("bad_data",
                        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"abc\" to a valid timestamp")),
                arguments("/query", "query=1&time=1h", 400, err("bad_data",
                        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"1h\" to a valid timestamp")),
                arguments("/query", "query=foo(&time=x&timeout=x", 400, err("bad_data",
                        "invalid parameter \"time\": Invalid time value for 'time': cannot parse \"x\" to a valid timestamp")),
                arguments("/query", "query=foo(&timeout=abc", 400, err("bad_data",
                        "invalid parameter \"timeout\": cannot parse \"abc\" to a valid duration")),
                arguments("/query", "query=up&timeout=1e30", 400, err("bad_data",
                        "invalid parameter \"timeout\": cannot parse \"1e30\" to a valid duration. It overflows int64")),
                arguments("/query", "query=up&timeout=1m1h", 400, err("bad_data",
                        "invalid parameter \"timeout\": cannot parse \"1m1h\" to a valid duration")),
                arguments("/query_range", "query=up", 400, err("bad_data",
                        "invalid parameter \"start\": cannot parse \"\" to a valid timestamp")),
                arguments("/query_range", "query=up&start=0", 400, err("bad_data",
                        "invalid parameter \"end\": cannot parse \"\" to a valid timestamp")),
                arguments("/query_range", "query=up&start=0&end=1", 400, err("bad_data",
                        "invalid parameter \"step\": cannot parse \"\" to a valid duration")),
                arguments("/query_range", "query=up&start=x&end=1&step=1", 400, err("bad_data",
                        "invalid parameter \"start\": cannot parse \"x\" to a valid timestamp")),
                arguments("/query_range", "query=up&start=1&end=x&step=1", 400, err("bad_data",
                        "invalid parameter \"end\": cannot parse \"x\" to a valid timestamp")),
                arguments("/query_range", "query=up&start=1&end=0&step=x", 400, err("bad_data",
                        "invalid parameter \"end\": end timestamp must not be before start time")),
                arguments("/query_range", "query=up&start=1&end=2&step=x", 400, err("bad_data",
                        "invalid parameter \"step\": cannot parse \"x\" to a valid duration")),
                arguments("/query_range", "query=up&start=1&end=2&step=0", 400, err("bad_data", zeroStep)),
                arguments("/query_range", "query=up&start=1&end=2&step=-1", 400, err("bad_data", zeroStep)),
                arguments("/query_range", "query=up&start=1&end=2&step=0s", 400, err("bad_data", zeroStep)),
                arguments("/query_range", "query=up&start=0&end=1&step=Inf", 400, err("bad_data",
                        "invalid parameter \"step\": cannot parse \"Inf\" to a valid duration. It overflows int64")),
                arguments("/query_range", "query=up&start=0&end=11001&step=1", 400, err("bad_data", maxRes)),
                arguments("/query_range", "query=up&start=0&end=11001.999&step=1", 400, err("bad_data", maxRes)),
                arguments("/query_range", "query=up&start=0&end=11001&step=1&timeout=x", 400, err("bad_data", maxRes)),
                arguments("/query_range", "query=up&start=-292273086-05-16T16:47:06Z"
                        + "&end=292277025-08-18T07:12:54.999999999Z&step=1d", 400, err("bad_data", maxRes)),
                arguments("/query_range", "query=up(&start=0&end=1&step=1&timeout=x", 400, err("bad_data",
                        "invalid parameter \"timeout\": cannot parse \"x\" to a valid duration")),
                arguments("/query_range", "query=foo(&start=0&end=1&step=1", 400, err("bad_data",
                        "1:5: parse error: unclosed left parenthesis")),
                arguments("/query_range", "start=0&end=1&step=1", 400, err("bad_data",
                        "1:1: parse error: no expression found in input")),
                arguments("/query_range", "query=\"a\"&start=0&end=2&step=1", 400, err("bad_data",
                        "invalid expression type \"string\" for range query, must be Scalar or instant Vector")),
                arguments("/query_range", "query=up&start=0&end=1&step=0.0001", 422, err("execution",
                        "unexpected error: runtime error: integer divide by zero")),
                arguments("/query_range", "query=foo(&start=0&end=0&step=0.0001", 400, err("bad_data",
                        "1:5: parse error: unclosed left parenthesis")),
                arguments("/format_query", "", 400, err("bad_data",
                        "invalid parameter \"query\": 1:1: parse error: no expression found in input")),
                arguments("/format_query", "query=rate(up)", 400, err("bad_data", "invalid parameter \"query\": 1:6:"
                        + " parse error: expected type range vector in call to function \"rate\", got instant vector")),
                arguments("/query_exemplars", "", 400, err("bad_data", "1:1: parse error: no expression found in input")),
                arguments("/query_exemplars", "query=foo(", 400, err("bad_data",
                        "1:5: parse error: unclosed left parenthesis")),
                arguments("/query_exemplars", "query=up&start=x", 400, err("bad_data",
                        "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"x\" to a valid timestamp")),
                arguments("/query_exemplars", "query=up&start=2&end=1x", 400, err("bad_data",
                        "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"1x\" to a valid timestamp")),
                arguments("/query_exemplars", "query=foo(&start=2&end=1", 400, err("bad_data",
                        "end timestamp must not be before start timestamp")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errors")
    void parameterErrors(String path, String params, int status, String body) throws Exception {
        start();
        assertCall("GET", "/api/v1" + path, params, status, body);
        assertCall("POST", "/api/v1" + path, params, status, body);
    }

    static Stream<Arguments> engineErrors() {
        return Stream.of(
                arguments(ErrorType.EXECUTION, "query processing would load too many samples into memory in query execution", 422),
                arguments(ErrorType.TIMEOUT, "query timed out in query execution", 503),
                arguments(ErrorType.CANCELED, "query was canceled in query execution", 503),
                arguments(ErrorType.INTERNAL, "expanding series: disk on fire", 500),
                arguments(ErrorType.NOT_FOUND, "gone", 404),
                arguments(ErrorType.UNAVAILABLE, "not now", 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engineErrors")
    void engineErrorsKeepTheirTypeAndStatus(ErrorType type, String message, int status) throws Exception {
        engine.failure = new QueryException(type, message);
        start();
        assertCall("GET", "/api/v1/query", "query=up", status, err(type.wire(), message));
        assertCall("POST", "/api/v1/query_range", "query=up&start=0&end=1&step=1", status, err(type.wire(), message));
    }

    @Test
    void engineBugIsAnExecutionError() throws Exception {
        engine.bug = new IllegalStateException("BUG: oops");
        start();
        assertCall("GET", "/api/v1/query", "query=up", 422,
                err("execution", "unexpected error: java.lang.IllegalStateException: BUG: oops"));
    }

    // ---- result JSON ----

    private static QueryResult vector(Sample... samples) {
        return new QueryResult(new Vector(List.of(samples)), List.of(), null);
    }

    private static Sample sample(long t, double v, String... labels) {
        return new Sample(Labels.of(labels), t, v);
    }

    static Stream<Arguments> vectorValues() {
        return Stream.of(
                arguments(1e-7, "1e-07"), arguments(1e21, "1e+21"), arguments(1e20, "100000000000000000000"),
                arguments(0.1, "0.1"), arguments(-0.0, "-0"), arguments(0.0, "0"), arguments(Double.NaN, "NaN"),
                arguments(Double.POSITIVE_INFINITY, "+Inf"), arguments(Double.NEGATIVE_INFINITY, "-Inf"),
                arguments(123456789012.0, "123456789012"), arguments(1e6, "1000000"), arguments(2.5e-7, "2.5e-07"),
                arguments(1e-6, "0.000001"), arguments(-1.5e300, "-1.5e+300"), arguments(1e23, "1e+23"),
                arguments(Double.MIN_VALUE, "5e-324"), arguments(Double.MAX_VALUE, "1.7976931348623157e+308"),
                arguments(9007199254740993.0, "9007199254740992"), arguments(1.0 / 3, "0.3333333333333333"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("vectorValues")
    void vectorAndMatrixValueFormatting(double v, String formatted) throws Exception {
        engine.result = vector(sample(1500, v));
        start();
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1.500,\"" + formatted + "\"]}]}"));
        engine.result = new QueryResult(new Matrix(List.of(new Series(Labels.EMPTY, new long[] {0, 1000},
                new double[] {v, v}, 2))), List.of(), null);
        assertCall("GET", "/api/v1/query_range", "query=x&start=0&end=1&step=1", 200,
                ok("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[0,\"" + formatted + "\"],[1,\""
                        + formatted + "\"]]}]}"));
    }

    static Stream<Arguments> scalarValues() {
        return Stream.of(
                arguments(1e-7, "0.0000001"), arguments(1e21, "1000000000000000000000"), arguments(0.1, "0.1"),
                arguments(-0.0, "-0"), arguments(Double.NaN, "NaN"), arguments(Double.POSITIVE_INFINITY, "+Inf"),
                arguments(Double.NEGATIVE_INFINITY, "-Inf"), arguments(1435781451.78, "1435781451.78"),
                arguments(2.5e-7, "0.00000025"), arguments(1e23, "100000000000000000000000"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("scalarValues")
    void scalarValuesNeverUseAnExponent(double v, String formatted) throws Exception {
        engine.result = new QueryResult(new Scalar(1500, v), List.of(), null);
        start();
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"scalar\",\"result\":[1.5,\"" + formatted + "\"]}"));
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                arguments(1500L, "1.500", "1.5"), arguments(3000L, "3", "3"), arguments(0L, "0", "0"),
                arguments(-500L, "-0.500", "-0.5"), arguments(-1L, "-0.001", "-0.001"), arguments(-1234L, "-1.234", "-1.234"),
                arguments(1435781451781L, "1435781451.781", "1435781451.781"),
                arguments(1435781451780L, "1435781451.780", "1435781451.78"),
                arguments(1435781451005L, "1435781451.005", "1435781451.005"),
                arguments(1435781451050L, "1435781451.050", "1435781451.05"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("timestamps")
    void timestampsAsEachEncoderWritesThem(long t, String point, String scalar) throws Exception {
        start();
        engine.result = vector(sample(t, 1));
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[" + point + ",\"1\"]}]}"));
        engine.result = new QueryResult(new Scalar(t, 1), List.of(), null);
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"scalar\",\"result\":[" + scalar + ",\"1\"]}"));
        engine.result = new QueryResult(new StringValue(t, "s"), List.of(), null);
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"string\",\"result\":[" + scalar + ",\"s\"]}"));
    }

    @Test
    void vectorWithLabelsAndEscapes() throws Exception {
        engine.result = vector(sample(1000, 2, "a", "c"), sample(1000, 1, "a", "x\"é\u2028<>&", "b", "\n"));
        start();
        assertCall("GET", "/api/v1/query", "query=x", 200, ok("{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"a\":\"c\"},\"value\":[1,\"2\"]},"
                + "{\"metric\":{\"a\":\"x\\\"é\\u2028\\u003c\\u003e\\u0026\",\"b\":\"\\n\"},\"value\":[1,\"1\"]}]}"));
    }

    @Test
    void matrixUsesOnlyCountPoints() throws Exception {
        engine.result = new QueryResult(new Matrix(List.of(
                new Series(Labels.of("__name__", "up", "job", "a"), new long[] {0, 15000, 30000, 99}, new double[] {1, 0, 1, 99}, 3),
                new Series(Labels.of("job", "b"), new long[4], new double[4], 0))), List.of(), null);
        start();
        assertCall("GET", "/api/v1/query_range", "query=x&start=0&end=30&step=15", 200, ok(
                "{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"values\":"
                        + "[[0,\"1\"],[15,\"0\"],[30,\"1\"]]},{\"metric\":{\"job\":\"b\"},\"values\":[]}]}"));
    }

    @Test
    void emptyResultsAndString() throws Exception {
        start();
        assertCall("GET", "/api/v1/query", "query=up", 200, ok("{\"resultType\":\"vector\",\"result\":[]}"));
        engine.result = new QueryResult(new Matrix(List.of()), List.of(), null);
        assertCall("GET", "/api/v1/query_range", "query=up&start=0&end=1&step=1", 200,
                ok("{\"resultType\":\"matrix\",\"result\":[]}"));
        engine.result = new QueryResult(new StringValue(1435781451781L, "a \"b\" <c>"), List.of(), null);
        assertCall("GET", "/api/v1/query", "query=x", 200,
                ok("{\"resultType\":\"string\",\"result\":[1435781451.781,\"a \\\"b\\\" \\u003cc\\u003e\"]}"));
    }

    @Test
    void warningsFollowData() throws Exception {
        engine.result = new QueryResult(new Vector(List.of()), List.of("remote read failed", "second"), null);
        start();
        assertCall("GET", "/api/v1/query", "query=up", 200, "{\"status\":\"success\",\"data\":{\"resultType\":"
                + "\"vector\",\"result\":[]},\"warnings\":[\"remote read failed\",\"second\"]}");
    }

    @Test
    void statsFromTheEngine() throws Exception {
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("evalTotalTime", 0.000062904);
        timings.put("resultSortTime", 0L);
        timings.put("queryPreparationTime", 8.61e-07);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("totalQueryableSamplesPerStep", List.of(List.of(1.5, 3L), new Object[] {2.5, 4},
                List.of(1_700_000_600_000L / 1000.0, 5L)));
        samples.put("totalQueryableSamples", 7L);
        samples.put("peakSamples", 3);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("timings", timings);
        stats.put("samples", samples);
        engine.result = new QueryResult(new Vector(List.of()), List.of(), stats);
        start();
        String body = ok("{\"resultType\":\"vector\",\"result\":[],\"stats\":{\"timings\":{\"evalTotalTime\":0.000062904,"
                + "\"resultSortTime\":0,\"queryPreparationTime\":8.61e-07},\"samples\":{\"totalQueryableSamplesPerStep\":"
                + "[[1.5,3],[2.5,4],[1700000600,5]],\"totalQueryableSamples\":7,\"peakSamples\":3}}}");
        assertCall("GET", "/api/v1/query", "query=up&stats=all", 200, body);
        // Not asked for: not written, even when the engine has them.
        assertCall("GET", "/api/v1/query", "query=up", 200, ok("{\"resultType\":\"vector\",\"result\":[]}"));
    }

    @Test
    void statsShapeWhenTheEngineHasNone() throws Exception {
        engine.result = new QueryResult(new Matrix(List.of()), List.of(), null);
        start();
        HttpResponse<String> r = server.get("/api/v1/query_range?query=up&start=0&end=1&step=1&stats=1");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().matches("\\{\"status\":\"success\",\"data\":\\{\"resultType\":\"matrix\",\"result\":\\[\\],"
                + "\"stats\":\\{\"timings\":\\{\"evalTotalTime\":[0-9.e-]+,\"resultSortTime\":0,\"queryPreparationTime\":0,"
                + "\"innerEvalTime\":0,\"execQueueTime\":0,\"execTotalTime\":[0-9.e-]+\\},"
                + "\"samples\":\\{\"totalQueryableSamples\":0,\"peakSamples\":0\\}\\}\\}\\}"), r.body());
    }

    // ---- format_query and query_exemplars ----

    @Test
    void formatQuery() throws Exception {
        start();
        assertCall("GET", "/api/v1/format_query", "query=sum(rate(up[5m]))by(job)", 200,
                ok("\"sum by (job) (rate(up[5m]))\""));
        assertCall("POST", "/api/v1/format_query", "query=1%2B1", 200, ok("\"1 + 1\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"up | true", "up{job=\"a\"} | true", "1 | false", "time() | false"})
    void exemplarsAreEmptyOrNoContent(String query, boolean hasSelector) throws Exception {
        start();
        String params = "query=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8);
        if (hasSelector) {
            assertCall("GET", "/api/v1/query_exemplars", params, 200, ok("[]"));
            assertCall("POST", "/api/v1/query_exemplars", params + "&start=1&end=2", 200, ok("[]"));
            assertEquals(1000, storage.exemplarStart);
            assertEquals(2000, storage.exemplarEnd);
        } else {
            assertCall("GET", "/api/v1/query_exemplars", params, 204, "");
            assertCall("POST", "/api/v1/query_exemplars", params, 204, "");
        }
    }

    /** The body 2.42 answered for the same exemplars (scraped from an OpenMetrics target). */
    @Test
    void exemplarsInPrometheusShape() throws Exception {
        start();
        storage.exemplars = List.of(new ExemplarSeries(Labels.of("__name__", "foo_total", "job", "a"), List.of(
                new Exemplar(Labels.of("trace_id", "abc"), 0.5, 100_500, true),
                new Exemplar(Labels.EMPTY, 1e21, 101_000, false))));
        assertCall("GET", "/api/v1/query_exemplars", "query=foo_total&start=0&end=200", 200,
                ok("[{\"seriesLabels\":{\"__name__\":\"foo_total\",\"job\":\"a\"},\"exemplars\":["
                        + "{\"labels\":{\"trace_id\":\"abc\"},\"value\":\"0.5\",\"timestamp\":100.500},"
                        + "{\"labels\":{},\"value\":\"1e+21\",\"timestamp\":101}]}]"));
        assertEquals("[[__name__=\"foo_total\"]]", storage.exemplarSelectors.toString());
        assertEquals(0, storage.exemplarStart);
        assertEquals(200_000, storage.exemplarEnd);
    }

    // ---- availability ----

    /** Checked against a Prometheus 2.42 agent: before any parameter. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/query?query=up", "/query_range?query=up&start=0&end=1&step=1",
        "/format_query?query=up", "/query_exemplars?query=up", "/query?query=up&time=x", "/query_range?query=up"})
    void agentModeRefuses(String pathAndQuery) throws Exception {
        runtime.agent();
        start();
        HttpResponse<String> r = server.get("/api/v1" + pathAndQuery);
        assertEquals(err("execution", "unavailable with Prometheus Agent"), r.body());
        assertEquals(422, r.statusCode());
        assertTrue(engine.calls.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/query?query=up", "/query_range?query=up&start=0&end=1&step=1",
        "/format_query?query=up", "/query_exemplars?query=up"})
    void withoutEngineUnavailable(String pathAndQuery) throws Exception {
        start(false);
        HttpResponse<String> r = server.get("/api/v1" + pathAndQuery);
        assertEquals(err("unavailable", "query engine not available"), r.body());
        assertEquals(500, r.statusCode());
        // Parameters are still checked first.
        assertEquals(err("bad_data", "invalid parameter \"time\": Invalid time value for 'time': cannot parse"
                + " \"x\" to a valid timestamp"), server.get("/api/v1/query?query=up&time=x").body());
    }

    @Test
    void notReadyIsPlain503() throws Exception {
        state = new ServerState(runtime);
        state.setQueryEngine(engine);
        server = new TestServer().mount(new ApiServlet(state, metrics, ZoneOffset.UTC), "/api/v1/*").start();
        HttpResponse<String> r = server.get("/api/v1/query?query=up");
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.body().strip());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PUT", "DELETE", "PATCH", "HEAD"})
    void otherMethodsAreNotAllowed(String method) throws Exception {
        start();
        HttpResponse<String> r = server.send(method, "/api/v1/query?query=1");
        assertEquals(405, r.statusCode());
        assertEquals("GET, OPTIONS, POST", r.headers().firstValue("Allow").orElse(""));
    }

    // ---- cancellation ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /api/v1/query?query=block", "GET /api/v1/query_range?query=block&start=0&end=1&step=1",
        "POST /api/v1/query"})
    void clientDisconnectCancelsTheQuery(String request) throws Exception {
        start();
        URI base = URI.create(server.base());
        String[] parts = request.split(" ");
        String body = parts[0].equals("POST") ? "query=block" : "";
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.getOutputStream().write((parts[0] + " " + parts[1] + " HTTP/1.1\r\nHost: t\r\n"
                    + (body.isEmpty() ? "" : "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                            + body.length() + "\r\n") + "\r\n" + body).getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertTrue(engine.blocking.await(5, TimeUnit.SECONDS), "query did not start");
            Thread.sleep(100);
            assertEquals(1, engine.canceled.getCount(), "canceled while the client is still there");
        }
        assertTrue(engine.canceled.await(5, TimeUnit.SECONDS), "the engine never saw the cancellation");
    }

    @Test
    void connectedClientIsNotCanceled() throws Exception {
        start();
        URI base = URI.create(server.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.getOutputStream().write("GET /api/v1/query?query=block&timeout=1 HTTP/1.1\r\nHost: t\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(engine.blocking.await(5, TimeUnit.SECONDS));
            s.setSoTimeout(15_000);
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            // The fake gives up after 10 s with a timeout; the client was never reported gone.
            assertEquals("HTTP/1.1 503", head);
            assertEquals(1, engine.canceled.getCount());
        }
    }

    // ---- metrics ----

    @Test
    void handlerLabels() throws Exception {
        start();
        server.get("/api/v1/query?query=up");
        server.form("POST", "/api/v1/query", "query=foo(");
        server.get("/api/v1/query_range?query=up&start=0&end=1&step=1");
        server.get("/api/v1/format_query?query=up");
        server.get("/api/v1/query_exemplars?query=up");
        server.get("/api/v1/query_exemplars?query=1");
        assertEquals(List.of("/api/v1/format_query 200 1", "/api/v1/query 200 1", "/api/v1/query 400 1",
                "/api/v1/query_exemplars 200 1", "/api/v1/query_exemplars 204 1", "/api/v1/query_range 200 1"),
                RouteNamesTest.requestCounts(metrics));
    }
}
