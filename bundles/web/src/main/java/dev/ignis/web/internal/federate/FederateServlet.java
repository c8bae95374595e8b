package dev.ignis.web.internal.federate;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.Storage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.Compression;
import dev.ignis.web.internal.http.Form;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.PlainText;
import dev.ignis.web.internal.http.RouterServlet;
import dev.ignis.web.internal.text.GoDurations;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /federate}: for every series a {@code match[]} selector selects, its newest sample
 * within the lookback window ({@code query.lookback-delta}, default 5m) before now, with its
 * timestamp, as untyped families ({@link Federation}) in the text format 0.0.4
 * ({@link FederationText}) or, when the {@code Accept} header asks for it, delimited protobuf
 * ({@link FederationProto}). Stale markers are left out; no
 * {@code match[]} gives an empty answer; a selector that does not parse answers 400 with the
 * parse error as plain text. Ready-gated; gzip or deflate when accepted, error bodies included.
 */
@Component(name = "dev.ignis.web.federate", service = Servlet.class)
@HttpWhiteboardServletName("ignis-federate")
@HttpWhiteboardServletPattern("/federate")
public final class FederateServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FederateServlet.class);

    /** Prometheus's default --query.lookback-delta. */
    static final long DEFAULT_LOOKBACK_MS = 5 * 60 * 1000;

    private final transient ServerState state;
    private final transient Clock clock;
    private final long lookbackMs;

    @Activate
    public FederateServlet(@Reference(name = "state") ServerState state,
            @Reference(name = "httpMetrics") HttpMetrics metrics) {
        this(state, metrics, Clock.systemUTC());
    }

    /** @param clock "now", the end of the lookback window */
    public FederateServlet(ServerState state, HttpMetrics metrics, Clock clock) {
        super(metrics);
        this.state = state;
        this.clock = clock;
        this.lookbackMs = lookback(state.runtime().flag("query.lookback-delta"));
        route("GET", "/federate", "/federate", this::federate);
    }

    static long lookback(String flag) {
        if (flag.isEmpty()) {
            return DEFAULT_LOOKBACK_MS;
        }
        try {
            long ms = GoDurations.parseDurationMillis(flag);
            return ms > 0 ? ms : DEFAULT_LOOKBACK_MS;
        } catch (IllegalArgumentException | ArithmeticException e) {
            LOG.atWarn().addKeyValue("flag", "query.lookback-delta").addKeyValue("value", flag)
                    .log("Invalid lookback delta, using 5m");
            return DEFAULT_LOOKBACK_MS;
        }
    }

    private void federate(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!state.isReady()) {
            PlainText.unavailable(resp);
            return;
        }
        OutputStream out = Compression.open(req, resp);
        try {
            serve(req, resp, out);
        } finally {
            Compression.finish(out);
        }
    }

    private void serve(HttpServletRequest req, HttpServletResponse resp, OutputStream out) throws IOException {
        Form form = Form.of(req);
        if (form.error() != null) {
            error(resp, out, 400, "error parsing form values: " + form.error());
            return;
        }
        List<String> selectors = form.values("match[]");
        List<List<LabelMatcher>> sets = new ArrayList<>(selectors.size());
        SelectorParser parser = state.selectorParser();
        if (!selectors.isEmpty() && parser == null && !state.agentMode()) {
            error(resp, out, 500, "selector parser not available");
            return;
        }
        for (String s : selectors) {
            if (parser == null) {
                break; // agent mode without PromQL: nothing to validate against
            }
            try {
                sets.add(parser.parseSelector(s));
            } catch (QueryException e) {
                error(resp, out, 400, e.getMessage());
                return;
            }
        }
        Storage storage = state.storage();
        if (state.agentMode() || storage == null) {
            error(resp, out, 500, state.agentMode() ? "unsupported operation with WAL-only storage"
                    : "storage not available");
            return;
        }
        long maxt = clock.millis();
        long mint = maxt - lookbackMs;
        Federation.Format format = Federation.negotiate(req.getHeader("Accept"));
        resp.setContentType(format.contentType());
        List<Federation.Sample> samples;
        try (Querier q = storage.querier(mint, maxt)) {
            samples = newestSamples(q, sets, mint, maxt);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            error(resp, out, 500, e.getMessage());
            return;
        }
        resp.setStatus(200);
        List<Federation.Family> families = Federation.families(samples, externalLabels());
        if (format == Federation.Format.PROTO_DELIMITED) {
            FederationProto.write(out, families);
        } else {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            FederationText.write(w, families);
            w.flush();
        }
    }

    /** Per series, the newest sample in [mint, maxt] unless it is a stale marker; sorted by labels. */
    static List<Federation.Sample> newestSamples(Querier q, List<List<LabelMatcher>> sets, long mint, long maxt) {
        Map<Labels, Federation.Sample> bySeries = new TreeMap<>();
        for (List<LabelMatcher> set : sets) {
            if (set.isEmpty()) {
                continue; // a selector without matchers selects nothing, as in Prometheus
            }
            SeriesSet ss = q.select(set.toArray(new LabelMatcher[0]));
            while (ss.next()) {
                Labels labels = ss.labels();
                if (bySeries.containsKey(labels)) {
                    continue;
                }
                SampleIterator it = ss.iterator();
                boolean found = false;
                long t = 0;
                double v = 0;
                while (it.next()) {
                    long st = it.t();
                    if (st > maxt) {
                        break;
                    }
                    if (st >= mint) {
                        found = true;
                        t = st;
                        v = it.v();
                    }
                }
                if (found && !StaleMarker.isStale(v)) {
                    bySeries.put(labels, new Federation.Sample(labels, t, v));
                }
            }
        }
        return new ArrayList<>(bySeries.values());
    }

    private Labels externalLabels() {
        ConfigSource source = state.configSource();
        LoadedConfig loaded = source == null ? null : source.current();
        if (loaded == null || loaded.config() == null || loaded.config().global() == null) {
            return Labels.EMPTY;
        }
        Labels l = loaded.config().global().externalLabels();
        return l == null ? Labels.EMPTY : l;
    }

    /** Go's {@code http.Error}, written through the (possibly compressed) body stream. */
    private static void error(HttpServletResponse resp, OutputStream out, int status, String message)
            throws IOException {
        resp.setStatus(status);
        resp.setContentType(PlainText.CONTENT_TYPE);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        out.write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
