package dev.ignis.web.internal.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Storage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.ClientDisconnect;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.text.GoDurations;
import dev.ignis.web.internal.text.GoFloat;
import dev.ignis.web.internal.text.GoText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /query}, {@code /query_range}, {@code /format_query} and {@code /query_exemplars}
 * over the {@link QueryEngine} service. Parameters are checked in Prometheus 2.42's order and
 * words; parse errors of {@code /query} and {@code /format_query} carry the
 * {@code invalid parameter "query": } prefix, those of {@code /query_range} and
 * {@code /query_exemplars} do not (as 2.42). Parameters come from the query string and from a
 * URL-encoded or multipart form body, as Go's {@code FormValue} reads them. Without an engine service the routes answer
 * {@code unavailable} "query engine not available" (500) once their parameters are checked.
 */
public final class QueryEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(QueryEndpoints.class);

    /** Prometheus's --query.timeout default. */
    static final long DEFAULT_TIMEOUT_MS = 2 * 60 * 1000;
    /** The most points per series a range query may ask for. */
    static final long MAX_POINTS = 11_000;

    private final ServerState state;
    private final Clock clock;
    private final Function<HttpServletRequest, BooleanSupplier> disconnects;

    public QueryEndpoints(ServerState state, Clock clock) {
        this(state, clock, ClientDisconnect::watch);
    }

    /**
     * @param clock what "now" is for {@code time}'s default
     * @param disconnects the {@link QueryOptions#canceled()} supplier for a request
     */
    QueryEndpoints(ServerState state, Clock clock, Function<HttpServletRequest, BooleanSupplier> disconnects) {
        this.state = state;
        this.clock = clock;
        this.disconnects = disconnects;
    }

    /** An instant query at {@code time} (default now). */
    public ApiResult query(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        long time = ApiParams.time(form, "time", clock.millis());
        Duration timeout = timeout(form);
        boolean stats = !form.value("stats").isEmpty();
        QueryEngine engine = engine();
        QueryOptions options = new QueryOptions(timeout, stats, disconnects.apply(req), perStepStats(form));
        long began = System.nanoTime();
        QueryResult r;
        try {
            r = engine.instant(form.value("query"), time, options);
        } catch (QueryException e) {
            if (e.type() == ErrorType.BAD_DATA) {
                throw ApiParams.invalidParam("query", e.getMessage());
            }
            throw new ApiException(e.type(), e.getMessage());
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
        return result(r, stats, began);
    }

    /** A range query; the result is always a matrix. */
    public ApiResult queryRange(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        long start = rangeTime(form, "start");
        long end = rangeTime(form, "end");
        if (end < start) {
            throw ApiParams.invalidParam("end", "end timestamp must not be before start time");
        }
        long stepNanos = duration(form, "step");
        if (stepNanos <= 0) {
            throw ApiParams.invalidParam("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        // Go's Time.Sub saturates at the largest Duration; the division is on nanoseconds.
        long spanNanos = saturatedNanos(end, start);
        if (spanNanos / stepNanos > MAX_POINTS) {
            throw new ApiException(ErrorType.BAD_DATA, "exceeded maximum resolution of 11,000 points per"
                    + " timeseries. Try decreasing the query resolution (?step=XX)");
        }
        Duration timeout = timeout(form);
        boolean stats = !form.value("stats").isEmpty();
        QueryEngine engine = engine();
        String query = form.value("query");
        long stepMs = stepNanos / 1_000_000L;
        if (stepMs == 0) {
            // Prometheus 2.42 truncates the step to whole milliseconds and then divides by it:
            // a step below 1ms passes the checks above and fails evaluation with a Go panic.
            format(engine, query, false);
            throw new ApiException(ErrorType.EXECUTION, "unexpected error: runtime error: integer divide by zero");
        }
        QueryOptions options = new QueryOptions(timeout, stats, disconnects.apply(req), perStepStats(form));
        long began = System.nanoTime();
        QueryResult r;
        try {
            r = engine.range(query, start, end, stepMs, options);
        } catch (QueryException e) {
            throw new ApiException(e.type(), e.getMessage());
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
        return result(r, stats, began);
    }

    /** The expression pretty-printed, as a JSON string. */
    public ApiResult formatQuery(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        String formatted = format(engine(), form.value("query"), true);
        return ApiResult.of(g -> g.writeString(formatted));
    }

    /**
     * Exemplars of the series the expression's selectors match, as 2.42's
     * {@code ExemplarQuerier.Select}: {@code [{"seriesLabels":{...},"exemplars":[{"labels":{...},
     * "value":"v","timestamp":ts}]}]}, or 204 when the expression has no selector. Empty
     * without {@code --enable-feature=exemplar-storage}.
     */
    public ApiResult queryExemplars(HttpServletRequest req) throws ApiException {
        Form form = ApiParams.formValues(req);
        long start = ApiParams.time(form, "start", ApiParams.MIN_TIME);
        long end = ApiParams.time(form, "end", ApiParams.MAX_TIME);
        if (end < start) {
            throw new ApiException(ErrorType.BAD_DATA, "end timestamp must not be before start timestamp");
        }
        String query = form.value("query");
        format(engine(), query, false);
        SelectorParser parser = state.selectorParser();
        if (parser == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "query engine not available");
        }
        List<List<LabelMatcher>> selectors;
        try {
            selectors = parser.extractSelectors(query);
        } catch (QueryException e) {
            throw new ApiException(e.type(), e.getMessage());
        }
        if (selectors.isEmpty()) {
            return ApiResult.noContent();
        }
        Storage storage = state.storage();
        List<ExemplarSeries> found = storage == null ? List.of() : storage.exemplars(start, end, selectors);
        return ApiResult.of(g -> writeExemplars(g, found));
    }

    static void writeExemplars(JsonGenerator g, List<ExemplarSeries> found) throws IOException {
        StringBuilder sb = new StringBuilder(32);
        g.writeStartArray();
        for (ExemplarSeries s : found) {
            g.writeStartObject();
            g.writeFieldName("seriesLabels");
            SeriesEndpoints.writeLabels(g, s.seriesLabels());
            g.writeArrayFieldStart("exemplars");
            for (Exemplar e : s.exemplars()) {
                g.writeStartObject();
                g.writeFieldName("labels");
                SeriesEndpoints.writeLabels(g, e.labels());
                sb.setLength(0);
                g.writeStringField("value", GoFloat.appendApi(sb, e.value()).toString());
                g.writeFieldName("timestamp");
                sb.setLength(0);
                g.writeNumber(QueryJson.pointSeconds(sb, e.timestamp()).toString());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static String format(QueryEngine engine, String query, boolean prefixed) throws ApiException {
        try {
            return engine.format(query);
        } catch (QueryException e) {
            if (prefixed && e.type() == ErrorType.BAD_DATA) {
                throw ApiParams.invalidParam("query", e.getMessage());
            }
            throw new ApiException(e.type(), e.getMessage());
        } catch (RuntimeException e) {
            throw unexpected(e);
        }
    }

    private QueryEngine engine() throws ApiException {
        QueryEngine engine = state.queryEngine();
        if (engine == null) {
            throw new ApiException(ErrorType.UNAVAILABLE, "query engine not available");
        }
        return engine;
    }

    private static ApiException unexpected(RuntimeException e) {
        LOG.atError().setCause(e).log("Query engine failed unexpectedly");
        return new ApiException(ErrorType.EXECUTION, "unexpected error: " + e);
    }

    private static ApiResult result(QueryResult r, boolean stats, long began) {
        Map<String, Object> s = null;
        if (stats) {
            s = r.stats() != null ? r.stats() : measuredStats(System.nanoTime() - began);
        }
        Map<String, Object> st = s;
        return new ApiResult(g -> QueryJson.writeData(g, r.value(), st), r.warnings());
    }

    /** {@code stats=all} asks for samples per step (only counted with promql-per-step-stats, as 2.42). */
    private static boolean perStepStats(Form form) {
        return form.value("stats").equals("all");
    }

    /**
     * Prometheus's statistics shape for an engine that reports none: the wall time of the
     * engine call as the evaluation and execution totals, zero for what only the engine knows.
     */
    static Map<String, Object> measuredStats(long nanos) {
        double secs = nanos / 1e9;
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("evalTotalTime", secs);
        timings.put("resultSortTime", 0L);
        timings.put("queryPreparationTime", 0L);
        timings.put("innerEvalTime", 0L);
        timings.put("execQueueTime", 0L);
        timings.put("execTotalTime", secs);
        Map<String, Object> samples = new LinkedHashMap<>();
        samples.put("totalQueryableSamples", 0L);
        samples.put("peakSamples", 0L);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("timings", timings);
        all.put("samples", samples);
        return all;
    }

    /**
     * The {@code timeout} parameter, at most the engine's --query.timeout (a shorter deadline
     * wins, as with Go's nested contexts); {@code null} when absent. Zero and negative values
     * pass through: the engine times them out as Prometheus does.
     */
    private Duration timeout(Form form) throws ApiException {
        String v = form.value("timeout");
        if (v.isEmpty()) {
            return null;
        }
        long nanos = duration(form, "timeout");
        long capMs = engineTimeoutMs();
        if (nanos / 1_000_000L >= capMs) {
            return Duration.ofMillis(capMs);
        }
        return Duration.ofNanos(nanos);
    }

    private long engineTimeoutMs() {
        String flag = state.runtime().flag("query.timeout");
        if (flag == null || flag.isEmpty()) {
            return DEFAULT_TIMEOUT_MS;
        }
        try {
            long ms = GoDurations.parseDurationMillis(flag.strip());
            return ms > 0 ? ms : DEFAULT_TIMEOUT_MS;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return DEFAULT_TIMEOUT_MS;
        }
    }

    private static long duration(Form form, String name) throws ApiException {
        try {
            return ApiParams.parseDurationNanos(form.value(name));
        } catch (IllegalArgumentException e) {
            throw ApiParams.invalidParam(name, e.getMessage());
        }
    }

    /** {@code start} and {@code end} of a range query: required, worded without "Invalid time value". */
    private static long rangeTime(Form form, String name) throws ApiException {
        String v = form.value(name);
        try {
            return ApiParams.parseTime(v);
        } catch (IllegalArgumentException e) {
            throw ApiParams.invalidParam(name, "cannot parse " + GoQuote.quote(v) + " to a valid timestamp");
        }
    }

    private static long saturatedNanos(long endMs, long startMs) {
        long diff;
        try {
            diff = Math.subtractExact(endMs, startMs);
            return Math.multiplyExact(diff, 1_000_000L);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
