package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.notifier.Alertmanagers;
import dev.ignis.api.rules.ActiveAlert;
import dev.ignis.api.rules.RuleGroupState;
import dev.ignis.api.rules.RuleManager;
import dev.ignis.api.rules.RuleState;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.text.GoFloat;
import dev.ignis.web.internal.text.GoTime;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * {@code /rules}, {@code /alerts} and {@code /alertmanagers}: what the {@link RuleManager} and
 * {@link Alertmanagers} services report, shaped as Prometheus 2.42 answers. Without those
 * services the answers are the empty lists of a Prometheus with no rule files and no
 * {@code alerting} section. Refused in agent mode by the servlet, as 2.42's agent does.
 */
public final class RulesEndpoints {

    private final ServerState state;
    private final ZoneId zone;

    /** @param zone the zone evaluation and alert times are shown in (Prometheus: local time) */
    public RulesEndpoints(ServerState state, ZoneId zone) {
        this.state = state;
        this.zone = zone;
    }

    /**
     * {@code {"groups":[...]}}. {@code type} (query string, case-insensitive) {@code alert} or
     * {@code record} keeps only that kind of rule; a group left without rules stays in the
     * list with {@code "rules":[]}, as in 2.42. Any other non-empty value is
     * {@code bad_data} {@code invalid parameter "type": not supported value "<type>"}.
     */
    public ApiResult rules(HttpServletRequest req) throws ApiException {
        // GET only, so the form is the query string; value() is its first "type".
        String type = ApiParams.form(req).value("type").toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
            throw ApiParams.invalidParam("type", "not supported value " + GoQuote.quote(type));
        }
        boolean alerting = type.isEmpty() || type.equals("alert");
        boolean recording = type.isEmpty() || type.equals("record");
        RuleManager manager = state.ruleManager();
        List<RuleGroupState> groups = manager == null ? List.of() : manager.groups();
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("groups");
            for (RuleGroupState group : groups) {
                writeGroup(g, group, alerting, recording);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"alerts":[...]}}: every pending and firing alert. */
    public ApiResult alerts(HttpServletRequest req) {
        RuleManager manager = state.ruleManager();
        List<ActiveAlert> alerts = manager == null ? List.of() : manager.alerts();
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeFieldName("alerts");
            writeAlerts(g, alerts);
            g.writeEndObject();
        });
    }

    /** {@code {"activeAlertmanagers":[{"url":...}],"droppedAlertmanagers":[...]}}. */
    public ApiResult alertmanagers(HttpServletRequest req) {
        Alertmanagers ams = state.alertmanagers();
        List<String> active = ams == null ? List.of() : ams.active();
        List<String> dropped = ams == null ? List.of() : ams.dropped();
        return ApiResult.of(g -> {
            g.writeStartObject();
            writeUrls(g, "activeAlertmanagers", active);
            writeUrls(g, "droppedAlertmanagers", dropped);
            g.writeEndObject();
        });
    }

    private static void writeUrls(JsonGenerator g, String field, List<String> urls) throws IOException {
        g.writeArrayFieldStart(field);
        for (String url : urls) {
            g.writeStartObject();
            g.writeStringField("url", url);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void writeGroup(JsonGenerator g, RuleGroupState group, boolean alerting, boolean recording)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", group.name());
        g.writeStringField("file", group.file());
        g.writeArrayFieldStart("rules");
        for (RuleState rule : group.rules()) {
            if (rule.alerting() ? alerting : recording) {
                writeRule(g, rule);
            }
        }
        g.writeEndArray();
        g.writeFieldName("interval");
        writeSeconds(g, group.interval());
        g.writeNumberField("limit", group.limit());
        g.writeFieldName("evaluationTime");
        writeSeconds(g, group.evaluationTime());
        g.writeStringField("lastEvaluation", time(group.lastEvaluation()));
        g.writeEndObject();
    }

    // Field order and omissions follow 2.42's AlertingRule and RecordingRule structs: an
    // alerting rule always has labels, annotations and alerts; a recording rule drops empty
    // labels; both drop an empty lastError.
    private void writeRule(JsonGenerator g, RuleState rule) throws IOException {
        g.writeStartObject();
        if (rule.alerting()) {
            g.writeStringField("state", rule.state());
            g.writeStringField("name", rule.name());
            g.writeStringField("query", rule.query());
            g.writeFieldName("duration");
            writeSeconds(g, rule.duration());
            g.writeFieldName("keepFiringFor");
            writeSeconds(g, rule.keepFiringFor());
            g.writeFieldName("labels");
            SeriesEndpoints.writeLabels(g, orEmpty(rule.labels()));
            g.writeFieldName("annotations");
            SeriesEndpoints.writeLabels(g, orEmpty(rule.annotations()));
            g.writeFieldName("alerts");
            writeAlerts(g, rule.alerts());
        } else {
            g.writeStringField("name", rule.name());
            g.writeStringField("query", rule.query());
            if (rule.labels() != null && rule.labels().size() > 0) {
                g.writeFieldName("labels");
                SeriesEndpoints.writeLabels(g, rule.labels());
            }
        }
        g.writeStringField("health", rule.health());
        if (rule.lastError() != null && !rule.lastError().isEmpty()) {
            g.writeStringField("lastError", rule.lastError());
        }
        g.writeFieldName("evaluationTime");
        writeSeconds(g, rule.evaluationTime());
        g.writeStringField("lastEvaluation", time(rule.lastEvaluation()));
        g.writeStringField("type", rule.alerting() ? "alerting" : "recording");
        g.writeEndObject();
    }

    private void writeAlerts(JsonGenerator g, List<ActiveAlert> alerts) throws IOException {
        g.writeStartArray();
        for (ActiveAlert a : alerts) {
            g.writeStartObject();
            g.writeFieldName("labels");
            SeriesEndpoints.writeLabels(g, orEmpty(a.labels()));
            g.writeFieldName("annotations");
            SeriesEndpoints.writeLabels(g, orEmpty(a.annotations()));
            g.writeStringField("state", a.state());
            // activeAt is omitempty on a pointer in 2.42: present whenever the alert is.
            if (a.activeAt() != null) {
                g.writeStringField("activeAt", GoTime.rfc3339Nano(a.activeAt(), zone));
            }
            if (a.keepFiringSince() != null) {
                g.writeStringField("keepFiringSince", GoTime.rfc3339Nano(a.keepFiringSince(), zone));
            }
            g.writeStringField("value", GoFloat.formatExponent(a.value()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Go's {@code Duration.Seconds()} as encoding/json writes a float64. */
    private static void writeSeconds(JsonGenerator g, Duration d) throws IOException {
        double seconds = d == null ? 0 : d.getSeconds() + d.getNano() / 1e9;
        g.writeNumber(GoFloat.formatApi(seconds));
    }

    /** RFC 3339 with nanoseconds; a rule never evaluated has Go's zero time. */
    private String time(Instant t) {
        return t == null ? TargetsEndpoints.ZERO_TIME : GoTime.rfc3339Nano(t, zone);
    }

    private static Labels orEmpty(Labels l) {
        return l == null ? Labels.EMPTY : l;
    }
}
