package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.web.internal.FakeSelectorParser;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.MemStorage;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.federate.FederateServlet;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.TestServer;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage-backed routes are counted under Prometheus 2.42's handler labels. */
class RouteNamesTest {

    @Test
    void handlerLabelsArePrometheusRoutePatterns(@TempDir Path data) throws Exception {
        Fakes.Runtime runtime = new Fakes.Runtime().flag("web.enable-admin-api", "true")
                .flag("storage.tsdb.path", data.toString());
        ServerState state = new ServerState(runtime);
        state.setConfigSource(new Fakes.Config());
        state.setStorage(new MemStorage().add(1, 1, "__name__", "up"));
        state.setSelectorParser(new FakeSelectorParser());
        HttpMetrics metrics = new HttpMetrics();
        try (TestServer server = new TestServer()
                .mount(new ApiServlet(state, metrics, ZoneOffset.UTC), "/api/v1/*")
                .mount(new FederateServlet(state, metrics), "/federate")
                .start()) {
            server.get("/api/v1/series?match[]=up");
            server.form("POST", "/api/v1/series", "match[]=up");
            server.send("DELETE", "/api/v1/series");
            server.get("/api/v1/labels");
            server.get("/api/v1/label/job/values");
            server.get("/api/v1/label/__name__/values");
            server.get("/api/v1/status/tsdb");
            server.send("PUT", "/api/v1/admin/tsdb/delete_series?match[]=up");
            server.send("POST", "/api/v1/admin/tsdb/clean_tombstones");
            server.send("POST", "/api/v1/admin/tsdb/snapshot");
            server.get("/federate?match[]=up");
        }
        assertEquals(new TreeSet<>(Set.of(
                "/api/v1/series 200 2", "/api/v1/series 500 1", "/api/v1/labels 200 1",
                "/api/v1/label/:name/values 200 2", "/api/v1/status/tsdb 200 1",
                "/api/v1/admin/tsdb/delete_series 204 1", "/api/v1/admin/tsdb/clean_tombstones 204 1",
                "/api/v1/admin/tsdb/snapshot 200 1", "/federate 200 1")), new TreeSet<>(requestCounts(metrics)));
    }

    /** {@code prometheus_http_requests_total} as sorted "handler code count" lines. */
    static List<String> requestCounts(HttpMetrics metrics) {
        Set<String> seen = new TreeSet<>();
        metrics.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                if (name.equals("prometheus_http_requests_total")) {
                    seen.add(labels.get("handler") + " " + labels.get("code") + " " + (long) value);
                }
            }
        });
        return List.copyOf(seen);
    }
}
