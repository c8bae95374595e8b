package dev.ignis.web.internal.http;

import dev.ignis.web.internal.ServerState;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The default servlet: {@code GET /} redirects (302) to the home page, {@code /graph} or, in
 * agent mode, {@code /agent}, under the path of {@code --web.external-url} (the UI component
 * serves those pages); every other unmatched path answers Go's 404.
 */
@Component(name = "dev.ignis.web.root", service = Servlet.class)
@HttpWhiteboardServletName("ignis-root")
@HttpWhiteboardServletPattern("/")
public final class RootServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;

    /**
     * Request attribute the listener sets when the client asked for {@code /} while the routes
     * live under a prefix (the value of {@code WebConnectorFactory.OUTSIDE_PREFIX}, repeated so
     * this class needs no Jetty).
     */
    static final String OUTSIDE_PREFIX = "dev.ignis.web.outsidePrefix";

    private final String home;

    @Activate
    public RootServlet(@Reference(name = "state") ServerState state, @Reference(name = "httpMetrics") HttpMetrics metrics) {
        super(metrics);
        String page = state.agentMode() ? "/agent" : "/graph";
        this.home = joinPath(externalPath(state.runtime().flag("web.external-url")), page);
        route("GET", "/", "/", this::redirectHome);
    }

    private void redirectHome(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // "/" outside the route prefix (marked by the listener) goes to the prefix, as in 2.42.
        String target = req.getAttribute(OUTSIDE_PREFIX) != null ? req.getContextPath() : home;
        // Go's http.Redirect: Location, an HTML body for GET, and Fprintln's extra newline.
        byte[] body = ("<a href=\"" + htmlEscape(target) + "\">Found</a>.\n\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(HttpServletResponse.SC_FOUND);
        resp.setHeader("Location", target);
        resp.setContentType("text/html; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** The path of the external URL without a trailing slash; "" when unset or unparsable. */
    public static String externalPath(String externalUrl) {
        if (externalUrl == null || externalUrl.isEmpty()) {
            return "";
        }
        try {
            String p = new URI(externalUrl).getPath();
            if (p == null) {
                return "";
            }
            while (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p;
        } catch (URISyntaxException e) {
            return "";
        }
    }

    private static String joinPath(String base, String page) {
        return base.isEmpty() ? page : (base.startsWith("/") ? base : "/" + base) + page;
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
