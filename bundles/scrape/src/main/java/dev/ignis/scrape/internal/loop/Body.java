package dev.ignis.scrape.internal.loop;

import java.nio.ByteBuffer;
import java.util.Arrays;
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
            super("server returned HTTP status " + status + " "
                    + (reason == null || reason.isEmpty() ? HttpStatus.getMessage(status) : reason), null, false, false);
        }
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

    Body(int initialCapacity) {
        buf = new byte[Math.max(1024, initialCapacity)];
    }

    /** Prepares for a new exchange; {@code limit} 0 means unlimited. */
    void reset(long limit, Done done) {
        this.len = 0;
        this.limit = limit <= 0 ? Long.MAX_VALUE : limit;
        this.contentType = null;
        this.done = done;
    }

    byte[] bytes() {
        return buf;
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
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
        content.get(buf, len, n);
        len += n;
    }

    @Override
    public void onComplete(Result result) {
        Done d = done;
        done = null;
        if (d != null) {
            d.done(result.isFailed() ? result.getFailure() : null);
        }
    }
}
