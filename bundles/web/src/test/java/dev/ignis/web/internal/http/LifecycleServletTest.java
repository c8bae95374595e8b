package dev.ignis.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.ConfigException;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleServletTest {
    private static final String[] PATTERNS = {"/-/healthy", "/-/ready", "/-/reload", "/-/quit"};

    private final Fakes.Runtime runtime = new Fakes.Runtime();
    private final Fakes.Config config = new Fakes.Config();
    private final AtomicInteger terminations = new AtomicInteger();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private ServerState state;
    private TestServer server;

    private TestServer start() throws Exception {
        state = new ServerState(runtime);
        LifecycleServlet servlet = new LifecycleServlet(state, new HttpMetrics(), () -> {
            terminations.incrementAndGet();
            terminated.countDown();
        });
        server = new TestServer().mount(servlet, PATTERNS).start();
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Jetty writes known content types without the space after ';', Go with it; same meaning. */
    static final String TEXT = "text/plain;charset=utf-8";

    static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("").replace("; ", ";");
    }

    private static void assertResponse(HttpResponse<String> r, int status, String body) {
        assertEquals(status, r.statusCode(), () -> "status of " + r.request().method() + " " + r.uri());
        assertEquals(body, r.body(), () -> "body of " + r.request().method() + " " + r.uri());
    }

    @Test
    void healthyAnswersBeforeAnythingIsUp() throws Exception {
        start();
        HttpResponse<String> r = server.get("/-/healthy");
        assertResponse(r, 200, "Prometheus Server is Healthy.\n");
        assertEquals(TEXT, contentType(r));
        assertResponse(server.send("HEAD", "/-/healthy"), 200, "");
    }

    @Test
    void readyWaitsForStorageAndConfig() throws Exception {
        start();
        assertResponse(server.get("/-/ready"), 503, "Service Unavailable");
        assertResponse(server.send("HEAD", "/-/ready"), 503, "");
        state.setConfigSource(config);
        assertResponse(server.get("/-/ready"), 503, "Service Unavailable");
        Fakes.NoStorage storage = new Fakes.NoStorage();
        state.setStorage(storage);
        assertResponse(server.get("/-/ready"), 200, "Prometheus Server is Ready.\n");
        assertResponse(server.send("HEAD", "/-/ready"), 200, "");
        state.unsetStorage(storage);
        assertResponse(server.get("/-/ready"), 503, "Service Unavailable");
    }

    @Test
    void agentModeUsesAgentWordingAndNeedsOnlyAnAppendable() throws Exception {
        runtime.agent();
        start();
        assertResponse(server.get("/-/healthy"), 200, "Prometheus Agent is Healthy.\n");
        state.setConfigSource(config);
        state.setStorage(new Fakes.NoStorage());
        assertResponse(server.get("/-/ready"), 503, "Service Unavailable");
        state.setAppendable(Fakes.agentStorage());
        assertResponse(server.get("/-/ready"), 200, "Prometheus Agent is Ready.\n");
    }

    static Stream<Arguments> lifecycleDisabled() {
        return Stream.of(
                Arguments.of("POST", "/-/reload", 403, "Lifecycle API is not enabled."),
                Arguments.of("PUT", "/-/reload", 403, "Lifecycle API is not enabled."),
                Arguments.of("POST", "/-/quit", 403, "Lifecycle API is not enabled."),
                Arguments.of("PUT", "/-/quit", 403, "Lifecycle API is not enabled."),
                Arguments.of("GET", "/-/reload", 405, "Only POST or PUT requests allowed"),
                Arguments.of("GET", "/-/quit", 405, "Only POST or PUT requests allowed"),
                Arguments.of("DELETE", "/-/healthy", 405, "Method Not Allowed\n"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void lifecycleDisabled(String method, String path, int status, String body) throws Exception {
        start();
        state.setConfigSource(config);
        assertResponse(server.send(method, path), status, body);
        assertEquals(0, config.reloads.get());
        assertEquals(0, terminations.get());
    }

    @Test
    void unroutedMethodListsAllowedMethods() throws Exception {
        start();
        HttpResponse<String> r = server.send("DELETE", "/-/healthy");
        assertEquals("GET, HEAD, OPTIONS", r.headers().firstValue("Allow").orElse(""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<String> o = server.send("OPTIONS", "/-/healthy");
        assertEquals(200, o.statusCode());
        assertEquals("GET, HEAD, OPTIONS", o.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void reloadSucceeds() throws Exception {
        runtime.flag("web.enable-lifecycle", "true");
        start();
        state.setConfigSource(config);
        assertResponse(server.send("POST", "/-/reload"), 200, "");
        assertResponse(server.send("PUT", "/-/reload"), 200, "");
        assertResponse(server.get("/-/reload"), 405, "Only POST or PUT requests allowed");
        assertEquals(2, config.reloads.get());
    }

    @Test
    void reloadFailureAnswers500WithTheReason() throws Exception {
        runtime.flag("web.enable-lifecycle", "true");
        start();
        state.setConfigSource(config);
        config.failure = new ConfigException("/etc/prometheus.yml", 7, "field foo not found in type config.plain");
        HttpResponse<String> r = server.send("POST", "/-/reload");
        assertResponse(r, 500,
                "failed to reload config: /etc/prometheus.yml:7: field foo not found in type config.plain\n");
        assertEquals(TEXT, contentType(r));
    }

    @Test
    void reloadWithoutConfigSourceIsUnavailable() throws Exception {
        runtime.flag("web.enable-lifecycle", "true");
        start();
        assertResponse(server.send("POST", "/-/reload"), 503, "Service Unavailable");
    }

    @Test
    void quitTerminatesOnceAfterAnswering() throws Exception {
        runtime.flag("web.enable-lifecycle", "true");
        start();
        assertResponse(server.send("POST", "/-/quit"), 200, "Requesting termination... Goodbye!");
        assertTrue(terminated.await(5, TimeUnit.SECONDS));
        assertResponse(server.send("PUT", "/-/quit"), 200, "Termination already in progress.");
        assertResponse(server.get("/-/quit"), 405, "Only POST or PUT requests allowed");
        Thread.sleep(50);
        assertEquals(1, terminations.get());
    }
}
