package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.TargetHealth;
import dev.ignis.api.scrape.TargetMetadata;
import dev.ignis.web.internal.FakeScrapeTargets;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /scrape_pools, /targets, /targets/metadata and /metadata over HTTP. The expected targets are
 * what a Prometheus 2.42 listening on 127.0.0.1:19391 on host "vm" answered for the same
 * targets (self-scrape, refused ports, an unresolvable host, a target not scraped yet, a target
 * relabeling dropped).
 */
class TargetsEndpointsTest {

    // Verbatim from Prometheus 2.42 (/api/v1/targets, one element each).
    private static final String SELF_IP = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:19391\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"3s\",\"__scrape_timeout__\":\"2s\",\"job\":\"self\"},\"labels\":{\"instance\":\"127.0.0.1:19391\",\"job\":\"self\"},\"scrapePool\":\"self\",\"scrapeUrl\":\"http://127.0.0.1:19391/metrics\",\"globalUrl\":\"http://vm:19391/metrics\",\"lastError\":\"\",\"lastScrape\":\"2026-11-27T09:40:39.891147227Z\",\"lastScrapeDuration\":0.004528544,\"health\":\"up\",\"scrapeInterval\":\"3s\",\"scrapeTimeout\":\"2s\"}";
    private static final String SELF_NAME = "{\"discoveredLabels\":{\"__address__\":\"localhost:19391\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"3s\",\"__scrape_timeout__\":\"2s\",\"job\":\"self\"},\"labels\":{\"instance\":\"localhost:19391\",\"job\":\"self\"},\"scrapePool\":\"self\",\"scrapeUrl\":\"http://localhost:19391/metrics\",\"globalUrl\":\"http://vm:19391/metrics\",\"lastError\":\"\",\"lastScrape\":\"2026-11-27T09:40:39.188373232Z\",\"lastScrapeDuration\":0.005856462,\"health\":\"up\",\"scrapeInterval\":\"3s\",\"scrapeTimeout\":\"2s\"}";
    private static final String REFUSED_IP = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:19399\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"1m30s\",\"__scrape_timeout__\":\"2s\",\"job\":\"down\",\"zone\":\"eu\"},\"labels\":{\"instance\":\"127.0.0.1:19399\",\"job\":\"down\",\"zone\":\"eu\"},\"scrapePool\":\"down\",\"scrapeUrl\":\"http://127.0.0.1:19399/metrics\",\"globalUrl\":\"http://vm:19399/metrics\",\"lastError\":\"Get \\\"http://127.0.0.1:19399/metrics\\\": dial tcp 127.0.0.1:19399: connect: connection refused\",\"lastScrape\":\"2026-11-27T09:42:55.095411677Z\",\"lastScrapeDuration\":0.000410932,\"health\":\"down\",\"scrapeInterval\":\"1m30s\",\"scrapeTimeout\":\"2s\"}";
    private static final String REFUSED_V6 = "{\"discoveredLabels\":{\"__address__\":\"[::1]:19398\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"1m30s\",\"__scrape_timeout__\":\"2s\",\"job\":\"down\",\"zone\":\"eu\"},\"labels\":{\"instance\":\"[::1]:19398\",\"job\":\"down\",\"zone\":\"eu\"},\"scrapePool\":\"down\",\"scrapeUrl\":\"http://[::1]:19398/metrics\",\"globalUrl\":\"http://vm:19398/metrics\",\"lastError\":\"Get \\\"http://[::1]:19398/metrics\\\": dial tcp [::1]:19398: connect: connection refused\",\"lastScrape\":\"2026-11-27T09:42:53.819133075Z\",\"lastScrapeDuration\":0.00046996,\"health\":\"down\",\"scrapeInterval\":\"1m30s\",\"scrapeTimeout\":\"2s\"}";
    private static final String NO_HOST = "{\"discoveredLabels\":{\"__address__\":\"example.invalid:80\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"1m30s\",\"__scrape_timeout__\":\"2s\",\"job\":\"down\",\"zone\":\"eu\"},\"labels\":{\"instance\":\"example.invalid:80\",\"job\":\"down\",\"zone\":\"eu\"},\"scrapePool\":\"down\",\"scrapeUrl\":\"http://example.invalid:80/metrics\",\"globalUrl\":\"http://example.invalid:80/metrics\",\"lastError\":\"Get \\\"http://example.invalid:80/metrics\\\": dial tcp: lookup example.invalid on 10.255.255.53:53: no such host\",\"lastScrape\":\"2026-11-27T09:42:00.479962694Z\",\"lastScrapeDuration\":0.001451882,\"health\":\"down\",\"scrapeInterval\":\"1m30s\",\"scrapeTimeout\":\"2s\"}";
    private static final String DROPPER = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:19395\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"3s\",\"__scrape_timeout__\":\"2s\",\"job\":\"dropper\"},\"labels\":{\"instance\":\"127.0.0.1:19395\",\"job\":\"dropper\"},\"scrapePool\":\"dropper\",\"scrapeUrl\":\"http://127.0.0.1:19395/metrics\",\"globalUrl\":\"http://vm:19395/metrics\",\"lastError\":\"Get \\\"http://127.0.0.1:19395/metrics\\\": dial tcp 127.0.0.1:19395: connect: connection refused\",\"lastScrape\":\"2026-11-27T09:40:39.68831126Z\",\"lastScrapeDuration\":0.000352124,\"health\":\"down\",\"scrapeInterval\":\"3s\",\"scrapeTimeout\":\"2s\"}";
    private static final String AWAITING = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:19397\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"1h\",\"__scrape_timeout__\":\"2s\",\"job\":\"awaiting\"},\"labels\":{\"instance\":\"127.0.0.1:19397\",\"job\":\"awaiting\"},\"scrapePool\":\"awaiting\",\"scrapeUrl\":\"http://127.0.0.1:19397/metrics\",\"globalUrl\":\"http://vm:19397/metrics\",\"lastError\":\"\",\"lastScrape\":\"0001-01-01T00:00:00Z\",\"lastScrapeDuration\":0,\"health\":\"unknown\",\"scrapeInterval\":\"1h\",\"scrapeTimeout\":\"2s\"}";
    private static final String DROPPED = "{\"discoveredLabels\":{\"__address__\":\"127.0.0.1:19396\",\"__metrics_path__\":\"/metrics\",\"__scheme__\":\"http\",\"__scrape_interval__\":\"3s\",\"__scrape_timeout__\":\"2s\",\"job\":\"dropper\"}}";
    private static final String DROPPED_AWAITING = "{\"discoveredLabels\":{\"__address__\":\"10.0.0.1:9100\",\"job\":\"awaiting\"}}";

    private static final Labels SELF_IP_LABELS = Labels.of("instance", "127.0.0.1:19391", "job", "self");
    private static final Labels SELF_NAME_LABELS = Labels.of("instance", "localhost:19391", "job", "self");
    private static final Labels REFUSED_LABELS = Labels.of("instance", "127.0.0.1:19399", "job", "down", "zone", "eu");

    /** The pools in config order, each pool's targets in the order the scrape manager lists them. */
    static FakeScrapeTargets scraped() {
        return new FakeScrapeTargets(List.of("self", "down", "dropper", "awaiting"), List.of(
                target("self", "127.0.0.1:19391", "3s", SELF_IP_LABELS, "", "2026-11-27T09:40:39.891147227Z", 4528544,
                        TargetHealth.UP, 3),
                target("self", "localhost:19391", "3s", SELF_NAME_LABELS, "", "2026-11-27T09:40:39.188373232Z", 5856462,
                        TargetHealth.UP, 3),
                target("down", "127.0.0.1:19399", "1m30s", REFUSED_LABELS,
                        "Get \"http://127.0.0.1:19399/metrics\": dial tcp 127.0.0.1:19399: connect: connection refused",
                        "2026-11-27T09:42:55.095411677Z", 410932, TargetHealth.DOWN, 90),
                target("down", "[::1]:19398", "1m30s", Labels.of("instance", "[::1]:19398", "job", "down", "zone", "eu"),
                        "Get \"http://[::1]:19398/metrics\": dial tcp [::1]:19398: connect: connection refused",
                        "2026-11-27T09:42:53.819133075Z", 469960, TargetHealth.DOWN, 90),
                target("down", "example.invalid:80", "1m30s",
                        Labels.of("instance", "example.invalid:80", "job", "down", "zone", "eu"),
                        "Get \"http://example.invalid:80/metrics\": dial tcp: lookup example.invalid on 10.255.255.53:53: no such host",
                        "2026-11-27T09:42:00.479962694Z", 1451882, TargetHealth.DOWN, 90),
                target("dropper", "127.0.0.1:19395", "3s", Labels.of("instance", "127.0.0.1:19395", "job", "dropper"),
                        "Get \"http://127.0.0.1:19395/metrics\": dial tcp 127.0.0.1:19395: connect: connection refused",
                        "2026-11-27T09:40:39.68831126Z", 352124, TargetHealth.DOWN, 3),
                target("awaiting", "127.0.0.1:19397", "1h", Labels.of("instance", "127.0.0.1:19397", "job", "awaiting"),
                        "", null, 0, TargetHealth.UNKNOWN, 3600)),
                List.of(new DroppedTarget(Labels.of("__address__", "127.0.0.1:19396", "__metrics_path__", "/metrics",
                        "__scheme__", "http", "__scrape_interval__", "3s", "__scrape_timeout__", "2s", "job", "dropper"), "dropper"),
                        new DroppedTarget(Labels.of("__address__", "10.0.0.1:9100", "job", "awaiting"), "awaiting")),
                List.of(
                        new TargetMetadata(SELF_IP_LABELS, "go_goroutines", "gauge", "Number of goroutines that currently exist.", ""),
                        new TargetMetadata(SELF_IP_LABELS, "go_threads", "gauge", "Number of OS threads created.", ""),
                        new TargetMetadata(SELF_NAME_LABELS, "go_goroutines", "gauge", "Number of goroutines that currently exist.", ""),
                        new TargetMetadata(SELF_NAME_LABELS, "go_threads", "gauge", "Number of OS threads created.", ""),
                        new TargetMetadata(REFUSED_LABELS, "go_goroutines", "gauge", "Goroutines.", ""),
                        new TargetMetadata(REFUSED_LABELS, "cpu", "counter", "CPU time <used>.", "seconds")));
    }

    private static ActiveTarget target(String pool, String address, String interval, Labels labels, String error,
            String lastScrape, long nanos, TargetHealth health, long intervalSeconds) {
        Labels discovered = labels.toBuilder().delete("instance").set("__address__", address)
                .set("__metrics_path__", "/metrics").set("__scheme__", "http").set("__scrape_interval__", interval)
                .set("__scrape_timeout__", "2s").build();
        return new ActiveTarget(discovered, labels, pool, "http://" + address + "/metrics", error,
                lastScrape == null ? null : Instant.parse(lastScrape), Duration.ofNanos(nanos), health,
                Duration.ofSeconds(intervalSeconds), Duration.ofSeconds(2));
    }

    private final Fakes.Runtime runtime = new Fakes.Runtime().flag("web.listen-address", "127.0.0.1:19391")
            .flag("web.external-url", "http://vm:19391/");
    private final HttpMetrics metrics = new HttpMetrics();
    private ServerState state;
    private TestServer server;

    private TestServer start(FakeScrapeTargets targets) throws Exception {
        return start(targets, ZoneOffset.UTC);
    }

    private TestServer start(FakeScrapeTargets targets, ZoneId zone) throws Exception {
        state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, metrics, zone);
        state.setConfigSource(new Fakes.Config());
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(new Fakes.NoStorage());
        }
        state.setSelectorParser(new FakeSelectorParser());
        if (targets != null) {
            state.setScrapeTargets(targets);
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

    private static String ok(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    private static String err(String type, String message) {
        return "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message.replace("\"", "\\\"") + "\"}";
    }

    private static String targets(List<String> active, List<String> dropped) {
        return ok("{\"activeTargets\":[" + String.join(",", active) + "],\"droppedTargets\":[" + String.join(",", dropped) + "]}");
    }

    private void assertGet(String pathAndQuery, int status, String body) throws Exception {
        if (pathAndQuery.contains("%") || pathAndQuery.contains(";")) {
            TestServer.RawResponse r = server.rawGet(pathAndQuery);
            assertEquals(body, r.body(), pathAndQuery);
            assertEquals(status, r.status());
            return;
        }
        HttpResponse<String> r = server.get(pathAndQuery);
        assertEquals(body, r.body(), pathAndQuery);
        assertEquals(status, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void scrapePoolsAreSorted() throws Exception {
        start(scraped());
        assertGet("/api/v1/scrape_pools", 200, ok("{\"scrapePools\":[\"awaiting\",\"down\",\"dropper\",\"self\"]}"));
    }

    static Stream<Arguments> targetQueries() {
        List<String> allActive = List.of(AWAITING, REFUSED_IP, REFUSED_V6, NO_HOST, DROPPER, SELF_IP, SELF_NAME);
        List<String> allDropped = List.of(DROPPED_AWAITING, DROPPED);
        return Stream.of(
                arguments("no state: both, pools sorted", "", targets(allActive, allDropped)),
                arguments("any", "state=any", targets(allActive, allDropped)),
                arguments("active", "state=active", targets(allActive, List.of())),
                arguments("state is case-insensitive", "state=ACTIVE&scrapePool=self",
                        targets(List.of(SELF_IP, SELF_NAME), List.of())),
                arguments("dropped", "state=dropped", targets(List.of(), allDropped)),
                arguments("unknown state lists nothing", "state=bogus", targets(List.of(), List.of())),
                arguments("pool filters active and dropped", "scrapePool=dropper", targets(List.of(DROPPER), List.of(DROPPED))),
                arguments("pool of active targets only", "scrapePool=down", targets(List.of(REFUSED_IP, REFUSED_V6, NO_HOST), List.of())),
                arguments("dropped of another pool", "state=dropped&scrapePool=self", targets(List.of(), List.of())),
                arguments("unknown pool", "scrapePool=nope", targets(List.of(), List.of())),
                arguments("first pool value wins", "scrapePool=self&scrapePool=down", targets(List.of(SELF_IP, SELF_NAME), List.of())),
                arguments("bad escape elsewhere is ignored", "state=dropped&x=%zz", targets(List.of(), allDropped)),
                arguments("pair with semicolon is skipped", "state=dropped;x=1", targets(allActive, allDropped)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetQueries")
    void targetsAsPrometheus(String name, String query, String body) throws Exception {
        start(scraped());
        assertGet("/api/v1/targets" + (query.isEmpty() ? "" : "?" + query), 200, body);
    }

    @Test
    void lastScrapeIsInTheServerZoneExceptTheZeroTime() throws Exception {
        start(scraped(), ZoneOffset.ofHours(2));
        String body = server.get("/api/v1/targets?scrapePool=self").body();
        assertEquals(true, body.contains("\"lastScrape\":\"2026-11-27T11:40:39.891147227+02:00\""), body);
        String awaiting = server.get("/api/v1/targets?scrapePool=awaiting").body();
        assertEquals(true, awaiting.contains("\"lastScrape\":\"0001-01-01T00:00:00Z\""), awaiting);
    }

    @Test
    void globalUrlErrorIsAppendedToTheLastError() throws Exception {
        runtime.flag("web.listen-address", "127.0.0.1");
        start(new FakeScrapeTargets(List.of("p"), List.of(
                target("p", "localhost:9100", "15s", Labels.of("instance", "localhost:9100", "job", "p"), "", null, 0,
                        TargetHealth.UNKNOWN, 15),
                target("p", "127.0.0.1:9101", "15s", Labels.of("instance", "127.0.0.1:9101", "job", "p"),
                        "server returned HTTP status 500", null, 0, TargetHealth.DOWN, 15)), List.of(), List.of()));
        String body = server.get("/api/v1/targets?state=active").body();
        assertEquals(true, body.contains("\"globalUrl\":\"http://localhost:9100/metrics\","
                + "\"lastError\":\": address 127.0.0.1: missing port in address\""), body);
        assertEquals(true, body.contains("\"globalUrl\":\"http://127.0.0.1:9101/metrics\","
                + "\"lastError\":\"server returned HTTP status 500: address 127.0.0.1: missing port in address\""), body);
    }

    @Test
    void withoutExternalUrlTheHostnameReplacesLocalhost() throws Exception {
        runtime.flags.remove("web.external-url");
        start(scraped());
        String body = server.get("/api/v1/targets?scrapePool=awaiting").body();
        String expected = "\"globalUrl\":\"http://" + GlobalUrl.osHostname() + ":19397/metrics\"";
        assertEquals(true, body.contains(expected), body);
    }

    private static final String MD_SELF_IP = "{\"target\":{\"instance\":\"127.0.0.1:19391\",\"job\":\"self\"},";
    private static final String MD_SELF_NAME = "{\"target\":{\"instance\":\"localhost:19391\",\"job\":\"self\"},";
    private static final String MD_REFUSED = "{\"target\":{\"instance\":\"127.0.0.1:19399\",\"job\":\"down\",\"zone\":\"eu\"},";
    private static final String GOROUTINES = "\"type\":\"gauge\",\"help\":\"Number of goroutines that currently exist.\",\"unit\":\"\"}";
    private static final String THREADS = "\"type\":\"gauge\",\"help\":\"Number of OS threads created.\",\"unit\":\"\"}";
    private static final String GOROUTINES_OTHER = "\"type\":\"gauge\",\"help\":\"Goroutines.\",\"unit\":\"\"}";
    private static final String CPU = "\"type\":\"counter\",\"help\":\"CPU time \\u003cused\\u003e.\",\"unit\":\"seconds\"}";

    private static String named(String metric, String rest) {
        return "\"metric\":\"" + metric + "\"," + rest;
    }

    static Stream<Arguments> targetMetadataQueries() {
        String selfIp = MD_SELF_IP + named("go_goroutines", GOROUTINES) + "," + MD_SELF_IP + named("go_threads", THREADS);
        String selfName = MD_SELF_NAME + named("go_goroutines", GOROUTINES) + "," + MD_SELF_NAME + named("go_threads", THREADS);
        String refused = MD_REFUSED + named("go_goroutines", GOROUTINES_OTHER) + "," + MD_REFUSED + named("cpu", CPU);
        return Stream.of(
                arguments("everything", "", 200, ok("[" + selfIp + "," + selfName + "," + refused + "]")),
                arguments("one metric, without its name", "metric=go_goroutines", 200, ok("[" + MD_SELF_IP + GOROUTINES + ","
                        + MD_SELF_NAME + GOROUTINES + "," + MD_REFUSED + GOROUTINES_OTHER + "]")),
                arguments("target selector (Prometheus's example)",
                        "metric=go_goroutines&match_target={instance=\"localhost:19391\"}", 200,
                        ok("[" + MD_SELF_NAME + GOROUTINES + "]")),
                arguments("regex selector", "match_target={job=~\"d.*\",zone!=\"us\"}", 200, ok("[" + refused + "]")),
                arguments("metric name selector matches no target", "match_target=go_goroutines", 200, ok("[]")),
                arguments("empty selector matches all", "match_target={}&metric=cpu", 200, ok("[" + MD_REFUSED + CPU + "]")),
                arguments("limit counts before each target", "limit=1", 200, ok("[" + selfIp + "]")),
                arguments("limit 3 lists two whole targets", "limit=3", 200, ok("[" + selfIp + "," + selfName + "]")),
                arguments("limit 0", "limit=0", 200, ok("[]")),
                arguments("negative limit is none", "limit=-5&metric=go_threads", 200,
                        ok("[" + MD_SELF_IP + THREADS + "," + MD_SELF_NAME + THREADS + "]")),
                arguments("signed limit", "limit=%2B1&metric=go_threads", 200, ok("[" + MD_SELF_IP + THREADS + "]")),
                arguments("first limit wins", "limit=1&limit=x&metric=cpu", 200, ok("[" + MD_REFUSED + CPU + "]")),
                arguments("unknown metric", "metric=nonexistent", 200, ok("[]")),
                arguments("limit not a number", "limit=abc", 400, err("bad_data", "limit must be a number")),
                arguments("plus is a space", "limit=+1", 400, err("bad_data", "limit must be a number")),
                arguments("fraction", "limit=1.5", 400, err("bad_data", "limit must be a number")),
                arguments("limit checked before selector", "limit=x&match_target=up{", 400,
                        err("bad_data", "limit must be a number")),
                arguments("selector parse error", "match_target=up{", 400, err("bad_data",
                        "invalid parameter \"match_target\": 1:4: parse error: unexpected end of input inside braces")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targetMetadataQueries")
    void targetMetadataAsPrometheus(String name, String query, int status, String body) throws Exception {
        start(scraped());
        assertGet("/api/v1/targets/metadata" + (query.isEmpty() ? "" : "?" + query), status, body);
    }

    @Test
    void targetSelectorNeedsTheParser() throws Exception {
        start(scraped());
        state.unsetSelectorParser(state.selectorParser());
        assertGet("/api/v1/targets/metadata?match_target={job=\"self\"}", 500,
                err("unavailable", "selector parser not available"));
        assertGet("/api/v1/targets/metadata?metric=cpu", 200, ok("[" + MD_REFUSED + CPU + "]"));
    }

    static Stream<Arguments> metadataQueries() {
        String cpu = "\"cpu\":[{" + CPU.substring(0, CPU.length() - 1) + "}]";
        String goroutines = "\"go_goroutines\":[{" + GOROUTINES + ",{" + GOROUTINES_OTHER + "]";
        String threads = "\"go_threads\":[{" + THREADS + "]";
        return Stream.of(
                arguments("deduplicated across targets, sorted", "", 200, ok("{" + cpu + "," + goroutines + "," + threads + "}")),
                arguments("one metric", "metric=go_threads", 200, ok("{" + threads + "}")),
                arguments("one metric, two descriptions", "metric=go_goroutines", 200, ok("{" + goroutines + "}")),
                arguments("unknown metric", "metric=nonexistent", 200, ok("{}")),
                arguments("limit keeps the first metrics", "limit=2", 200, ok("{" + cpu + "," + goroutines + "}")),
                arguments("limit 0", "limit=0", 200, ok("{}")),
                arguments("negative limit is none", "limit=-1", 200, ok("{" + cpu + "," + goroutines + "," + threads + "}")),
                arguments("limit not a number", "limit=abc", 400, err("bad_data", "limit must be a number")),
                arguments("limit beyond int64", "limit=9223372036854775808", 400, err("bad_data", "limit must be a number")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metadataQueries")
    void metadataAsPrometheus(String name, String query, int status, String body) throws Exception {
        start(scraped());
        assertGet("/api/v1/metadata" + (query.isEmpty() ? "" : "?" + query), status, body);
    }

    static Stream<Arguments> emptyAnswers() {
        return Stream.of(
                arguments("/api/v1/scrape_pools", ok("{\"scrapePools\":[]}")),
                arguments("/api/v1/targets", targets(List.of(), List.of())),
                arguments("/api/v1/targets/metadata?match_target={job=\"self\"}", ok("[]")),
                arguments("/api/v1/metadata", ok("{}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyAnswers")
    void withoutScrapeServiceNothingIsScraped(String path, String body) throws Exception {
        start(null);
        assertGet(path, 200, body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptyAnswers")
    void nothingScrapedYetGivesEmptyLists(String path, String body) throws Exception {
        start(new FakeScrapeTargets(List.of(), List.of(), List.of(), List.of()));
        assertGet(path, 200, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/scrape_pools", "/api/v1/targets?scrapePool=self", "/api/v1/targets/metadata?metric=go_threads",
        "/api/v1/metadata?metric=go_threads"})
    void agentServesTheScrapeEndpoints(String path) throws Exception {
        runtime.agent();
        start(scraped());
        HttpResponse<String> agent = server.get(path);
        server.close();
        runtime.agent = false;
        start(scraped());
        HttpResponse<String> prometheus = server.get(path);
        assertEquals(200, agent.statusCode());
        assertEquals(prometheus.body(), agent.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/scrape_pools", "/api/v1/targets", "/api/v1/targets/metadata", "/api/v1/metadata"})
    void unavailableUntilReadyAndGetOnly(String path) throws Exception {
        state = new ServerState(runtime);
        server = new TestServer().mount(new ApiServlet(state, metrics, ZoneOffset.UTC), "/api/v1/*").start();
        state.setScrapeTargets(scraped());
        HttpResponse<String> r = server.get(path);
        assertEquals(503, r.statusCode());
        assertEquals("Service Unavailable", r.body());
        state.setConfigSource(new Fakes.Config());
        state.setStorage(new Fakes.NoStorage());
        assertEquals(200, server.get(path).statusCode());
        HttpResponse<String> post = server.send("POST", path);
        assertEquals(405, post.statusCode());
        assertEquals("Method Not Allowed\n", post.body());
    }

    @Test
    void handlerLabelsArePrometheusRoutePatterns() throws Exception {
        start(scraped());
        server.get("/api/v1/scrape_pools");
        server.get("/api/v1/targets");
        server.get("/api/v1/targets/metadata?limit=x");
        server.get("/api/v1/metadata");
        assertEquals(new TreeSet<>(Set.of("/api/v1/scrape_pools 200 1", "/api/v1/targets 200 1",
                "/api/v1/targets/metadata 400 1", "/api/v1/metadata 200 1")),
                new TreeSet<>(RouteNamesTest.requestCounts(metrics)));
    }

    @ParameterizedTest(name = "{0} ns -> {1}")
    @org.junit.jupiter.params.provider.CsvSource({
        "0, 0", "4528544, 0.004528544", "1500000000, 1.5", "-1500000000, -1.5", "90000000000, 90", "1, 1e-09"})
    void scrapeDurationIsGoSeconds(long nanos, String expected) {
        assertEquals(expected, dev.ignis.web.internal.text.GoFloat.formatApi(TargetsEndpoints.seconds(Duration.ofNanos(nanos))));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
        "0, 0", "+7, 7", "-7, -7", "-9223372036854775808, -9223372036854775808", "9223372036854775807, 9223372036854775807",
        "9223372036854775808, -", "'', -", "+, -", "1_0, -", "0x10, -", "' 1', -", "\u0661, -"})
    void limitIsReadAsGoAtoi(String text, Long expected) {
        if (expected == null) {
            org.junit.jupiter.api.Assertions.assertThrows(NumberFormatException.class, () -> TargetsEndpoints.atoi(text));
        } else {
            assertEquals(expected, TargetsEndpoints.atoi(text));
        }
    }
}
