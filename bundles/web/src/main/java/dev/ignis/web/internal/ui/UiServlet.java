package dev.ignis.web.internal.ui;

import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.PlainText;
import dev.ignis.web.internal.http.RootServlet;
import dev.ignis.web.internal.http.RouterServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The web UI: one HTML shell per page (the page's script reads the HTTP API from the browser)
 * and the static files under {@code /static/}, uPlot from its WebJar among them. Pages are
 * Prometheus 2.42's: in server mode the expression browser, alerts, rules, targets, service
 * discovery and the status pages; in agent mode only what an agent has (its landing page,
 * targets, service discovery, runtime and build information, flags, configuration); the
 * other mode's pages answer Go's 404. Links of the classic UI, {@code /classic/<page>},
 * redirect to the page.
 *
 * <p>Every URL in the pages is relative to a {@code <base href>}: the path of
 * {@code --web.external-url} when it has one (as Prometheus 2.42 writes its UI links under it,
 * also when {@code --web.route-prefix} is {@code /} and a proxy strips the path), else the
 * request's context path, so the UI works under {@code --web.route-prefix} (the launcher sets
 * Felix's context path to it). Files are read from the bundle once, at activation.
 */
@Component(name = "dev.ignis.web.ui", service = Servlet.class)
@HttpWhiteboardServletName("ignis-ui")
@HttpWhiteboardServletPattern({"/graph", "/alerts", "/rules", "/targets", "/service-discovery", "/status", "/flags",
    "/config", "/tsdb-status", "/agent", "/static/*", "/classic/*"})
public final class UiServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;

    /** A UI page: its path, its title (in the browser's title bar), and the modes it exists in. */
    record Page(String path, String title, boolean server, boolean agent) {
    }

    static final List<Page> PAGES = List.of(
            new Page("/graph", "Graph", true, false),
            new Page("/alerts", "Alerts", true, false),
            new Page("/rules", "Rules", true, false),
            new Page("/targets", "Targets", true, true),
            new Page("/service-discovery", "Service Discovery", true, true),
            new Page("/status", "Runtime & Build Information", true, true),
            new Page("/flags", "Command-Line Flags", true, true),
            new Page("/config", "Configuration", true, true),
            new Page("/tsdb-status", "TSDB Status", true, false),
            new Page("/agent", "Prometheus Agent", false, true));

    /** Every file under {@code /static/}, as a path below the bundle's {@code ui/} folder. */
    static final List<String> STATIC_FILES = List.of(
            "static/ignis.css",
            "static/app.js",
            "static/util.js",
            "static/pages.js",
            "static/graph.js",
            "static/complete.js",
            "static/vendor/uplot/uPlot.iife.min.js",
            "static/vendor/uplot/uPlot.min.css",
            "static/vendor/uplot/LICENSE");

    /**
     * The pages the classic UI had under {@code /classic/} (the UI of Debian's Prometheus 2.42
     * build, where {@code /} leads); their old links are redirected to the same page here, with
     * the query, whose {@code g0.*} parameters mean the same.
     */
    static final List<String> CLASSIC = List.of("/graph", "/alerts", "/rules", "/targets", "/service-discovery",
            "/status", "/flags", "/config");

    private static final String RESOURCES = "/ui/";

    private final String shell;
    private final boolean agent;
    // The path of --web.external-url ("" when unset): Prometheus writes its UI's links under it,
    // so they work behind a proxy that strips it even when --web.route-prefix is "/".
    private final String externalPath;

    @Activate
    public UiServlet(@Reference(name = "state") ServerState state, @Reference(name = "httpMetrics") HttpMetrics metrics) {
        super(metrics);
        this.agent = state.agentMode();
        this.externalPath = RootServlet.externalPath(state.runtime().flag("web.external-url"));
        this.shell = new String(read("index.html"), StandardCharsets.UTF_8);
        for (Page p : PAGES) {
            if (agent ? p.agent() : p.server()) {
                route("GET", p.path(), p.path(), (req, resp) -> page(p, req, resp));
            }
        }
        for (Page p : PAGES) {
            if ((agent ? p.agent() : p.server()) && CLASSIC.contains(p.path())) {
                route("GET", "/classic" + p.path(), "/classic" + p.path(), (req, resp) -> toPage(p, req, resp));
            }
        }
        for (String file : STATIC_FILES) {
            Resource r = new Resource(read(file), contentType(file));
            route("GET", "/" + file, "/static/*filepath", (req, resp) -> r.serve(req, resp));
        }
    }

    private void page(Page p, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String title = agent ? "Prometheus Agent" : "Prometheus Time Series Collection and Processing Server";
        String html = shell
                .replace("{{base}}", attr((externalPath.isEmpty() ? req.getContextPath() : externalPath) + "/"))
                .replace("{{title}}", attr(p.path().equals("/agent") ? title : p.title() + " - " + title))
                .replace("{{page}}", attr(p.path().substring(1)))
                .replace("{{mode}}", agent ? "agent" : "server");
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_OK);
        resp.setContentType("text/html; charset=utf-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private static void toPage(Page p, HttpServletRequest req, HttpServletResponse resp) {
        String query = req.getQueryString();
        resp.setStatus(HttpServletResponse.SC_FOUND);
        resp.setHeader("Location", req.getContextPath() + p.path() + (query == null ? "" : "?" + query));
        resp.setContentLength(0);
    }

    /** A static file with its validator; browsers revalidate ({@code no-cache}) and get 304s. */
    private record Resource(byte[] body, String contentType, String etag) {
        Resource(byte[] body, String contentType) {
            this(body, contentType, UiServlet.etag(body));
        }

        void serve(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setHeader("Cache-Control", "no-cache");
            resp.setHeader("ETag", etag);
            if (etag.equals(req.getHeader("If-None-Match"))) {
                resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            resp.setStatus(HttpServletResponse.SC_OK);
            resp.setContentType(contentType);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (file.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return PlainText.CONTENT_TYPE;
    }

    private static byte[] read(String file) {
        try (InputStream in = UiServlet.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("BUG: UI file missing from the bundle: " + RESOURCES + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading UI file " + file, e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("BUG: SHA-256 is a required JDK algorithm", e);
        }
    }

    private static String attr(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
