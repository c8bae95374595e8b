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

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path);
    }

    public HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendBytes(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
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
