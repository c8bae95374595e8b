package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A servlet that dispatches on method and path as Prometheus's router does: unknown path 404
 * {@code 404 page not found}; known path with another method 405 {@code Method Not Allowed}
 * with an {@code Allow} header; {@code OPTIONS} 200 with {@code Allow}. Every routed request
 * is recorded in {@link HttpMetrics} under the route's handler label.
 *
 * <p>Subclasses declare routes in their constructor; the table is read-only afterwards.
 * Paths are matched against the path inside the servlet context (servlet path plus path
 * info), so a servlet registered for {@code /api/v1/*} routes {@code /api/v1/query}.
 */
public abstract class RouterServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RouterServlet.class);
    private static final String PARAMS = RouterServlet.class.getName() + ".params";

    private final transient HttpMetrics metrics;
    private final transient Map<String, PathRoutes> exact = new HashMap<>();
    private final transient List<PathRoutes> patterns = new ArrayList<>();
    private transient Bound anyOptions;

    protected RouterServlet(HttpMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Adds a route. A path segment {@code :name} matches any one segment, available through
     * {@link #param}. The handler label names the route in the HTTP metrics.
     */
    protected final void route(String method, String path, String handlerLabel, Route route) {
        PathRoutes p = path.contains("/:") ? pattern(path) : exact.computeIfAbsent(path, PathRoutes::new);
        if (p.methods.put(method, new Bound(route, metrics.handler(handlerLabel))) != null) {
            throw new IllegalStateException("BUG: duplicate route " + method + " " + path);
        }
        p.updateAllow();
    }

    /** Serves {@code OPTIONS} for every path, known or not (Prometheus's API {@code /*path}). */
    protected final void optionsForAnyPath(String handlerLabel, Route route) {
        anyOptions = new Bound(route, metrics.handler(handlerLabel));
    }

    /** The value of a {@code :name} segment of the matched route. */
    public static String param(HttpServletRequest req, String name) {
        @SuppressWarnings("unchecked")
        Map<String, String> params = (Map<String, String>) req.getAttribute(PARAMS);
        return params == null ? null : params.get(name);
    }

    private PathRoutes pattern(String path) {
        for (PathRoutes p : patterns) {
            if (p.path.equals(path)) {
                return p;
            }
        }
        PathRoutes p = new PathRoutes(path);
        patterns.add(p);
        return p;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = pathOf(req);
        String method = req.getMethod();
        PathRoutes p = exact.get(path);
        if (p == null) {
            for (int i = 0; i < patterns.size() && p == null; i++) {
                Map<String, String> params = patterns.get(i).match(path);
                if (params != null) {
                    p = patterns.get(i);
                    req.setAttribute(PARAMS, params);
                }
            }
        }
        Bound b = p == null ? null : p.methods.get(method);
        if (b == null && anyOptions != null && method.equals("OPTIONS")) {
            b = anyOptions;
        }
        if (b != null) {
            serve(b, req, resp);
        } else if (p == null) {
            PlainText.notFound(resp);
        } else if (method.equals("OPTIONS")) {
            resp.setHeader("Allow", p.allow);
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentLength(0);
        } else {
            PlainText.methodNotAllowed(resp, p.allow);
        }
    }

    private static void serve(Bound b, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long start = System.nanoTime();
        CountingResponse counting = new CountingResponse(resp);
        int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        try {
            b.route.handle(req, counting);
            counting.finish();
            status = counting.getStatus();
        } catch (RuntimeException e) {
            LOG.atError().addKeyValue("method", req.getMethod()).addKeyValue("path", req.getRequestURI())
                    .addKeyValue("err", e.toString()).setCause(e).log("HTTP handler failed");
            if (!resp.isCommitted()) {
                resp.reset();
                PlainText.error(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error");
            }
        } finally {
            b.metrics.observe(status, System.nanoTime() - start, counting.bytes());
        }
    }

    /** The request's path inside the servlet context. */
    static String pathOf(HttpServletRequest req) {
        String sp = req.getServletPath();
        String pi = req.getPathInfo();
        if (pi == null) {
            return sp.isEmpty() ? "/" : sp;
        }
        return sp + pi;
    }

    private record Bound(Route route, HttpMetrics.Handler metrics) {
    }

    private static final class PathRoutes {
        final String path;
        final String[] segments;
        final Map<String, Bound> methods = new HashMap<>();
        String allow = "OPTIONS";

        PathRoutes(String path) {
            this.path = path;
            this.segments = path.split("/", -1);
        }

        void updateAllow() {
            Map<String, Boolean> sorted = new TreeMap<>();
            methods.keySet().forEach(m -> sorted.put(m, Boolean.TRUE));
            sorted.put("OPTIONS", Boolean.TRUE);
            allow = String.join(", ", sorted.keySet());
        }

        Map<String, String> match(String p) {
            String[] parts = p.split("/", -1);
            if (parts.length != segments.length) {
                return null;
            }
            Map<String, String> params = null;
            for (int i = 0; i < parts.length; i++) {
                String s = segments[i];
                if (s.startsWith(":")) {
                    if (parts[i].isEmpty()) {
                        return null;
                    }
                    if (params == null) {
                        params = new HashMap<>(4);
                    }
                    params.put(s.substring(1), parts[i]);
                } else if (!s.equals(parts[i])) {
                    return null;
                }
            }
            return params == null ? Map.of() : params;
        }
    }
}
