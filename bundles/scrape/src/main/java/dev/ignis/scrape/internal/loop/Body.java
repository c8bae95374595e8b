package dev.ignis.scrape.internal.loop;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Future;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;

/**
 * One scrape loop's response body: a byte array reused across scrapes (grown when a body does
 * not fit, never shrunk) and the Jetty listener that fills it. Prometheus's checks are applied
 * while the response streams in: a status other than 200 and a (decompressed) body over
 * {@code body_size_limit} abort the exchange at once.
 *
 * <p>Used by one exchange at a time; Jetty calls the listener methods of one exchange
 * serially, and the completion callback hands the filled buffer to the loop.
 */
final class Body implements Response.Listener {
    /** Aborts an exchange whose body passed the limit; Prometheus's wording. */
    static final class BodyLimitExceeded extends Exception {
        private static final long serialVersionUID = 1L;

        BodyLimitExceeded() {
            super("body size limit exceeded", null, false, false);
        }
    }

    /** Aborts an exchange answered with a status other than 200; Prometheus's wording. */
    static final class BadStatus extends Exception {
        private static final long serialVersionUID = 1L;

        BadStatus(int status, String reason) {
            super("server returned HTTP status " + status + " " + statusText(status, reason), null, false, false);
        }
    }

    private static final java.util.Map<Integer, String> GO_STATUS_TEXT = java.util.Map.ofEntries(
            java.util.Map.entry(201, "Created"), java.util.Map.entry(202, "Accepted"),
            java.util.Map.entry(204, "No Content"), java.util.Map.entry(301, "Moved Permanently"),
            java.util.Map.entry(302, "Found"), java.util.Map.entry(303, "See Other"),
            java.util.Map.entry(304, "Not Modified"), java.util.Map.entry(307, "Temporary Redirect"),
            java.util.Map.entry(308, "Permanent Redirect"), java.util.Map.entry(400, "Bad Request"),
            java.util.Map.entry(401, "Unauthorized"), java.util.Map.entry(403, "Forbidden"),
            java.util.Map.entry(404, "Not Found"), java.util.Map.entry(405, "Method Not Allowed"),
            java.util.Map.entry(406, "Not Acceptable"), java.util.Map.entry(408, "Request Timeout"),
            java.util.Map.entry(409, "Conflict"), java.util.Map.entry(410, "Gone"),
            java.util.Map.entry(413, "Request Entity Too Large"), java.util.Map.entry(415, "Unsupported Media Type"),
            java.util.Map.entry(429, "Too Many Requests"), java.util.Map.entry(500, "Internal Server Error"),
            java.util.Map.entry(501, "Not Implemented"), java.util.Map.entry(502, "Bad Gateway"),
            java.util.Map.entry(503, "Service Unavailable"), java.util.Map.entry(504, "Gateway Timeout"));

    /**
     * The status text Prometheus shows. Go prints the server's status line, which for the Go
     * servers nearly every exporter runs is Go's own text for the code; Jetty's client does not
     * reliably keep the reason phrase, so Go's text is used for the codes it names.
     */
    static String statusText(int status, String reason) {
        String go = GO_STATUS_TEXT.get(status);
        if (go != null) {
            return go;
        }
        return reason == null || reason.isEmpty() ? HttpStatus.getMessage(status) : reason;
    }

    /** Receives the outcome of an exchange. */
    interface Done {
        /** @param failure null on success; otherwise why the exchange failed */
        void done(Throwable failure);
    }

    private byte[] buf;
    private int len;
    private long limit;
    private String contentType;
    private Done done;
    // The task that aborts the exchange at the scrape timeout; cancelled when it ends.
    private volatile Future<?> deadline;

    Body() {
    }

    /**
     * Prepares for a new exchange into {@code buffer} (grown as needed, handed back by
     * {@link #release}); {@code limit} 0 means unlimited.
     */
    void reset(long limit, Done done, byte[] buffer) {
        this.buf = buffer;
        this.len = 0;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.contentType = null;
        this.done = done;
        cancelDeadline(); // one left by an exchange that failed before it was sent
    }

    /** The timeout task of the exchange about to be sent, cancelled when the exchange ends. */
    void deadline(Future<?> task) {
        this.deadline = task;
    }

    byte[] bytes() {
        return buf;
    }

    /** Gives up the buffer: the body reads as empty until the next {@link #reset}. */
    byte[] release() {
        byte[] b = buf;
        buf = null;
        len = 0;
        return b;
    }

    int length() {
        return len;
    }

    /** The response's Content-Type, or null. */
    String contentType() {
        return contentType;
    }

    @Override
    public void onHeaders(Response response) {
        if (response.getStatus() != HttpStatus.OK_200) {
            response.abort(new BadStatus(response.getStatus(), response.getReason()));
            return;
        }
        contentType = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        int n = content.remaining();
        if (len + (long) n > limit) {
            response.abort(new BodyLimitExceeded());
            return;
        }
        if (buf == null) {
            return; // released: the scrape ended (stopped) while content still arrived
        }
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        content.get(buf, len, n);
        len += n;
    }

    /** Ends the exchange with {@code failure} before any request was sent (no token, say). */
    void fail(Throwable failure) {
        cancelDeadline();
        Done d = done;
        done = null;
        if (d != null) {
            d.done(failure);
        }
    }

    @Override
    public void onComplete(Result result) {
        cancelDeadline();
        Done d = done;
        done = null;
        if (d != null) {
            d.done(result.isFailed() ? result.getFailure() : null);
        }
    }

    private void cancelDeadline() {
        Future<?> t = deadline;
        deadline = null;
        if (t != null) {
            t.cancel(false);
        }
    }
}
