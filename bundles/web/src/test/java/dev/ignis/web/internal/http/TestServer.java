package dev.ignis.web.internal.http;

import jakarta.servlet.Servlet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 with servlets mounted as the whiteboard would mount them. */
public final class TestServer implements AutoCloseable {
    private final Server server = new Server();
    private final ServletContextHandler context = new ServletContextHandler("/");
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private URI base;

    public TestServer() {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
    }

    /** Mounts a servlet under the given whiteboard patterns; call before {@link #start()}. */
    public TestServer mount(Servlet servlet, String... patterns) {
        ServletHolder holder = new ServletHolder(servlet);
        for (String p : patterns) {
            context.addServlet(holder, p);
        }
        return this;
    }

    public TestServer start() throws Exception {
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        base = URI.create("http://127.0.0.1:" + port);
        return this;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String base() {
        return base.toString();
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    public HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(uriSafe(path))).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code body} as {@code application/x-www-form-urlencoded} with {@code method}. */
    public HttpResponse<String> form(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(uriSafe(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code body} with the given content type. */
    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(uriSafe(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendBytes(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(uriSafe(path))).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A response read off a raw socket. */
    public record RawResponse(int status, String headers, String body) {
    }

    /**
     * Sends an HTTP/1.0 GET with {@code pathAndQuery} exactly as given (no URI validation, so
     * malformed escapes reach the server) and reads the answer until the server closes.
     */
    public RawResponse rawGet(String pathAndQuery) throws Exception {
        try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.0\r\nHost: test\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String all = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            String head = all.substring(0, split);
            int status = Integer.parseInt(head.substring(9, 12));
            return new RawResponse(status, head, all.substring(split + 4));
        }
    }

    /** Percent-encodes the characters a URI may not contain ({@code {"<>} ...), keeping existing escapes. */
    static String uriSafe(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"<>{}|\\^`".indexOf(c) >= 0) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the test server failed", e);
        }
    }
}
