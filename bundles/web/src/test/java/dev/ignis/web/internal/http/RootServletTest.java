package dev.ignis.web.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RootServletTest {
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "agent={0} external={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "false | ''                               | /graph",
        "true  | ''                               | /agent",
        "false | http://prom.example.com/         | /graph",
        "false | http://prom.example.com/ignis/   | /ignis/graph",
        "true  | https://x.example.com/a/b        | /a/b/agent",
    })
    void rootRedirectsToTheHomePage(boolean agent, String externalUrl, String location) throws Exception {
        Fakes.Runtime runtime = new Fakes.Runtime().flag("web.external-url", externalUrl);
        if (agent) {
            runtime.agent();
        }
        server = new TestServer().mount(new RootServlet(new ServerState(runtime), new HttpMetrics()), "/").start();
        HttpResponse<String> r = server.get("/");
        assertEquals(302, r.statusCode());
        assertEquals(location, r.headers().firstValue("Location").orElse(""));
        assertEquals("<a href=\"" + location + "\">Found</a>.\n\n", r.body());
    }

    @ParameterizedTest
    @CsvSource({"/nothing", "/api/v2/x", "/graph", "/graph/deeper"})
    void everythingElseIsNotFound(String path) throws Exception {
        server = new TestServer().mount(new RootServlet(new ServerState(new Fakes.Runtime()), new HttpMetrics()), "/")
                .start();
        HttpResponse<String> r = server.get(path);
        assertEquals(404, r.statusCode());
        assertEquals("404 page not found\n", r.body());
    }
}
