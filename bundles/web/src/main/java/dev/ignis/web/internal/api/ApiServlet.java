package dev.ignis.web.internal.api;

import dev.ignis.api.config.CorsPolicy;
import dev.ignis.api.query.ErrorType;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.PlainText;
import dev.ignis.web.internal.http.Route;
import dev.ignis.web.internal.http.RouterServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API v1 under {@code /api/v1}. Every endpoint except {@code /status/walreplay}
 * answers 503 {@code Service Unavailable} until the server is ready, sets CORS headers when
 * the request has an {@code Origin}, and answers in Prometheus's JSON envelope
 * ({@link ApiResponses}). {@code OPTIONS} on any path answers 204.
 */
@Component(name = "dev.ignis.web.api", service = Servlet.class)
@HttpWhiteboardServletName("ignis-api-v1")
@HttpWhiteboardServletPattern("/api/v1/*")
public final class ApiServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    /** Path prefix of every route, also the prefix of handler labels in the HTTP metrics. */
    public static final String PREFIX = "/api/v1";


    private final transient ServerState state;
    private final transient CorsPolicy cors;

    @Activate
    public ApiServlet(@Reference(name = "state") ServerState state,
            @Reference(name = "httpMetrics") HttpMetrics metrics, BundleContext context) {
        this(state, metrics, ZoneId.systemDefault(), BuildInfo.of(state.runtime(), context::getProperty));
    }

    /** For tests: build info without launcher properties. */
    public ApiServlet(ServerState state, HttpMetrics metrics, ZoneId zone) {
        this(state, metrics, zone, BuildInfo.of(state.runtime()));
    }

    /**
     * @param zone the zone timestamps are shown in (Prometheus uses the server's local zone)
     * @param build what /status/buildinfo reports
     */
    public ApiServlet(ServerState state, HttpMetrics metrics, ZoneId zone, BuildInfo build) {
        super(metrics);
        this.state = state;
        String origin = state.runtime().flag("web.cors.origin");
        this.cors = CorsPolicy.of(origin);
        if (cors.invalidReason() != null) {
            LOG.atError().addKeyValue("flag", "web.cors.origin").addKeyValue("value", origin)
                    .addKeyValue("err", cors.invalidReason()).log("Invalid CORS origin regex, allowing no origin");
        }

        optionsForAnyPath(PREFIX + "/*path", gated(req -> ApiResult.noContent()));

        QueryEndpoints query = new QueryEndpoints(state, Clock.systemUTC());
        getAndPost("/query", notInAgent(query::query));
        getAndPost("/query_range", notInAgent(query::queryRange));
        getAndPost("/query_exemplars", notInAgent(query::queryExemplars));
        getAndPost("/format_query", notInAgent(query::formatQuery));

        StatusEndpoints status = new StatusEndpoints(state, build, zone);
        get("/status/config", status::config);
        get("/status/runtimeinfo", status::runtimeInfo);
        get("/status/buildinfo", status::buildInfo);
        get("/status/flags", status::flags);
        route("GET", PREFIX + "/status/walreplay", PREFIX + "/status/walreplay", ungated(status::walReplay));
        get("/status/tsdb", notInAgent(status::tsdb));

        SeriesEndpoints series = new SeriesEndpoints(state);
        getAndPost("/series", notInAgent(series::series));
        delete("/series", notInAgent(series::dropSeries));
        getAndPost("/labels", notInAgent(series::labelNames));
        get("/label/:name/values", notInAgent(series::labelValues));

        TargetsEndpoints targets = new TargetsEndpoints(state, TargetsEndpoints.globalUrl(state), zone);
        get("/scrape_pools", targets::scrapePools);
        get("/targets", targets::targets);
        get("/targets/metadata", targets::targetMetadata);
        get("/metadata", targets::metricMetadata);

        RulesEndpoints rules = new RulesEndpoints(state, zone);
        get("/rules", notInAgent(rules::rules));
        get("/alerts", notInAgent(rules::alerts));
        get("/alertmanagers", notInAgent(rules::alertmanagers));

        AdminEndpoints admin = new AdminEndpoints(state, Clock.systemUTC(), () -> ThreadLocalRandom.current().nextLong());
        postAndPut("/admin/tsdb/delete_series", notInAgent(admin::deleteSeries));
        postAndPut("/admin/tsdb/clean_tombstones", notInAgent(admin::cleanTombstones));
        postAndPut("/admin/tsdb/snapshot", notInAgent(admin::snapshot));
    }

    /** Registers a ready-gated GET endpoint at {@code PREFIX + path}. */
    void get(String path, ApiEndpoint endpoint) {
        route("GET", PREFIX + path, PREFIX + path, gated(endpoint));
    }

    /** Registers ready-gated GET and POST (form body) endpoints at {@code PREFIX + path}. */
    void getAndPost(String path, ApiEndpoint endpoint) {
        Route r = gated(endpoint);
        route("GET", PREFIX + path, PREFIX + path, r);
        route("POST", PREFIX + path, PREFIX + path, r);
    }

    /** Registers a ready-gated DELETE endpoint at {@code PREFIX + path}. */
    void delete(String path, ApiEndpoint endpoint) {
        route("DELETE", PREFIX + path, PREFIX + path, gated(endpoint));
    }

    /** Registers ready-gated POST and PUT endpoints at {@code PREFIX + path} (the admin API). */
    void postAndPut(String path, ApiEndpoint endpoint) {
        Route r = gated(endpoint);
        route("POST", PREFIX + path, PREFIX + path, r);
        route("PUT", PREFIX + path, PREFIX + path, r);
    }

    /**
     * Wraps an endpoint that has no meaning in agent mode: there it fails with
     * {@code execution} "unavailable with Prometheus Agent", as Prometheus's agent does.
     */
    ApiEndpoint notInAgent(ApiEndpoint endpoint) {
        if (!state.agentMode()) {
            return endpoint;
        }
        return req -> {
            throw new ApiException(ErrorType.EXECUTION, "unavailable with Prometheus Agent");
        };
    }

    private Route gated(ApiEndpoint endpoint) {
        Route inner = ungated(endpoint);
        return (req, resp) -> {
            if (!state.isReady()) {
                PlainText.unavailable(resp);
                return;
            }
            inner.handle(req, resp);
        };
    }

    private Route ungated(ApiEndpoint endpoint) {
        return (req, resp) -> {
            cors.apply(req.getHeader("Origin"), resp::setHeader);
            ApiResult result;
            try {
                result = endpoint.call(req);
            } catch (ApiException e) {
                ApiResponses.error(req, resp, e);
                return;
            }
            ApiResponses.result(req, resp, result);
        };
    }
}
