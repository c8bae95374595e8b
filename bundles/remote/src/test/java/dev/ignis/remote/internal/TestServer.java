package dev.ignis.remote.internal;

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

/** An embedded Jetty 12 (the one Felix HTTP embeds) with one servlet mounted at its whiteboard pattern. */
final class TestServer implements AutoCloseable {
    private final Server server = new Server();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private URI base;

    TestServer(Servlet servlet, String pattern) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), pattern);
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    int port() {
        return base.getPort();
    }

    /** POSTs a remote write body with the headers Prometheus's sender sets. */
    HttpResponse<String> write(byte[] body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(RemoteWriteServlet.PATH)).timeout(Duration.ofSeconds(10))
                .header("Content-Encoding", "snappy").header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return client.send(r, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(RemoteWriteServlet.PATH)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping Jetty", e);
        }
    }
}
