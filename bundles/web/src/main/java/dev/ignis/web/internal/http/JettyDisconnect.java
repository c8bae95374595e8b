package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

/**
 * Client-gone detection on Jetty 12, loaded only when Jetty's classes are there.
 *
 * <p>Jetty fails a request (and calls its failure listeners) when an HTTP/2 stream is reset,
 * but an HTTP/1 connection is not read while its request is being handled, so a closed
 * socket goes unnoticed until the response is written. For HTTP/1 the supplier therefore
 * probes the connection with a non-blocking read: {@code -1} (or an I/O error) means the
 * client closed it. Bytes that arrive instead can only be a pipelined next request; they
 * cannot be handed back to Jetty, so the response is then sent with {@code Connection: close}
 * and the client has to send that request again (clients in practice do not pipeline).
 */
final class JettyDisconnect {

    /** Probe the socket at most this often (a read system call each). */
    static final long PROBE_INTERVAL_NANOS = 20_000_000L;

    private JettyDisconnect() {
    }

    /**
     * A supplier for the request, or {@code null} when Jetty has no connection for it.
     *
     * @throws IllegalStateException when it is not a Jetty 12 servlet request
     */
    static BooleanSupplier watch(HttpServletRequest req) {
        ServletContextRequest scr = ServletContextRequest.getServletContextRequest(req);
        if (scr == null) {
            return null;
        }
        Probe probe = new Probe(scr.getHttpServletResponse());
        scr.addFailureListener(t -> probe.gone = true);
        HttpVersion version = scr.getConnectionMetaData().getHttpVersion();
        if (version == HttpVersion.HTTP_1_0 || version == HttpVersion.HTTP_1_1) {
            Connection c = scr.getConnectionMetaData().getConnection();
            probe.endPoint = c == null ? null : c.getEndPoint();
        }
        return probe;
    }

    private static final class Probe implements BooleanSupplier {
        private final HttpServletResponse resp;
        volatile boolean gone;
        EndPoint endPoint;
        private long lastProbe = System.nanoTime();
        private ByteBuffer buffer;

        Probe(HttpServletResponse resp) {
            this.resp = resp;
        }

        @Override
        public synchronized boolean getAsBoolean() {
            if (gone) {
                return true;
            }
            if (endPoint == null) {
                return false;
            }
            long now = System.nanoTime();
            if (now - lastProbe < PROBE_INTERVAL_NANOS) {
                return false;
            }
            lastProbe = now;
            if (!endPoint.isOpen() || endPoint.isInputShutdown()) {
                gone = true;
                return true;
            }
            if (buffer == null) {
                buffer = ByteBuffer.allocate(512);
            }
            buffer.clear().flip(); // Jetty's fill appends after the limit, in flush mode
            try {
                int n = endPoint.fill(buffer);
                if (n < 0) {
                    gone = true;
                } else if (n > 0) {
                    // A pipelined request we cannot give back: stop probing, close after this answer.
                    endPoint = null;
                    if (!resp.isCommitted()) {
                        resp.setHeader("Connection", "close");
                    }
                }
            } catch (IOException e) {
                gone = true;
            }
            return gone;
        }
    }
}
