package dev.ignis.web.internal.http;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigSource;
import dev.ignis.web.internal.ServerState;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus's {@code /-/} endpoints: health, readiness, and the lifecycle API (reload and
 * quit), which answers 403 unless {@code --web.enable-lifecycle} is set.
 */
@Component(name = "dev.ignis.web.lifecycle", service = Servlet.class)
@HttpWhiteboardServletName("ignis-lifecycle")
@HttpWhiteboardServletPattern({"/-/healthy", "/-/ready", "/-/reload", "/-/quit"})
public final class LifecycleServlet extends RouterServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LifecycleServlet.class);

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NOT_ENABLED = ascii("Lifecycle API is not enabled.");
    private static final byte[] ONLY_POST_PUT = ascii("Only POST or PUT requests allowed");
    private static final byte[] GOODBYE = ascii("Requesting termination... Goodbye!");
    private static final byte[] ALREADY = ascii("Termination already in progress.");

    private final transient ServerState state;
    private final transient Runnable terminate;
    private final AtomicBoolean quitting = new AtomicBoolean();
    private final byte[] healthy;
    private final byte[] ready;

    /** Component constructor: quitting stops the framework (system bundle). */
    @Activate
    public LifecycleServlet(@Reference(name = "state") ServerState state, @Reference(name = "httpMetrics") HttpMetrics metrics, BundleContext context) {
        this(state, metrics, () -> stopFramework(context));
    }

    /**
     * @param terminate called once, on its own thread, after the quit response was sent
     */
    public LifecycleServlet(ServerState state, HttpMetrics metrics, Runnable terminate) {
        super(metrics);
        this.state = state;
        this.terminate = terminate;
        String kind = state.agentMode() ? "Agent" : "Server";
        this.healthy = ascii("Prometheus " + kind + " is Healthy.\n");
        this.ready = ascii("Prometheus " + kind + " is Ready.\n");

        route("GET", "/-/healthy", "/-/healthy", (req, resp) -> PlainText.write(resp, 200, healthy));
        route("HEAD", "/-/healthy", "/-/healthy", (req, resp) -> resp.setStatus(200));
        route("GET", "/-/ready", "/-/ready", this::ready);
        route("HEAD", "/-/ready", "/-/ready", this::ready);

        boolean enabled = "true".equals(state.runtime().flag("web.enable-lifecycle"));
        Route reload = enabled ? this::reload : LifecycleServlet::notEnabled;
        Route quit = enabled ? this::quit : LifecycleServlet::notEnabled;
        for (String method : new String[] {"POST", "PUT"}) {
            route(method, "/-/reload", "/-/reload", reload);
            route(method, "/-/quit", "/-/quit", quit);
        }
        route("GET", "/-/reload", "/-/reload", LifecycleServlet::onlyPostPut);
        route("GET", "/-/quit", "/-/quit", LifecycleServlet::onlyPostPut);
    }

    private void ready(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!state.isReady()) {
            PlainText.unavailable(resp);
        } else if (req.getMethod().equals("HEAD")) {
            resp.setStatus(200);
        } else {
            PlainText.write(resp, 200, ready);
        }
    }

    private void reload(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ConfigSource source = state.configSource();
        if (source == null) {
            PlainText.unavailable(resp);
            return;
        }
        try {
            source.reload();
            PlainText.write(resp, 200, EMPTY);
        } catch (ConfigException e) {
            LOG.atError().addKeyValue("err", e.getMessage()).log("Error reloading config");
            PlainText.error(resp, 500, "failed to reload config: " + e.getMessage());
        }
    }

    private void quit(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!quitting.compareAndSet(false, true)) {
            PlainText.write(resp, 200, ALREADY);
            return;
        }
        LOG.warn("Received termination request via web service, exiting gracefully...");
        PlainText.write(resp, 200, GOODBYE);
        resp.flushBuffer();
        Thread t = new Thread(terminate, "ignis-quit");
        t.setDaemon(false);
        t.start();
    }

    private static void notEnabled(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PlainText.write(resp, 403, NOT_ENABLED);
    }

    private static void onlyPostPut(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        PlainText.write(resp, 405, ONLY_POST_PUT);
    }

    private static void stopFramework(BundleContext context) {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.atError().addKeyValue("err", e.toString()).setCause(e).log("Stopping the framework failed");
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
