package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a long request (a query) whether its client has gone away, as Go's HTTP server does
 * by cancelling the request context when the connection closes. The servlet API has no such
 * notice, so this looks at the Jetty connection under the request ({@link JettyDisconnect})
 * when the container is Jetty 12; elsewhere the client never counts as gone.
 */
public final class ClientDisconnect {
    private static final Logger LOG = LoggerFactory.getLogger(ClientDisconnect.class);
    private static final BooleanSupplier NEVER = () -> false;
    private static final boolean JETTY = jettyPresent();

    private ClientDisconnect() {
    }

    /**
     * A supplier that turns true once the client of {@code req} has closed its connection (or
     * reset its HTTP/2 stream). Cheap to poll often: the connection is probed at most every
     * {@link JettyDisconnect#PROBE_INTERVAL_NANOS}. Call from the thread handling the request,
     * before the response is committed.
     */
    public static BooleanSupplier watch(HttpServletRequest req) {
        if (!JETTY) {
            return NEVER;
        }
        BooleanSupplier s;
        try {
            s = JettyDisconnect.watch(req);
        } catch (RuntimeException | LinkageError e) {
            // Jetty throws IllegalStateException for a request it did not create.
            return NEVER;
        }
        return s == null ? NEVER : s;
    }

    private static boolean jettyPresent() {
        try {
            Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextRequest", false,
                    ClientDisconnect.class.getClassLoader());
            Class.forName("org.eclipse.jetty.io.EndPoint", false, ClientDisconnect.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.atInfo().addKeyValue("err", e.toString())
                    .log("Not running on Jetty 12: queries are not canceled when their client disconnects");
            return false;
        }
    }
}
