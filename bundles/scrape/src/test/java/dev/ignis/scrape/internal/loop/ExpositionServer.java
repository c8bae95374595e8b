package dev.ignis.scrape.internal.loop;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP server on a loopback port serving one exposition body on every path, whose body,
 * status, content type, delay and compression tests change while it runs; it remembers the last
 * request's headers.
 */
final class ExpositionServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "exposition-server");
        t.setDaemon(true);
        return t;
    });
    volatile String body = "";
    volatile int status = 200;
    volatile String contentType = "text/plain; version=0.0.4; charset=utf-8";
    volatile long delayMs;
    volatile boolean gzip;
    /**
     * When set, every path but this one's answers 302 with this as Location (a path, or an
     * absolute URL naming this server otherwise).
     */
    volatile String redirectTo;
    volatile Headers lastHeaders;
    /** The headers of the last request answered with the body (not redirected). */
    volatile Headers servedHeaders;
    volatile String lastQuery;
    volatile String lastUri;
    /** Client ports of all requests: one port means one kept-alive connection. */
    final java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ExpositionServer() throws IOException {
        this(null);
    }

    /** An HTTPS server when {@code tls} is given. */
    ExpositionServer(SSLContext tls) throws IOException {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(any, 0);
        } else {
            HttpsServer https = HttpsServer.create(any, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code 127.0.0.1:port}. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        lastHeaders = ex.getRequestHeaders();
        lastQuery = ex.getRequestURI().getRawQuery();
        lastUri = ex.getRequestURI().toString();
        clientPorts.add(ex.getRemoteAddress().getPort());
        String redirect = redirectTo;
        if (redirect != null && !ex.getRequestURI().getPath().equals(java.net.URI.create(redirect).getPath())) {
            ex.getResponseHeaders().set("Location", redirect);
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        servedHeaders = ex.getRequestHeaders();
        try {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
        if (gzip && accept != null && accept.contains("gzip")) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                gz.write(b);
            }
            b = bo.toByteArray();
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.getResponseHeaders().set("Content-Type", contentType);
        try {
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(b);
                }
            }
        } catch (IOException clientGone) {
            // The scraper timed out or aborted; nothing to answer.
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
