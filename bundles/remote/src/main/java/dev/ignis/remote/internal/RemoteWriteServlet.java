package dev.ignis.remote.internal;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.CorsPolicy;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.storage.Appendable;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * {@code /api/v1/write}, Prometheus 2.42's remote write receiver ({@link WriteHandler}). The
 * path is always served, as in 2.42, where only the handler behind it depends on the flags:
 * {@code POST} answers 404 "remote write receiver needs to be enabled with
 * --enable-feature=remote-write-receiver" unless {@code --web.enable-remote-write-receiver} is
 * set or the feature {@code remote-write-receiver} is enabled. Like every API route it answers
 * 503 {@code Service Unavailable} until storage ({@link Appendable}: the TSDB, or the agent's
 * WAL storage) and configuration are up; {@code OPTIONS} answers 204 with the API's CORS
 * headers; other methods 405 with {@code Allow: OPTIONS, POST}. The exact pattern outranks the
 * web bundle's {@code /api/v1/*}.
 */
@Component(name = "dev.ignis.remote.write", service = Servlet.class)
@HttpWhiteboardServletName("ignis-remote-write")
@HttpWhiteboardServletPattern(RemoteWriteServlet.PATH)
public final class RemoteWriteServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The servlet's path. */
    public static final String PATH = "/api/v1/write";
    /** 2.42's answer when the receiver is off (it names the feature flag, not the newer flag). */
    static final String DISABLED = "remote write receiver needs to be enabled with --enable-feature=remote-write-receiver";

    /** How much of an unneeded body is read before answering (Go's server: 256 KiB). */
    private static final int DISCARD_LIMIT = 256 << 10;
    private static final byte[] METHOD_NOT_ALLOWED = "Method Not Allowed\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SERVICE_UNAVAILABLE = "Service Unavailable".getBytes(StandardCharsets.UTF_8);

    private final boolean enabled;
    private final transient CorsPolicy cors;
    private final transient ThreadLocal<WriteHandler> handlers = ThreadLocal.withInitial(WriteHandler::new);

    private transient volatile Appendable storage;
    private transient volatile ConfigSource config;

    @Activate
    public RemoteWriteServlet(@Reference(name = "runtime") RuntimeInfo runtime) {
        this(enabled(runtime), runtime.flag("web.cors.origin"));
    }

    /**
     * @param enabled whether {@code POST} writes (else it answers 404)
     * @param corsOrigin {@code --web.cors.origin}; empty for the default {@code .*}
     */
    public RemoteWriteServlet(boolean enabled, String corsOrigin) {
        this.enabled = enabled;
        this.cors = CorsPolicy.of(corsOrigin); // the web bundle logs a bad flag; then no origin is allowed
    }

    /** Whether the flags turn the receiver on. */
    static boolean enabled(RuntimeInfo runtime) {
        return Boolean.parseBoolean(runtime.flag("web.enable-remote-write-receiver"))
                || runtime.features().contains("remote-write-receiver");
    }

    @Reference(name = "storage", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindStorage(Appendable a) {
        storage = a;
    }

    public void unbindStorage(Appendable a) {
        if (storage == a) {
            storage = null;
        }
    }

    @Reference(name = "config", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindConfig(ConfigSource c) {
        config = c;
    }

    public void unbindConfig(ConfigSource c) {
        if (config == c) {
            config = null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        boolean post = method.equals("POST");
        if (!post && !method.equals("OPTIONS")) {
            discardBody(req);
            resp.setHeader("Allow", "OPTIONS, POST");
            resp.setHeader("X-Content-Type-Options", "nosniff");
            write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED);
            return;
        }
        Appendable app = storage;
        if (app == null || config == null) {
            discardBody(req);
            write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE);
            return;
        }
        if (!post) {
            cors.apply(req.getHeader("Origin"), resp::setHeader);
            resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        if (!enabled) {
            discardBody(req);
            error(resp, HttpServletResponse.SC_NOT_FOUND, DISABLED);
            return;
        }
        byte[] body = req.getInputStream().readAllBytes();
        WriteHandler.Result r = handlers.get().handle(body, body.length, app);
        if (r.error() == null) {
            resp.setStatus(r.status());
        } else {
            error(resp, r.status(), r.error());
        }
    }

    /**
     * Reads and drops up to 256 KiB of a body the answer does not need, as Go's server does
     * before reusing the connection; a larger rest is left for Jetty, which then closes it.
     * Without this, a client that sends its next request on the same connection can find it
     * closed under it.
     */
    private static void discardBody(HttpServletRequest req) throws IOException {
        byte[] buf = new byte[8192];
        InputStream in = req.getInputStream();
        for (int total = 0; total < DISCARD_LIMIT;) {
            int n = in.read(buf, 0, Math.min(buf.length, DISCARD_LIMIT - total));
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    /** Go's {@code http.Error}: the text and a newline, with {@code nosniff}. */
    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        write(resp, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
