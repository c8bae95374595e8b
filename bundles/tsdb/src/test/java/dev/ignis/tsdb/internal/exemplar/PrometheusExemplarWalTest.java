package dev.ignis.tsdb.internal.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.tsdb.internal.RealPrometheus;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplar WAL records both ways with the real Prometheus 2.42 (skipped where it is not
 * installed): it answers /api/v1/query_exemplars from a WAL Ignis wrote with what Ignis holds,
 * and Ignis replays a WAL Prometheus wrote while scraping exemplars into what Prometheus answered.
 */
class PrometheusExemplarWalTest {

    private static final String QUERY = "/api/v1/query_exemplars?query="
            + URLEncoder.encode("{__name__=~\".+\"}", StandardCharsets.UTF_8) + "&start=0&end=9999999999";

    @TempDir
    Path dir;

    @Test
    void prometheusReplaysOurExemplarRecords() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Path data = dir.resolve("data");
        TsdbOptions o = TsdbOptions.defaults(data).withExemplarStorage(true);
        long base = System.currentTimeMillis() - 600_000;
        Labels a = Labels.of("__name__", "req_total", "path", "/a");
        Labels h = Labels.of("__name__", "lat_bucket", "le", "0.5");
        List<ExemplarSeries> ours;
        try (Tsdb db = Tsdb.open(o)) {
            for (int i = 0; i < 5; i++) {
                Appender app = db.appender();
                long t = base + i * 15_000L;
                long ra = app.append(0, a, t, i);
                long rh = app.append(0, h, t, i);
                app.appendExemplar(ra, a, Labels.of("trace_id", "a" + i, "span", "\u00e9t\u00e9"), t - 7, true, i + 0.5);
                app.appendExemplar(rh, h, Labels.of("trace_id", "h" + i), t, false, 0.125 * i);
                app.commit();
            }
            ours = HeadExemplarsTest.all(db);
        }
        assertEquals(10, ours.get(0).exemplars().size() + ours.get(1).exemplars().size());
        try (RealPrometheus p = new RealPrometheus(dir, data, "--enable-feature=exemplar-storage")) {
            assertEquals(ok(json(ours)), p.body(QUERY));
        }
    }

    @Test
    void weReplayExemplarRecordsPrometheusWrote() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        AtomicInteger scrapes = new AtomicInteger();
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/metrics", ex -> {
            int n = scrapes.incrementAndGet();
            byte[] body = ("# TYPE req counter\n"
                    + "req_total{path=\"/a\"} " + n + " # {trace_id=\"a" + n + "\"} " + n + ".5\n"
                    + "req_total{path=\"/b\"} 1 # {trace_id=\"fixed\",span=\"\u00e9\"} 0.25 1700000000.001\n"
                    + "# TYPE lat histogram\n"
                    + "lat_bucket{le=\"0.5\"} " + n + " # {trace_id=\"h" + n + "\"} 0.125 " + (1_700_000_000 + n) + ".5\n"
                    + "lat_bucket{le=\"+Inf\"} " + n + "\nlat_sum 1\nlat_count " + n + "\n# EOF\n")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        Path data = dir.resolve("data");
        String answer;
        String yml = "global:\n  scrape_interval: 300ms\n  scrape_timeout: 250ms\nscrape_configs:\n  - job_name: om\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + target.getAddress().getPort() + "']\n";
        try (RealPrometheus p = RealPrometheus.withConfig(yml, dir, data, "--enable-feature=exemplar-storage")) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (scrapes.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            target.stop(0);
            Thread.sleep(1_000); // the last scrape is committed; later ones fail and add no exemplar
            answer = p.body(QUERY);
            assertTrue(metric(p.metrics(), "prometheus_tsdb_exemplar_exemplars_appended_total") >= 7, p.metrics());
        }
        assertTrue(answer.contains("\"trace_id\":\"fixed\""), answer);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data).withExemplarStorage(true))) {
            assertEquals(answer, ok(json(HeadExemplarsTest.all(db))));
        }
    }

    private static double metric(String page, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String ok(String data) {
        return "{\"status\":\"success\",\"data\":" + data + "}";
    }

    /** 2.42's JSON for exemplar query results (plain label values, values as Go prints these). */
    static String json(List<ExemplarSeries> result) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < result.size(); i++) {
            ExemplarSeries s = result.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"seriesLabels\":");
            labels(sb, s.seriesLabels()).append(",\"exemplars\":[");
            for (int k = 0; k < s.exemplars().size(); k++) {
                Exemplar e = s.exemplars().get(k);
                sb.append(k == 0 ? "" : ",").append("{\"labels\":");
                labels(sb, e.labels());
                double v = e.value();
                sb.append(",\"value\":\"").append(v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v));
                sb.append("\",\"timestamp\":").append(e.timestamp() / 1000);
                long ms = e.timestamp() % 1000;
                if (ms != 0) {
                    sb.append('.').append(String.format("%03d", ms));
                }
                sb.append('}');
            }
            sb.append("]}");
        }
        return sb.append(']').toString();
    }

    private static StringBuilder labels(StringBuilder sb, Labels l) {
        sb.append('{');
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(l.name(i)).append("\":\"").append(l.value(i)).append('"');
        }
        return sb.append('}');
    }
}
