package dev.ignis.web.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.LifecycleServlet;
import dev.ignis.web.internal.http.TestServer;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsServletTest {
    private final HttpMetrics httpMetrics = new HttpMetrics();
    private final MetricsServlet servlet = new MetricsServlet(httpMetrics);
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start() throws Exception {
        ServerState state = new ServerState(new Fakes.Runtime());
        server = new TestServer()
                .mount(servlet, "/metrics")
                .mount(new LifecycleServlet(state, httpMetrics, () -> { }), "/-/healthy", "/-/ready")
                .start();
        return server;
    }

    @Test
    void servesEveryExporterSortedInTextFormat() throws Exception {
        servlet.addExporter(w -> {
            w.family("b_metric", MetricType.GAUGE, "B.");
            w.sample("b_metric", Labels.of("path", "C:\\dir", "msg", "say \"hi\"\n"), 0.25);
        });
        servlet.addExporter(w -> {
            w.family("a_metric_total", MetricType.COUNTER, "A.");
            w.sample("a_metric_total", 42);
        });
        start();
        HttpResponse<String> r = server.get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        assertEquals("""
                # HELP a_metric_total A.
                # TYPE a_metric_total counter
                a_metric_total 42
                # HELP b_metric B.
                # TYPE b_metric gauge
                b_metric{msg="say \\"hi\\"\\n",path="C:\\\\dir"} 0.25
                """, r.body());
    }

    @Test
    void removedExporterDisappears() throws Exception {
        Exporter e = w -> {
            w.family("gone", MetricType.GAUGE, "Gone.");
            w.sample("gone", 1);
        };
        servlet.addExporter(e);
        start();
        assertTrue(server.get("/metrics").body().contains("gone 1"));
        servlet.removeExporter(e);
        assertEquals("", server.get("/metrics").body());
    }

    @Test
    void gzipWhenAccepted() throws Exception {
        servlet.addExporter(w -> {
            w.family("z", MetricType.GAUGE, "Z.");
            w.sample("z", 1);
        });
        start();
        HttpResponse<byte[]> r = server.sendBytes("GET", "/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("# HELP z Z.\n# TYPE z gauge\nz 1\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void headIsNotRouted() throws Exception {
        start();
        HttpResponse<String> r = server.send("HEAD", "/metrics");
        assertEquals(405, r.statusCode());
        assertEquals("GET, OPTIONS", r.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void httpMetricsCountRequestsPerHandlerAndCode() throws Exception {
        servlet.addExporter(httpMetrics);
        start();
        server.get("/-/healthy");
        server.get("/-/healthy");
        server.get("/-/ready"); // 503: not ready
        server.send("DELETE", "/-/healthy"); // 405 from the router: not instrumented, as in Prometheus
        String body = server.get("/metrics").body();
        List<String> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("prometheus_http_requests_total")
                    || line.startsWith("prometheus_http_response_size_bytes_")
                    || line.startsWith("prometheus_http_request_duration_seconds_count")
                    || line.startsWith("prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\"")
                    || line.startsWith("# ")) {
                lines.add(line);
            }
        }
        assertEquals(List.of(
                "# HELP prometheus_http_request_duration_seconds Histogram of latencies for HTTP requests.",
                "# TYPE prometheus_http_request_duration_seconds histogram",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"0.1\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"0.2\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"0.4\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"1\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"3\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"8\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"20\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"60\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"120\"} 2",
                "prometheus_http_request_duration_seconds_bucket{handler=\"/-/healthy\",le=\"+Inf\"} 2",
                "prometheus_http_request_duration_seconds_count{handler=\"/-/healthy\"} 2",
                "prometheus_http_request_duration_seconds_count{handler=\"/-/ready\"} 1",
                "# HELP prometheus_http_requests_total Counter of HTTP requests.",
                "# TYPE prometheus_http_requests_total counter",
                "prometheus_http_requests_total{code=\"200\",handler=\"/-/healthy\"} 2",
                "prometheus_http_requests_total{code=\"503\",handler=\"/-/ready\"} 1",
                "# HELP prometheus_http_response_size_bytes Histogram of response size for HTTP requests.",
                "# TYPE prometheus_http_response_size_bytes histogram",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"100\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"1000\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"10000\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"100000\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"1e+06\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"1e+07\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"1e+08\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"1e+09\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/healthy\",le=\"+Inf\"} 2",
                "prometheus_http_response_size_bytes_sum{handler=\"/-/healthy\"} 60",
                "prometheus_http_response_size_bytes_count{handler=\"/-/healthy\"} 2",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"100\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"1000\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"10000\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"100000\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"1e+06\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"1e+07\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"1e+08\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"1e+09\"} 1",
                "prometheus_http_response_size_bytes_bucket{handler=\"/-/ready\",le=\"+Inf\"} 1",
                "prometheus_http_response_size_bytes_sum{handler=\"/-/ready\"} 19",
                "prometheus_http_response_size_bytes_count{handler=\"/-/ready\"} 1"), lines);
    }
}
