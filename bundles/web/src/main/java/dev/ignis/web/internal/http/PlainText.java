package dev.ignis.web.internal.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Plain-text answers worded and typed as Go's net/http and Prometheus's handlers write them. */
public final class PlainText {

    /** The content type Go sniffs for text bodies. */
    public static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    private static final byte[] NOT_FOUND = "404 page not found\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] METHOD_NOT_ALLOWED = "Method Not Allowed\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SERVICE_UNAVAILABLE = "Service Unavailable".getBytes(StandardCharsets.UTF_8);

    private PlainText() {
    }

    /** Writes {@code body} with {@code status}, as a Go handler writing to the response would. */
    public static void write(HttpServletResponse resp, int status, String body) throws IOException {
        write(resp, status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code body} with {@code status}. */
    public static void write(HttpServletResponse resp, int status, byte[] body) throws IOException {
        resp.setStatus(status);
        if (body.length == 0) {
            resp.setContentLength(0);
            return;
        }
        resp.setContentType(CONTENT_TYPE);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /** As Go's {@code http.Error}: the message plus a newline, and {@code X-Content-Type-Options: nosniff}. */
    public static void error(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        write(resp, status, (message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Go's {@code http.NotFound}. */
    public static void notFound(HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        write(resp, HttpServletResponse.SC_NOT_FOUND, NOT_FOUND);
    }

    /** The router's answer to a known path with an unrouted method. */
    public static void methodNotAllowed(HttpServletResponse resp, String allow) throws IOException {
        resp.setHeader("Allow", allow);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        write(resp, HttpServletResponse.SC_METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED);
    }

    /** Prometheus's answer while storage or configuration are not up yet: 503 "Service Unavailable". */
    public static void unavailable(HttpServletResponse resp) throws IOException {
        write(resp, HttpServletResponse.SC_SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE);
    }
}
