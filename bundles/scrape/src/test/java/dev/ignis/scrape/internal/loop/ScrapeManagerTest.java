package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.TargetHealth;
import dev.ignis.api.scrape.TargetMetadata;
import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import dev.ignis.scrape.internal.loop.MemoryStorage.Sample;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scrape manager end to end: a real HTTP server, real loops, an in-memory storage. */
@Timeout(30)
class ScrapeManagerTest {
    private static final Duration WAIT = Duration.ofSeconds(8);
    private static final String[] REPORT = {
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
    };

    private final MemoryStorage storage = new MemoryStorage();
    private final FakeDiscovery discovery = new FakeDiscovery();
    private ExpositionServer server;
    private ScrapeManager manager;

    @BeforeEach
    void start() throws Exception {
        server = new ExpositionServer();
        manager = new ScrapeManager(discovery, storage, false, "test.example");
    }

    @AfterEach
    void stop() {
        manager.close();
        server.close();
    }

    private Labels series(String name, String... extra) {
        Labels.Builder b = Labels.of("instance", server.address(), "job", "j").toBuilder();
        b.set(Labels.METRIC_NAME, name);
        for (int i = 0; i + 1 < extra.length; i += 2) {
            b.set(extra[i], extra[i + 1]);
        }
        return b.build();
    }

    private void run(Job job) throws Exception {
        manager.configChanged(Fixture.config(job.build()));
        discovery.push(Map.of(job.name, Fixture.group(server.address())));
    }

    private void awaitUp(double value) throws InterruptedException {
        Labels up = series("up");
        storage.await(WAIT, "up " + value, all -> all.stream()
                .anyMatch(s -> s.labels().equals(up) && s.v() == value));
    }

    private void awaitStale(Labels l) throws InterruptedException {
        storage.await(WAIT, "stale marker for " + l, all -> all.stream().anyMatch(s -> s.labels().equals(l) && s.stale()));
    }

    private ActiveTarget onlyTarget() {
        List<ActiveTarget> all = manager.activeTargets();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void scrapeStoresSamplesReportSeriesAndMetadata() throws Exception {
        server.body = "# HELP a_total Some help.\n# TYPE a_total counter\na_total{x=\"1\"} 3\nb 2\n";
        run(new Job("j"));
        awaitUp(1);

        Sample a = storage.last(series("a_total", "x", "1"));
        Sample up = storage.last(series("up"));
        assertEquals(3, a.v());
        assertEquals(2, storage.last(series("b")).v());
        assertEquals(a.t(), up.t(), "samples and report share the scrape's timestamp");
        assertEquals(2, storage.samples(l -> l.equals(series("scrape_samples_scraped"))).get(0).v());
        assertEquals(2, storage.samples(l -> l.equals(series("scrape_samples_post_metric_relabeling"))).get(0).v());
        assertEquals(2, storage.samples(l -> l.equals(series("scrape_series_added"))).get(0).v());
        assertTrue(storage.last(series("scrape_duration_seconds")).v() > 0);

        assertEquals(HttpScraper.ACCEPT, server.lastHeaders.getFirst("Accept"));
        assertEquals("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1", server.lastHeaders.getFirst("Accept"));
        assertEquals("0.2", server.lastHeaders.getFirst("X-Prometheus-Scrape-Timeout-Seconds"));
        assertTrue(server.lastHeaders.getFirst("Accept-Encoding").contains("gzip"));

        ActiveTarget t = onlyTarget();
        assertEquals(TargetHealth.UP, t.health());
        assertEquals("", t.lastError());
        assertEquals("j", t.scrapePool());
        assertEquals("http://" + server.address() + "/metrics", t.scrapeUrl());
        assertEquals(Labels.of("instance", server.address(), "job", "j"), t.labels());
        assertEquals(server.address(), t.discoveredLabels().get("__address__"));
        assertEquals("200ms", t.discoveredLabels().get("__scrape_interval__"));
        assertEquals(Duration.ofMillis(200), t.scrapeInterval());
        assertEquals(Duration.ofMillis(200), t.scrapeTimeout());
        assertTrue(t.lastScrape() != null && !t.lastScrapeDuration().isZero());

        List<TargetMetadata> md = manager.metadata(l -> true, "a_total");
        assertEquals(List.of(new TargetMetadata(t.labels(), "a_total", "counter", "Some help.", "")), md);
        assertEquals(List.of(), manager.metadata(l -> l.get("job").equals("other"), ""));
        assertEquals(List.of("j"), manager.scrapePools());
    }

    @Test
    void openMetricsContentTypeSelectsTheOpenMetricsParser() throws Exception {
        server.contentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";
        server.body = "# TYPE req counter\n# UNIT req_seconds seconds\n# HELP req Requests.\nreq_total 5\n"
                + "req_created 1.7e9\n# EOF\n";
        run(new Job("j"));
        awaitUp(1);
        assertEquals(5, storage.last(series("req_total")).v());
        assertEquals(1.7e9, storage.last(series("req_created")).v(), "2.42 stores _created as a series");
        assertEquals(List.of(new TargetMetadata(onlyTarget().labels(), "req", "counter", "Requests.", "")),
                manager.metadata(l -> true, "req"));
    }

    @Test
    void seriesMissingFromTheNextBodyGetsAStaleMarker() throws Exception {
        server.body = "a 1\nb 2\n";
        run(new Job("j"));
        awaitUp(1);
        server.body = "a 1\n";
        awaitStale(series("b"));
        assertFalse(storage.samples(l -> l.equals(series("a"))).stream().anyMatch(Sample::stale));
        assertFalse(storage.samples(l -> l.equals(series("up"))).stream().anyMatch(Sample::stale));
    }

    @Test
    void vanishedTargetGetsStaleMarkersForAllItsSeriesAfterTheNextInterval() throws Exception {
        server.body = "a 1\n";
        run(new Job("j"));
        awaitUp(1);
        long removedAt = System.currentTimeMillis();
        discovery.push(Map.of("j", List.of()));
        assertEquals(List.of(), manager.activeTargets());
        awaitStale(series("a"));
        for (String r : REPORT) {
            awaitStale(series(r));
        }
        Sample stale = storage.samples(l -> l.equals(series("a"))).stream().filter(Sample::stale).findFirst().get();
        assertTrue(stale.t() >= removedAt, "stale marker at the next tick, not before the target went away");
        assertTrue(System.currentTimeMillis() - removedAt >= 200, "markers written after one more interval");
    }

    /**
     * Failures and whether the series of the last good scrape get stale markers: an HTTP failure
     * appends an empty body, so they do; a body that fails while being appended (parse error,
     * sample limit) leaves them unmarked, as Prometheus 2.42 does (checked against its TSDB
     * dump).
     */
    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("timeout", (Consumer<ExpositionServer>) s -> s.delayMs = 600, new Job("j"),
                        "Get \"http://ADDR/metrics\": context deadline exceeded", true),
                Arguments.of("bodyTooLarge", (Consumer<ExpositionServer>) s -> s.body = "a 1\nbbbbbbbbbbbbbbbbbbbbbbbbb 2\n",
                        withBodyLimit(slow(), 16), "body size limit exceeded", true),
                Arguments.of("status500", (Consumer<ExpositionServer>) s -> s.status = 500, slow(),
                        "server returned HTTP status 500 Internal Server Error", true),
                Arguments.of("malformedBody", (Consumer<ExpositionServer>) s -> s.body = "a 1\nb{ 1\n", slow(),
                        "expected label name, got \"INVALID\"", false),
                Arguments.of("sampleLimit", (Consumer<ExpositionServer>) s -> s.body = "a 1\nb 2\n",
                        withSampleLimit(slow(), 1), "sample limit exceeded", false));
    }

    /** A job whose scrapes do not time out on a loaded machine, for the failures that are not timeouts. */
    private static Job slow() {
        Job j = new Job("j");
        j.interval = Duration.ofMillis(500);
        j.timeout = Duration.ofMillis(500);
        return j;
    }

    private static Job withBodyLimit(Job j, long limit) {
        j.bodySizeLimit = limit;
        return j;
    }

    private static Job withSampleLimit(Job j, long limit) {
        j.sampleLimit = limit;
        return j;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void failedScrapeReportsUpZeroAndSaysWhy(String name, Consumer<ExpositionServer> breakIt, Job job, String error,
            boolean marksStale) throws Exception {
        server.body = "a 1\n";
        run(job);
        awaitUp(1);
        breakIt.accept(server);
        awaitUp(0);
        ActiveTarget t = onlyTarget();
        assertEquals(TargetHealth.DOWN, t.health());
        assertEquals(error.replace("ADDR", server.address()), t.lastError());
        if (marksStale) {
            awaitStale(series("a"));
        } else {
            Labels up = series("up");
            storage.await(WAIT, "two failed scrapes", all -> all.stream()
                    .filter(s -> s.labels().equals(up) && s.v() == 0).count() >= 2);
            assertFalse(storage.samples(l -> l.equals(series("a"))).stream().anyMatch(Sample::stale));
        }
        Sample samples = storage.last(series("scrape_samples_scraped"));
        assertEquals(name.equals("sampleLimit") ? 2 : name.equals("malformedBody") ? 1 : 0, samples.v(),
                "scrape_samples_scraped counts what was parsed before the failure");
    }

    @Test
    void refusedConnectionIsReportedAsPrometheusWordsIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String addr = "127.0.0.1:" + port;
        manager.configChanged(Fixture.config(new Job("j").build()));
        discovery.push(Map.of("j", Fixture.group(addr)));
        Labels up = Labels.of("__name__", "up", "instance", addr, "job", "j");
        storage.await(WAIT, "up 0", all -> all.stream().anyMatch(s -> s.labels().equals(up) && s.v() == 0));
        assertEquals("Get \"http://" + addr + "/metrics\": dial tcp " + addr + ": connect: connection refused",
                onlyTarget().lastError());
    }

    /** Series count, gzip, body_size_limit (0: none), whether the scrape fails on the limit. */
    static Stream<Arguments> largeBodies() {
        return Stream.of(
                Arguments.of(1, false, 0L, false),
                Arguments.of(2000, false, 0L, false),
                Arguments.of(20000, false, 0L, false),
                Arguments.of(20000, true, 0L, false),
                // Crossed in a later chunk of the body (about 600 KiB), plain and decompressed.
                Arguments.of(20000, false, 300_000L, true),
                Arguments.of(20000, true, 300_000L, true),
                Arguments.of(20000, false, 2_000_000L, false));
    }

    /**
     * Bodies of many network reads arrive whole: the body is read in a loop over the chunks
     * that are there (Body.onContentSource), and the limit still stops one mid-way.
     */
    @ParameterizedTest
    @MethodSource("largeBodies")
    void bodiesOfManyChunksArriveWhole(int n, boolean gzip, long limit, boolean overLimit) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("big_series_with_a_long_name{index=\"").append(i).append("\",pad=\"")
                    .append("x".repeat(i % 17)).append("\"} ").append(i).append('\n');
        }
        server.gzip = gzip;
        server.body = b.toString();
        Job job = new Job("j");
        job.bodySizeLimit = limit;
        run(job);
        if (overLimit) {
            awaitUp(0);
            assertEquals("body size limit exceeded", onlyTarget().lastError());
            return;
        }
        awaitUp(1);
        Labels scraped = series("scrape_samples_scraped");
        assertEquals(n, storage.samples(l -> l.equals(scraped)).get(0).v());
        assertEquals(n - 1, storage.last(series("big_series_with_a_long_name", "index", String.valueOf(n - 1),
                "pad", "x".repeat((n - 1) % 17))).v());
        assertEquals(n, storage.samples(l -> l.get(Labels.METRIC_NAME).equals("big_series_with_a_long_name"))
                .stream().map(Sample::labels).distinct().count());
    }

    @Test
    void gzipBodiesBasicAuthAndParamsWork() throws Exception {
        server.gzip = true;
        server.body = "a 7\n";
        Job job = new Job("j").basicAuth("u", "p");
        job.params = Map.of("x", List.of("y"));
        run(job);
        awaitUp(1);
        assertEquals(7, storage.last(series("a")).v());
        assertEquals("Basic dTpw", server.lastHeaders.getFirst("Authorization"));
        assertEquals("x=y", server.lastQuery);
        assertEquals("http://" + server.address() + "/metrics?x=y", onlyTarget().scrapeUrl());
    }

    @Test
    void reloadKeepsUnchangedJobsRestartsChangedOnesAndStopsRemovedOnes() throws Exception {
        server.body = "a 1\n";
        Job job = new Job("j");
        run(job);
        awaitUp(1);
        ScrapePool first = manager.pool("j");

        manager.configChanged(Fixture.config(job.build()));
        assertSame(first, manager.pool("j"), "an unchanged job keeps its pool and loops");

        // A sample limit does not change what is stored: the loop restarts on the same cache,
        // so the old loop writes no end-of-run markers and the series runs on unbroken.
        job.sampleLimit = 1000;
        manager.configChanged(Fixture.config(job.build()));
        ScrapePool second = manager.pool("j");
        assertNotSame(first, second);
        int commits = storage.commits;
        storage.await(WAIT, "scrapes after the reload", all -> storage.commits >= commits + 4);
        assertFalse(storage.samples(l -> l.equals(series("a"))).stream().anyMatch(Sample::stale),
                "a restart that keeps the cache writes no stale markers");

        // A new timeout changes the target's labels (__scrape_timeout__), hence its identity, as
        // in Prometheus: a new loop with a new cache.
        job.timeout = Duration.ofMillis(100);
        manager.configChanged(Fixture.config(job.build()));
        assertEquals(Duration.ofMillis(100), onlyTarget().scrapeTimeout());
        assertEquals("100ms", onlyTarget().discoveredLabels().get("__scrape_timeout__"));

        manager.configChanged(Fixture.config(new Job("other").build()));
        assertNull(manager.pool("j"));
        awaitStale(series("a"));
        awaitStale(series("up"));
    }

    @Test
    void targetLimitFailsEveryScrapeOfThePool() throws Exception {
        server.body = "a 1\n";
        Job job = new Job("j");
        job.targetLimit = 1;
        String port = server.address().substring(server.address().indexOf(':') + 1);
        manager.configChanged(Fixture.config(job.build()));
        discovery.push(Map.of("j", Fixture.group(server.address(), "localhost:" + port)));
        storage.await(WAIT, "up 0 for both", all -> all.stream()
                .filter(s -> s.name().equals("up") && s.v() == 0).map(Sample::labels).distinct().count() == 2);
        for (ActiveTarget t : manager.activeTargets()) {
            assertEquals("target_limit exceeded (number of targets: 2, limit: 1)", t.lastError());
        }
        assertTrue(storage.samples(l -> l.get(Labels.METRIC_NAME).equals("a")).isEmpty());
    }

    @Test
    void droppedTargetsAreListedWithTheirDiscoveredLabels() throws Exception {
        server.body = "a 1\n";
        manager.configChanged(Fixture.config(new Job("j").dropAddress("localhost:.*").build()));
        String port = server.address().substring(server.address().indexOf(':') + 1);
        discovery.push(Map.of("j", Fixture.group(server.address(), "localhost:" + port)));
        List<DroppedTarget> dropped = manager.droppedTargets();
        assertEquals(1, dropped.size());
        assertEquals("localhost:" + port, dropped.get(0).discoveredLabels().get("__address__"));
        assertEquals("j", dropped.get(0).scrapePool());
        assertEquals(server.address(), onlyTarget().labels().get("instance"));
    }

    @Test
    void exporterReportsPoolsTargetsAndIntervals() throws Exception {
        server.body = "a 1\n";
        run(new Job("j"));
        Labels up = series("up");
        storage.await(WAIT, "three scrapes", all -> all.stream().filter(s -> s.labels().equals(up)).count() >= 3);
        Map<String, Double> values = new HashMap<>();
        manager.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                values.put(name + labels, value);
            }
        });
        assertEquals(1, server.clientPorts.size(), "one kept-alive connection for all scrapes");
        assertEquals(1.0, values.get("prometheus_target_scrape_pool_targets{scrape_job=\"j\"}"));
        assertEquals(1.0, values.get("prometheus_target_scrape_pools_total{}"));
        assertTrue(values.get("prometheus_target_interval_length_seconds_count{interval=\"200ms\"}") >= 2);
        double median = values.get("prometheus_target_interval_length_seconds{interval=\"200ms\", quantile=\"0.5\"}");
        assertTrue(median > 0.15 && median < 0.4, "median interval " + median);
    }
}
