package dev.ignis.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class ClientDisconnectTest {

    @Test
    void requestNotFromJettyIsNeverGone() {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);
        BooleanSupplier gone = ClientDisconnect.watch(req);
        assertFalse(gone.getAsBoolean());
    }

    /** A connection idle longer than Jetty's idle timeout while its request is handled is still there. */
    @Test
    void idleTimeoutWhileHandlingIsNoDisconnect() throws Exception {
        AtomicBoolean sawGone = new AtomicBoolean();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setIdleTimeout(200);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                BooleanSupplier gone = ClientDisconnect.watch(req);
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000);
                while (System.nanoTime() < end) {
                    sawGone.compareAndSet(false, gone.getAsBoolean());
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                resp.getWriter().write("done");
            }
        }), "/slow");
        server.setHandler(context);
        server.start();
        try (Socket s = new Socket("127.0.0.1", connector.getLocalPort())) {
            s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.setSoTimeout(5000);
            String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 200", answer);
            assertFalse(sawGone.get());
        } finally {
            server.stop();
        }
    }

    /** The client half-closing its side after the request counts as gone, as Go's server treats EOF. */
    @Test
    void halfCloseIsGone() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (TestServer server = new TestServer().mount(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                BooleanSupplier g = ClientDisconnect.watch(req);
                started.countDown();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (System.nanoTime() < end) {
                    if (g.getAsBoolean()) {
                        gone.countDown();
                        return;
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }, "/slow").start()) {
            java.net.URI base = java.net.URI.create(server.base());
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertTrue(started.await(5, TimeUnit.SECONDS));
                s.shutdownOutput();
                assertTrue(gone.await(5, TimeUnit.SECONDS));
            }
        }
    }
}
