package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.ScrapeTargets;
import dev.ignis.api.scrape.TargetMetadata;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.text.GoDurations;
import dev.ignis.web.internal.text.GoFloat;
import dev.ignis.web.internal.text.GoTime;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code /scrape_pools}, {@code /targets}, {@code /targets/metadata} and {@code /metadata}:
 * what the {@link ScrapeTargets} service reports, shaped as Prometheus 2.42 answers. Served in
 * agent mode too (an agent scrapes). Without a scrape service every list is empty, as a
 * Prometheus whose scrape manager has no pools.
 */
public final class TargetsEndpoints {

    /** How Go prints the zero {@code time.Time}: a target's last scrape before its first. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final ServerState state;
    private final GlobalUrl globalUrl;
    private final ZoneId zone;

    /**
     * @param globalUrl derives {@code globalUrl} from scrape URLs
     * @param zone the zone scrape times are shown in (Prometheus: the server's local zone)
     */
    public TargetsEndpoints(ServerState state, GlobalUrl globalUrl, ZoneId zone) {
        this.state = state;
        this.globalUrl = globalUrl;
        this.zone = zone;
    }

    /** {@code {"scrapePools":[...]}}, names sorted. */
    public ApiResult scrapePools(HttpServletRequest req) {
        ScrapeTargets targets = state.scrapeTargets();
        List<String> names = new ArrayList<>(targets == null ? List.of() : targets.scrapePools());
        names.sort(GoStrings.ORDER);
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("scrapePools");
            for (int i = 0; i < names.size(); i++) {
                g.writeString(names.get(i));
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * {@code {"activeTargets":[...],"droppedTargets":[...]}}, pools sorted by name. {@code state}
     * (case-insensitive) is {@code active}, {@code dropped} or {@code any}/absent; any other
     * value lists neither, as 2.42 does. {@code scrapePool} keeps one pool. Both are read from
     * the URL's query only.
     */
    public ApiResult targets(HttpServletRequest req) {
        Form form = ApiParams.form(req);
        String which = form.value("state").toLowerCase(Locale.ROOT);
        String pool = form.value("scrapePool");
        boolean showActive = which.isEmpty() || which.equals("any") || which.equals("active");
        boolean showDropped = which.isEmpty() || which.equals("any") || which.equals("dropped");
        ScrapeTargets targets = state.scrapeTargets();
        List<ActiveTarget> active = new ArrayList<>();
        List<DroppedTarget> dropped = new ArrayList<>();
        if (targets != null && showActive) {
            for (ActiveTarget t : targets.activeTargets()) {
                if (pool.isEmpty() || pool.equals(t.scrapePool())) {
                    active.add(t);
                }
            }
            active.sort(Comparator.comparing(ActiveTarget::scrapePool, GoStrings.ORDER));
        }
        if (targets != null && showDropped) {
            for (DroppedTarget t : targets.droppedTargets()) {
                if (pool.isEmpty() || pool.equals(t.scrapePool())) {
                    dropped.add(t);
                }
            }
            dropped.sort(Comparator.comparing(DroppedTarget::scrapePool, GoStrings.ORDER));
        }
        return ApiResult.of(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("activeTargets");
            StringBuilder sb = new StringBuilder(24);
            for (int i = 0; i < active.size(); i++) {
                writeActive(g, active.get(i), sb);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("droppedTargets");
            for (int i = 0; i < dropped.size(); i++) {
                g.writeStartObject();
                g.writeFieldName("discoveredLabels");
                SeriesEndpoints.writeLabels(g, dropped.get(i).discoveredLabels());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private void writeActive(JsonGenerator g, ActiveTarget t, StringBuilder sb) throws IOException {
        GlobalUrl.Result global = globalUrl.of(t.scrapeUrl());
        String lastError = t.lastError();
        if (global.error() != null) {
            // Prometheus wraps the URL error with the scrape error as its message.
            lastError = lastError + ": " + global.error();
        }
        g.writeStartObject();
        g.writeFieldName("discoveredLabels");
        SeriesEndpoints.writeLabels(g, t.discoveredLabels());
        g.writeFieldName("labels");
        SeriesEndpoints.writeLabels(g, t.labels());
        g.writeStringField("scrapePool", t.scrapePool());
        g.writeStringField("scrapeUrl", t.scrapeUrl());
        g.writeStringField("globalUrl", global.url());
        g.writeStringField("lastError", lastError);
        g.writeStringField("lastScrape", t.lastScrape() == null ? ZERO_TIME : GoTime.rfc3339Nano(t.lastScrape(), zone));
        sb.setLength(0);
        g.writeFieldName("lastScrapeDuration");
        g.writeNumber(GoFloat.appendApi(sb, seconds(t.lastScrapeDuration())).toString());
        g.writeStringField("health", t.health().text());
        g.writeStringField("scrapeInterval", duration(t.scrapeInterval()));
        g.writeStringField("scrapeTimeout", duration(t.scrapeTimeout()));
        g.writeEndObject();
    }

    /** Go's {@code Duration.Seconds()}: whole seconds plus the nanoseconds divided by 1e9. */
    static double seconds(Duration d) {
        if (d == null) {
            return 0;
        }
        long sec = d.getSeconds();
        long nanos = d.getNano();
        if (sec < 0 && nanos > 0) {
            // Go truncates towards zero; java.time keeps the nanoseconds positive.
            sec++;
            nanos -= 1_000_000_000L;
        }
        return (double) sec + (double) nanos / 1e9;
    }

    private static String duration(Duration d) {
        return d == null ? "0s" : GoDurations.formatDuration(d.toMillis());
    }

    /**
     * The metadata of every active target, or of those {@code match_target} selects, for every
     * family or only {@code metric}: {@code [{"target":{...},"metric":..,"type":..,"help":..,
     * "unit":..}]}, without {@code metric} when one was asked for. {@code limit} is checked
     * before each target, as 2.42 does, so the last target's families are all listed even when
     * they pass the limit.
     */
    public ApiResult targetMetadata(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        long limit = limit(form);
        String matchTarget = form.value("match_target");
        Predicate<Labels> filter = labels -> true;
        if (!matchTarget.isEmpty()) {
            List<LabelMatcher> matchers;
            try {
                matchers = ApiParams.parser(state.selectorParser()).parseSelector(matchTarget);
            } catch (QueryException e) {
                throw ApiParams.invalidParam("match_target", e.getMessage());
            }
            filter = matcherFilter(matchers);
        }
        String metric = form.value("metric");
        ScrapeTargets targets = state.scrapeTargets();
        List<TargetMetadata> all = targets == null ? List.of() : targets.metadata(filter, metric);
        List<TargetMetadata> out = new ArrayList<>();
        Labels current = null;
        for (TargetMetadata md : all) {
            if (!md.target().equals(current)) {
                if (limit >= 0 && out.size() >= limit) {
                    break;
                }
                current = md.target();
            }
            out.add(md);
        }
        boolean withMetric = metric.isEmpty();
        return ApiResult.of(g -> {
            g.writeStartArray();
            for (int i = 0; i < out.size(); i++) {
                TargetMetadata md = out.get(i);
                g.writeStartObject();
                g.writeFieldName("target");
                SeriesEndpoints.writeLabels(g, md.target());
                if (withMetric && !md.metric().isEmpty()) {
                    g.writeStringField("metric", md.metric());
                }
                g.writeStringField("type", md.type());
                g.writeStringField("help", md.help());
                g.writeStringField("unit", md.unit());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    /** Type, help and unit of one family, the unit of {@code /metadata}'s deduplication. */
    private record Meta(String type, String help, String unit) {
    }

    /**
     * {@code {"<metric>":[{"type","help","unit"}]}} over all active targets, each distinct
     * type/help/unit once per metric, in the order first seen; {@code limit} keeps that many
     * metrics (Prometheus keeps an arbitrary subset; here, the first by name).
     */
    public ApiResult metricMetadata(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        long limit = limit(form);
        String metric = form.value("metric");
        ScrapeTargets targets = state.scrapeTargets();
        List<TargetMetadata> all = targets == null ? List.of() : targets.metadata(labels -> true, metric);
        TreeMap<String, Set<Meta>> byMetric = new TreeMap<>(GoStrings.ORDER);
        for (TargetMetadata md : all) {
            byMetric.computeIfAbsent(md.metric(), k -> new LinkedHashSet<>()).add(new Meta(md.type(), md.help(), md.unit()));
        }
        return ApiResult.of(g -> {
            g.writeStartObject();
            long n = 0;
            for (Map.Entry<String, Set<Meta>> e : byMetric.entrySet()) {
                if (limit >= 0 && n >= limit) {
                    break;
                }
                n++;
                g.writeArrayFieldStart(e.getKey());
                for (Meta m : e.getValue()) {
                    g.writeStartObject();
                    g.writeStringField("type", m.type());
                    g.writeStringField("help", m.help());
                    g.writeStringField("unit", m.unit());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** {@code limit} as Go's {@code strconv.Atoi} reads it; -1 (no limit) when absent. */
    private static long limit(Form form) throws ApiException {
        String s = form.value("limit");
        if (s.isEmpty()) {
            return -1;
        }
        try {
            return atoi(s);
        } catch (NumberFormatException e) {
            throw new ApiException(ErrorType.BAD_DATA, "limit must be a number");
        }
    }

    /** Go's {@code strconv.Atoi} on 64-bit: an optional sign and ASCII digits, in int64 range. */
    static long atoi(String s) {
        int i = 0;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == s.length()) {
            throw new NumberFormatException(s);
        }
        long v = 0;
        try {
            for (; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    throw new NumberFormatException(s);
                }
                // Accumulate negatively so that the minimum int64 parses.
                v = Math.subtractExact(Math.multiplyExact(v, 10), c - '0');
            }
            return negative ? v : Math.negateExact(v);
        } catch (ArithmeticException e) {
            throw new NumberFormatException(s);
        }
    }

    /** All matchers must match the label's value, "" for a missing label. */
    static Predicate<Labels> matcherFilter(List<LabelMatcher> matchers) {
        List<Predicate<String>> tests = new ArrayList<>(matchers.size());
        List<String> names = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            names.add(m.name());
            tests.add(valueTest(m));
        }
        return labels -> {
            for (int i = 0; i < tests.size(); i++) {
                if (!tests.get(i).test(labels.get(names.get(i)))) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Predicate<String> valueTest(LabelMatcher m) {
        String v = m.value();
        return switch (m.type()) {
            case EQUAL -> v::equals;
            case NOT_EQUAL -> s -> !v.equals(s);
            case REGEX -> regex(v);
            case NOT_REGEX -> regex(v).negate();
        };
    }

    private static Predicate<String> regex(String re) {
        Pattern p;
        try {
            // Anchored as Prometheus anchors matcher regexes; UNIX_LINES so '.' excludes only '\n', as RE2's.
            p = Pattern.compile("^(?:" + re.replace("(?P<", "(?<") + ")$", Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            return s -> false; // the selector parser accepted it; nothing to match against
        }
        return s -> p.matcher(s).matches();
    }

    /** Builds the global-URL rule from the server's flags. */
    static GlobalUrl globalUrl(ServerState state) {
        return GlobalUrl.of(state.runtime().flag("web.listen-address"), state.runtime().flag("web.external-url"),
                GlobalUrl::osHostname);
    }
}
