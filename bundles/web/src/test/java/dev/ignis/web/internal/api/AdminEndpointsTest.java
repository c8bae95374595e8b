package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ignis.api.storage.StorageException;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.MemStorage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The admin API under /api/v1/admin/tsdb, checked against Prometheus 2.42 with and without the flag. */
class AdminEndpointsTest {
    private static final String MIN = Long.toString(ApiParams.MIN_TIME);
    private static final String MAX = Long.toString(ApiParams.MAX_TIME);
    private static final Pattern SNAPSHOT = Pattern.compile("\\{\"status\":\"success\",\"data\":\\{\"name\":\"(([0-9]{8}T[0-9]{6}Z)-[0-9a-f]{16})\"}}");

    @TempDir
    Path dataDir;
    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final MemStorage storage = new MemStorage();
    private TestServer server;

    private TestServer start(boolean admin) throws Exception {
        runtime.flag("web.enable-admin-api", Boolean.toString(admin)).flag("storage.tsdb.path", dataDir.toString());
        ServerState state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, new HttpMetrics(), ZoneOffset.UTC);
        state.setConfigSource(new Fakes.Config());
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(storage);
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

    private static String err(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private static void assertResponse(HttpResponse<String> r, int status, String body) {
        assertEquals(body, r.body(), () -> "body of " + r.request().method() + " " + r.uri());
        assertEquals(status, r.statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST delete_series", "PUT delete_series", "POST clean_tombstones", "PUT clean_tombstones",
        "POST snapshot", "PUT snapshot"})
    void disabledAdminApiIsUnavailable(String route) throws Exception {
        start(false);
        String[] mp = route.split(" ");
        HttpResponse<String> r = server.form(mp[0], "/api/v1/admin/tsdb/" + mp[1], "match[]=up");
        assertResponse(r, 500, err("unavailable", "admin APIs disabled"));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals(List.of(), storage.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET delete_series", "GET clean_tombstones", "GET snapshot", "DELETE snapshot"})
    void otherMethodsAreNotAllowed(String route) throws Exception {
        start(true);
        String[] mp = route.split(" ");
        HttpResponse<String> r = server.send(mp[0], "/api/v1/admin/tsdb/" + mp[1]);
        assertResponse(r, 405, "Method Not Allowed\n");
        assertEquals("OPTIONS, POST, PUT", r.headers().firstValue("Allow").orElse(""));
    }

    static Stream<Arguments> deleteSeries() {
        return Stream.of(
                arguments("one selector", "match[]=up", 204, "", List.of("delete " + MIN + " " + MAX + " [__name__=\"up\"]")),
                arguments("two selectors and a range", "match[]=up&match[]={job=\"a\"}&start=1&end=2.5", 204, "",
                        List.of("delete 1000 2500 [__name__=\"up\"]", "delete 1000 2500 [job=\"a\"]")),
                arguments("rfc3339 range", "match[]=up&start=2023-01-31T10:00:00Z&end=2023-01-31T11:00:00.5Z", 204, "",
                        List.of("delete 1675159200000 1675162800500 [__name__=\"up\"]")),
                arguments("empty selector deletes with no matchers", "match[]={}", 204, "",
                        List.of("delete " + MIN + " " + MAX + " []")),
                arguments("no match[]", "start=1", 400, err("bad_data", "no match[] parameter provided"), List.of()),
                arguments("bad start", "match[]=up&start=x", 400, err("bad_data",
                        "invalid parameter \"start\": Invalid time value for 'start': cannot parse \"x\" to a valid timestamp"),
                        List.of()),
                arguments("bad end", "match[]=up&end=x", 400, err("bad_data",
                        "invalid parameter \"end\": Invalid time value for 'end': cannot parse \"x\" to a valid timestamp"),
                        List.of()),
                arguments("second selector bad after first deleted", "match[]=up&match[]=up{", 400, err("bad_data",
                        "invalid parameter \"match[]\": 1:4: parse error: unexpected end of input inside braces"),
                        List.of("delete " + MIN + " " + MAX + " [__name__=\"up\"]")));
    }

    @ParameterizedTest(name = "POST {0}")
    @MethodSource("deleteSeries")
    void deleteSeriesWithPost(String name, String form, int status, String body, List<String> calls) throws Exception {
        start(true);
        assertResponse(server.form("POST", "/api/v1/admin/tsdb/delete_series", form), status, body);
        assertEquals(calls, storage.calls);
    }

    @ParameterizedTest(name = "PUT {0}")
    @MethodSource("deleteSeries")
    void deleteSeriesWithPut(String name, String form, int status, String body, List<String> calls) throws Exception {
        start(true);
        assertResponse(server.form("PUT", "/api/v1/admin/tsdb/delete_series", form), status, body);
        assertEquals(calls, storage.calls);
    }

    @Test
    void deleteSeriesTakesQueryParametersToo() throws Exception {
        start(true);
        assertResponse(server.send("POST", "/api/v1/admin/tsdb/delete_series?match[]=up&end=1"), 204, "");
        assertEquals(List.of("delete " + MIN + " 1000 [__name__=\"up\"]"), storage.calls);
    }

    @Test
    void storageFailuresAreInternal() throws Exception {
        start(true);
        storage.failure = new StorageException(StorageException.Kind.INTERNAL, "disk on fire", null);
        assertResponse(server.form("POST", "/api/v1/admin/tsdb/delete_series", "match[]=up"), 500,
                err("internal", "disk on fire"));
        assertResponse(server.send("POST", "/api/v1/admin/tsdb/clean_tombstones"), 500, err("internal", "disk on fire"));
        assertResponse(server.send("POST", "/api/v1/admin/tsdb/snapshot"), 500,
                err("internal", "create snapshot: disk on fire"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT"})
    void cleanTombstonesAnswers204(String method) throws Exception {
        start(true);
        HttpResponse<String> r = server.send(method, "/api/v1/admin/tsdb/clean_tombstones");
        assertResponse(r, 204, "");
        assertEquals(List.of("clean"), storage.calls);
    }

    static Stream<Arguments> snapshots() {
        return Stream.of(
                arguments("POST default", "POST", "", false),
                arguments("POST skip_head=true", "POST", "skip_head=true", true),
                arguments("PUT skip_head=T", "PUT", "skip_head=T", true),
                arguments("PUT skip_head=0", "PUT", "skip_head=0", false),
                arguments("POST empty skip_head", "POST", "skip_head=", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void snapshotIsNamedByTimeAndWrittenUnderTheDataDir(String name, String method, String form, boolean skipHead)
            throws Exception {
        start(true);
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> r = server.form(method, "/api/v1/admin/tsdb/snapshot", form);
        Instant after = Instant.now().plusSeconds(1);
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = SNAPSHOT.matcher(r.body());
        assertTrue(m.matches(), r.body());
        Instant t = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssX").parse(m.group(2), Instant::from);
        assertTrue(!t.isBefore(before.truncatedTo(ChronoUnit.SECONDS)) && !t.isAfter(after), m.group(2));
        Path dir = dataDir.resolve("snapshots").resolve(m.group(1));
        assertEquals("skipHead=" + skipHead, Files.readString(dir.resolve("snapshot.txt")));
        assertEquals(List.of("snapshot " + dir + " " + skipHead), storage.calls);
    }

    @Test
    void snapshotNamesDiffer() throws Exception {
        start(true);
        String a = server.send("POST", "/api/v1/admin/tsdb/snapshot").body();
        String b = server.send("POST", "/api/v1/admin/tsdb/snapshot").body();
        assertTrue(!a.equals(b), a);
    }

    @Test
    void relativeDataDirIsResolvedAgainstTheWorkingDirectory() throws Exception {
        runtime.cwd = dataDir;
        runtime.flag("storage.tsdb.path", "data/");
        AdminEndpoints admin = new AdminEndpoints(new ServerState(runtime), Clock.systemUTC(), () -> 1);
        assertEquals(dataDir.resolve("data"), admin.dataDir());
        runtime.flags.remove("storage.tsdb.path");
        assertEquals(dataDir.resolve("data"), admin.dataDir());
    }

    @Test
    void badSkipHeadIsBadData() throws Exception {
        start(true);
        assertResponse(server.form("PUT", "/api/v1/admin/tsdb/snapshot", "skip_head=maybe"), 400, err("bad_data",
                "invalid parameter \"skip_head\": unable to parse boolean: strconv.ParseBool: parsing \"maybe\": invalid syntax"));
        assertEquals(List.of(), storage.calls);
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete_series", "clean_tombstones", "snapshot"})
    void agentModeRefusesEvenWhenEnabled(String path) throws Exception {
        runtime.agent();
        start(true);
        assertResponse(server.send("POST", "/api/v1/admin/tsdb/" + path), 422,
                err("execution", "unavailable with Prometheus Agent"));
    }
}
