package dev.ignis.launcher;

import static dev.ignis.launcher.ProcessWaits.eventually;
import static dev.ignis.launcher.ProcessWaits.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built {@code bin/ignis --enable-feature=exemplar-storage} and a real Prometheus 2.42
 * scrape the same OpenMetrics target, whose exemplars change in steps (new ones with and
 * without timestamps, repeats, an out-of-order one, one over the label length limit); both
 * must answer /api/v1/query_exemplars alike and count the same in prometheus_tsdb_exemplar_*,
 * before and after a config reload shrinks {@code max_exemplars}. Exemplars without their own
 * timestamp take each server's scrape time, so those times are compared by shape only.
 */
class ExemplarsIT {

    private static final Path DIST = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int GENERATIONS = 3;
    // Scrape times (2025 and later) rather than the fixed 2020-2023 exemplar times.
    private static final Pattern SCRAPE_TIME = Pattern.compile("\"timestamp\":1(7[4-9]|[89][0-9])[0-9]{7}(\\.[0-9]+)?");
    private static final String[] GAUGES = {"prometheus_tsdb_exemplar_exemplars_appended_total",
        "prometheus_tsdb_exemplar_exemplars_in_storage", "prometheus_tsdb_exemplar_series_with_exemplars_in_storage",
        "prometheus_tsdb_exemplar_max_exemplars", "prometheus_tsdb_exemplar_out_of_order_exemplars_total"};

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private HttpServer target;
    private final AtomicInteger generation = new AtomicInteger();
    // Per scraper (metrics path): the generation it was last served and how often in a row.
    private final Map<String, int[]> served = new ConcurrentHashMap<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (target != null) {
            target.stop(0);
        }
    }

    record Server(String name, String base, Path dir) {
    }

    static String body(int g) {
        return "# TYPE req counter\n"
                + "req_total{path=\"/a\"} " + g + " # {trace_id=\"a" + g + "\"} " + g + ".5 " + (1_700_000_000 + g) + ".123\n"
                + "req_total{path=\"/b\"} 5 # {trace_id=\"same\"} 1\n"
                + "req_total{path=\"/c\"} " + g + " # {trace_id=\"c" + g + "\"} " + g + "\n"
                + "req_total{path=\"/d\"} 1 # {trace_id=\"ooo" + g + "\"} 1 " + (1_700_000_010 - g) + "\n"
                + "req_total{path=\"/e\"} 1 # {trace_id=\"" + "x".repeat(130) + "\"} 1 1700000000\n"
                + "# TYPE lat histogram\n"
                + "lat_bucket{le=\"0.1\"} " + g + " # {span=\"s\",trace_id=\"h" + g + "\"} 0.05 " + (1_600_000_000 + g) + "\n"
                + "lat_bucket{le=\"+Inf\"} " + (g + 1) + " # {trace_id=\"old\"} 0.5 1600000000\n"
                + "lat_sum 1\nlat_count " + (g + 1) + "\n# EOF\n";
    }

    private void startTarget() throws IOException {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", ex -> {
            int g = generation.get();
            int[] s = served.computeIfAbsent(ex.getRequestURI().getPath(), k -> new int[] {-1, 0});
            synchronized (s) {
                s[1] = s[0] == g ? s[1] + 1 : 1;
                s[0] = g;
            }
            byte[] b = body(g).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        target.start();
    }

    private static String config(String path, int port, int maxExemplars) {
        return "global:\n  scrape_interval: 500ms\n  scrape_timeout: 400ms\n"
                + "storage:\n  exemplars:\n    max_exemplars: " + maxExemplars + "\n"
                + "scrape_configs:\n  - job_name: om\n    metrics_path: " + path + "\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n";
    }

    private Server start(String name, Path binary) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        int port = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), config("/" + name, target.getAddress().getPort(), 1000));
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--enable-feature=exemplar-storage", "--web.enable-lifecycle")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        processes.add(p);
        return new Server(name, "http://127.0.0.1:" + port, dir);
    }

    private boolean everyoneServedTwice(List<Server> servers) {
        for (Server s : servers) {
            int[] x = served.get("/" + s.name());
            if (x == null) {
                return false;
            }
            synchronized (x) {
                if (x[0] != generation.get() || x[1] < 2) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void exemplarsAnswerAsPrometheus() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "prometheus 2.42 not installed");
        startTarget();
        List<Server> servers = List.of(start("ignis", DIST.resolve("bin/ignis")), start("prometheus", PROMETHEUS));
        for (int g = 0; g < GENERATIONS; g++) {
            generation.set(g);
            assertTrue(eventually(90, () -> everyoneServedTwice(servers)),
                    "generation " + g + " not scraped twice by both: " + served + "\n" + log(servers.get(0)));
        }
        int port = target.getAddress().getPort();
        // One more scrape interval so that the last scrapes are committed; nothing changes after.
        Thread.sleep(1_000);
        String query = "/api/v1/query_exemplars?query=" + enc("{__name__=~\"req_total|lat_bucket\"}")
                + "&start=1500000000&end=2000000000";
        List<String> answers = new ArrayList<>();
        for (Server s : servers) {
            answers.add(SCRAPE_TIME.matcher(get(s, query)).replaceAll("\"timestamp\":T") + "\n" + metrics(s));
        }
        assertEquals(answers.get(1), answers.get(0), "Ignis answers as Prometheus 2.42");
        String data = answers.get(0);
        // As 2.42: one exemplar per generation where they change, one for repeats, none over 128 characters.
        assertTrue(data.contains("prometheus_tsdb_exemplar_exemplars_appended_total 12\n"), data);
        assertTrue(data.contains("\"trace_id\":\"ooo0\"") && !data.contains("ooo1") && !data.contains("xxx"), data);
        for (Server s : servers) {
            assertTrue(metric(get(s, "/metrics"), "prometheus_target_scrapes_exemplar_out_of_order_total") > 0, s.name());
        }

        // Shrinking the ring on reload keeps the newest three, in both. The target goes first: in
        // a ring of three, evicted exemplars would come back scrape after scrape, in each server
        // as often as it happened to scrape.
        target.stop(0);
        target = null;
        Thread.sleep(1_000);
        List<String> shrunk = new ArrayList<>();
        for (Server s : servers) {
            Files.writeString(s.dir().resolve("prometheus.yml"), config("/" + s.name(), port, 3));
            assertEquals(200, HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + "/-/reload"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            shrunk.add(SCRAPE_TIME.matcher(get(s, query)).replaceAll("\"timestamp\":T") + "\n" + metrics(s));
        }
        assertEquals(shrunk.get(1), shrunk.get(0), "after reload, Ignis answers as Prometheus 2.42");
        assertTrue(shrunk.get(0).contains("prometheus_tsdb_exemplar_max_exemplars 3\n"), shrunk.get(0));
        assertTrue(shrunk.get(0).contains("prometheus_tsdb_exemplar_exemplars_in_storage 3\n"), shrunk.get(0));
    }

    private static String metrics(Server s) throws InterruptedException {
        String page = get(s, "/metrics");
        StringBuilder sb = new StringBuilder();
        for (String name : GAUGES) {
            sb.append(name).append(' ').append(formatted(metric(page, name))).append('\n');
        }
        return sb.toString();
    }

    private static String formatted(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static double metric(String page, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + " (\\S+)$").matcher(page);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String get(Server s, String path) throws InterruptedException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(s.base() + path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String log(Server s) {
        try {
            return Files.readString(s.dir().resolve("log"));
        } catch (IOException e) {
            return "";
        }
    }
}
