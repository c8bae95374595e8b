package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.notifier.Alertmanagers;
import dev.ignis.api.rules.ActiveAlert;
import dev.ignis.api.rules.RuleGroupState;
import dev.ignis.api.rules.RuleManager;
import dev.ignis.api.rules.RuleState;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /rules, /alerts and /alertmanagers over HTTP. The expected bodies under
 * {@code prometheus-2.42/rules/} are what a Prometheus 2.42 answered for the {@code rules.yml}
 * and {@code prometheus.yml} next to them; the fake services below hold the same state.
 */
class RulesEndpointsTest {

    private static final Instant ACTIVE_AT = Instant.parse("2026-11-27T10:42:00.151810036Z");

    private static ActiveAlert alert(Labels labels, Labels annotations, String state, double value) {
        return new ActiveAlert(labels, annotations, state, ACTIVE_AT, value, null);
    }

    private static final ActiveAlert FIRING = alert(Labels.of("alertname", "AlwaysFiring", "severity", "page"),
            Labels.of("summary", "value 1"), "firing", 1);
    private static final ActiveAlert PENDING = alert(Labels.of("alertname", "Pending"), Labels.EMPTY, "pending", 2.5);

    /** The rule manager of the recorded Prometheus, sixteen seconds after start. */
    static final class RecordedRules implements RuleManager {
        @Override
        public List<RuleGroupState> groups() {
            RuleState alwaysFiring = new RuleState("AlwaysFiring", "vector(1) > 0", true, Duration.ZERO, Duration.ZERO,
                    Labels.of("severity", "page"), Labels.of("summary", "value {{ $value }}"), "firing", List.of(FIRING),
                    "ok", "", Duration.ofNanos(435238), Instant.parse("2026-11-27T10:42:16.152829327Z"));
            RuleState pending = new RuleState("Pending", "vector(2.5)", true, Duration.ofHours(1), Duration.ofMinutes(5),
                    Labels.EMPTY, Labels.EMPTY, "pending", List.of(PENDING), "ok", "", Duration.ofNanos(80881),
                    Instant.parse("2026-11-27T10:42:16.15326809Z"));
            RuleState never = new RuleState("Never", "vector(1) < 0", true, Duration.ZERO, Duration.ZERO, Labels.EMPTY,
                    Labels.EMPTY, "inactive", List.of(), "ok", "", Duration.ofNanos(49394),
                    Instant.parse("2026-11-27T10:42:16.153349922Z"));
            RuleState rec = new RuleState("job:rec", "vector(3)", false, Duration.ZERO, Duration.ZERO, Labels.of("a", "b"),
                    Labels.EMPTY, "", List.of(), "ok", "", Duration.ofNanos(80771),
                    Instant.parse("2026-11-27T10:42:16.153400327Z"));
            RuleState plain = new RuleState("plain", "vector(4)", false, Duration.ZERO, Duration.ZERO, Labels.EMPTY,
                    Labels.EMPTY, "", List.of(), "ok", "", Duration.ofNanos(82433),
                    Instant.parse("2026-11-27T10:42:16.153481949Z"));
            RuleState bad = new RuleState("bad", "label_replace(vector(1), \"x\", \"$1\", \"nonexistent\", \"(\")", false,
                    Duration.ZERO, Duration.ZERO, Labels.EMPTY, Labels.EMPTY, "", List.of(), "unknown", "", Duration.ZERO,
                    null);
            return List.of(
                    new RuleGroupState("g1", "rules.yml", Duration.ofSeconds(1), 10,
                            List.of(alwaysFiring, pending, never, rec, plain), Duration.ofNanos(752100),
                            Instant.parse("2026-11-27T10:42:16.152814986Z")),
                    new RuleGroupState("g2", "rules.yml", Duration.ofMinutes(1), 0, List.of(bad), Duration.ZERO, null));
        }

        @Override
        public List<ActiveAlert> alerts() {
            return List.of(FIRING, PENDING);
        }
    }

    static final class RecordedAlertmanagers implements Alertmanagers {
        @Override
        public List<String> active() {
            return List.of("http://127.0.0.1:19399/api/v2/alerts");
        }

        @Override
        public List<String> dropped() {
            return List.of("http://127.0.0.1:19398/am/api/v2/alerts");
        }
    }

    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private TestServer server;

    private void start(boolean withServices) throws Exception {
        ServerState state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, new HttpMetrics(), ZoneOffset.UTC);
        state.setConfigSource(new Fakes.Config());
        if (runtime.agent) {
            state.setAppendable(Fakes.agentStorage());
        } else {
            state.setStorage(new Fakes.NoStorage());
        }
        if (withServices) {
            state.setRuleManager(new RecordedRules());
            state.setAlertmanagers(new RecordedAlertmanagers());
        }
        server = new TestServer().mount(servlet, "/api/v1/*").start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = RulesEndpointsTest.class.getResourceAsStream("/prometheus-2.42/rules/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertGet(String path, int status, String body) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertEquals(body, r.body(), path);
        assertEquals(status, r.statusCode(), path);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/v1/rules,                 rec_rules.json",
        "/api/v1/rules?type=alert,      rec_rules_type_alert.json",
        "/api/v1/rules?type=ALERT,      rec_rules_type_alert.json",
        "/api/v1/rules?type=record,     rec_rules_type_record.json",
        "/api/v1/rules?type=,           rec_rules.json",
        "/api/v1/rules?type=record&type=x, rec_rules_type_record.json",
        "/api/v1/alerts,                rec_alerts.json",
        "/api/v1/alertmanagers,         rec_alertmanagers.json",
    })
    void answersAsPrometheus(String path, String file) throws Exception {
        start(true);
        assertGet(path, 200, recorded(file));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/api/v1/rules              | {\"groups\":[]}",
        "/api/v1/rules?type=alert   | {\"groups\":[]}",
        "/api/v1/alerts             | {\"alerts\":[]}",
        "/api/v1/alertmanagers      | {\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[]}",
    })
    void withoutRulesOrNotifierTheListsAreEmpty(String path, String data) throws Exception {
        start(false);
        assertGet(path, 200, "{\"status\":\"success\",\"data\":" + data + "}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "alerts", "Recording"})
    void otherRuleTypesAreBadData(String type) throws Exception {
        start(true);
        assertGet("/api/v1/rules?type=" + type, 400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":"
                + "\"invalid parameter \\\"type\\\": not supported value \\\"" + type.toLowerCase(java.util.Locale.ROOT)
                + "\\\"\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/rules", "/api/v1/alerts", "/api/v1/alertmanagers"})
    void onlyGetIsRouted(String path) throws Exception {
        start(true);
        HttpResponse<String> r = server.send("POST", path);
        assertEquals(405, r.statusCode(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/rules", "/api/v1/rules?type=foo", "/api/v1/alerts", "/api/v1/alertmanagers"})
    void agentRefuses(String path) throws Exception {
        runtime.agent();
        start(false);
        assertGet(path, 422,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"unavailable with Prometheus Agent\"}");
    }

    @Test
    void alertTimesFollowTheServerZone() throws Exception {
        ServerState state = new ServerState(runtime);
        ApiServlet servlet = new ApiServlet(state, new HttpMetrics(), ZoneOffset.ofHours(2));
        state.setConfigSource(new Fakes.Config());
        state.setStorage(new Fakes.NoStorage());
        state.setRuleManager(new RecordedRules());
        server = new TestServer().mount(servlet, "/api/v1/*").start();
        String body = server.get("/api/v1/alerts").body();
        assertEquals(true, body.contains("\"activeAt\":\"2026-11-27T12:42:00.151810036+02:00\""), body);
    }
}
