package dev.ignis.scrape.internal.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.AlertingConfig;
import dev.ignis.api.config.AlertmanagerConfig;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.GlobalConfig;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.config.TracingConfig;
import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.DiscovererFactory;
import dev.ignis.api.discovery.TargetDiscovery.PoolKind;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DiscoveryManagerTest {
    private static final String KEY = "fake_sd_configs";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<DiscoveryManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        managers.forEach(DiscoveryManager::close);
    }

    private DiscoveryManager manager(Duration interval) {
        DiscoveryManager m = new DiscoveryManager(interval);
        managers.add(m);
        return m;
    }

    private DiscoveryManager manager() {
        return manager(Duration.ofMillis(50));
    }

    // ------------------------------------------------------------------ static groups and pools

    static Stream<Arguments> poolsOfEachKind() {
        return Stream.of(
                Arguments.of("scrapeJobsByJobName", PoolKind.SCRAPE, List.of("node", "api")),
                Arguments.of("alertmanagerSetsByPosition", PoolKind.ALERTMANAGER, List.of("config-0", "config-1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("poolsOfEachKind")
    void publishesStaticGroupsPerPool(String name, PoolKind kind, List<String> pools) throws Exception {
        DiscoveryManager m = manager();
        Recorder rec = subscribe(m, kind);
        m.configChanged(config(
                List.of(job("node", List.of(group("0", "a:1", "b:1")), List.of()),
                        job("api", List.of(group("0", "c:1"), group("1", "d:1")), List.of())),
                List.of(am(List.of(group("0", "am1:9093")), List.of()), am(List.of(group("0", "am2:9093")),
                        List.of()))));
        Map<String, List<TargetGroup>> got = rec.await(map -> List.copyOf(map.keySet()).equals(pools));
        assertEquals(pools, List.copyOf(got.keySet()));
        assertEquals(pools, List.copyOf(m.current(kind).keySet()));
        if (kind == PoolKind.SCRAPE) {
            assertEquals(List.of("a:1", "b:1"), addresses(got.get("node")));
            assertEquals(List.of("c:1", "d:1"), addresses(got.get("api")));
        } else {
            assertEquals(List.of("am1:9093"), addresses(got.get("config-0")));
            assertEquals(List.of("am2:9093"), addresses(got.get("config-1")));
        }
    }

    @Test
    void subscriberGetsCurrentStateAtOnce() throws Exception {
        DiscoveryManager m = manager(Duration.ofHours(1));
        m.configChanged(config(List.of(job("node", List.of(group("0", "a:1")), List.of())), List.of()));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        assertEquals(List.of("a:1"), addresses(rec.await(map -> map.containsKey("node")).get("node")));
    }

    // ------------------------------------------------------------------ factories come and go

    @Test
    void factoryArrivingLateServesSectionsAlreadyConfigured() throws Exception {
        DiscoveryManager m = manager();
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        m.configChanged(config(List.of(job("node", List.of(group("0", "static:1")), List.of(sd(0, "x:1")))),
                List.of()));
        assertEquals(Map.of("node", List.of("no discovery plugin installed for \"fake_sd_configs\"")),
                m.problems(PoolKind.SCRAPE));
        rec.await(map -> addresses(map.get("node")).equals(List.of("static:1")));

        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        assertEquals(1, f.made.size());
        assertTrue(f.made.get(0).started);
        rec.await(map -> addresses(map.get("node")).equals(List.of("static:1", "x:1")));
        assertEquals(Map.of(), m.problems(PoolKind.SCRAPE));
    }

    @Test
    void factoryLeavingClosesItsDiscoverersAndDropsTheirGroups() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        m.configChanged(config(List.of(job("node", List.of(), List.of(sd(0, "x:1"), sd(1, "y:1")))), List.of()));
        rec.await(map -> addresses(map.get("node")).equals(List.of("x:1", "y:1")));

        m.removeFactory(f);
        assertTrue(f.made.stream().allMatch(d -> d.closed));
        rec.await(map -> map.get("node").isEmpty());
        assertEquals(List.of(DiscoveryManager.noPlugin(KEY), DiscoveryManager.noPlugin(KEY)),
                m.problems(PoolKind.SCRAPE).get("node"));
        // A closed discoverer that still reports is ignored.
        f.made.get(0).send("late", "late:1");
        Thread.sleep(150);
        assertEquals(List.of(), m.current(PoolKind.SCRAPE).get("node"));
    }

    @Test
    void anotherFactoryForTheKeyTakesOver() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory preferred = new FakeFactory();
        FakeFactory fallback = new FakeFactory();
        m.addFactory(fallback, props(KEY, 0, 11));
        m.addFactory(preferred, props(KEY, 5, 12));
        m.configChanged(config(List.of(job("node", List.of(), List.of(sd(0, "x:1")))), List.of()));
        assertEquals(1, preferred.made.size());
        assertEquals(0, fallback.made.size());

        m.removeFactory(preferred);
        assertEquals(1, fallback.made.size());
        assertTrue(fallback.made.get(0).started);
        assertEquals(Map.of(), m.problems(PoolKind.SCRAPE));
    }

    @Test
    void missingFactoryIsReportedAndOtherJobsRun() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        SdConfig consul = new SdConfig("consul_sd_configs", 0, Map.of("server", "localhost:8500"), "p.yml", 7,
                Path.of("/etc"));
        m.configChanged(config(List.of(job("consul", List.of(), List.of(consul)),
                job("node", List.of(), List.of(sd(0, "x:1")))), List.of()));
        rec.await(map -> addresses(map.get("node")).equals(List.of("x:1")) && map.get("consul").isEmpty());
        assertEquals(Map.of("consul", List.of("no discovery plugin installed for \"consul_sd_configs\"")),
                m.problems(PoolKind.SCRAPE));
        assertEquals(Map.of(), m.problems(PoolKind.ALERTMANAGER));
    }

    // ------------------------------------------------------------------ coalescing

    @Test
    void coalescesBurstsIntoOneNotificationPerInterval() throws Exception {
        Duration interval = Duration.ofMillis(300);
        DiscoveryManager m = manager(interval);
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        m.configChanged(config(List.of(job("node", List.of(), List.of(sd(0)))), List.of()));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        rec.await(map -> map.containsKey("node"));
        Thread.sleep(interval.toMillis() * 2);
        rec.received.clear();

        FakeDiscoverer d = f.made.get(0);
        for (int i = 0; i < 20; i++) {
            d.send("g", "t:" + i);
        }
        Map<String, List<TargetGroup>> first = rec.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        long firstAt = System.nanoTime();
        // Whatever the first notification held, the final state arrives, and no sooner than one interval later.
        List<String> last = first == null ? List.of() : addresses(first.get("node"));
        int notifications = 1;
        while (!last.equals(List.of("t:19"))) {
            Map<String, List<TargetGroup>> next = rec.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(next != null, "final state never notified");
            assertTrue(System.nanoTime() - firstAt >= interval.toNanos() - 50_000_000, "notified too early");
            last = addresses(next.get("node"));
            notifications++;
        }
        assertTrue(notifications <= 2, "20 updates gave " + notifications + " notifications");
        assertTrue(m.counts(PoolKind.SCRAPE)[0] >= 20, "updates received: " + m.counts(PoolKind.SCRAPE)[0]);
    }

    @Test
    void modifiedIntervalAppliesWithoutRestartingDiscoverers() throws Exception {
        DiscoveryManager m = manager(Duration.ofHours(1));
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        m.configChanged(config(List.of(job("node", List.of(), List.of(sd(0, "x:1")))), List.of()));
        rec.await(map -> addresses(map.get("node")).equals(List.of("x:1")));

        m.modified(new DiscoveryManager.Config() {
            @Override
            public long update_interval_ms() {
                return 50;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return DiscoveryManager.Config.class;
            }
        });
        Thread.sleep(100);
        f.made.get(0).send("0", "x:2");
        rec.await(map -> addresses(map.get("node")).equals(List.of("x:2")));
        assertFalse(f.made.get(0).closed);
        assertEquals(1, f.made.size());
    }

    // ------------------------------------------------------------------ reload

    @Test
    void reloadKeepsUnchangedDiscoverersAndReplacesChangedOnes() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        m.configChanged(config(List.of(job("a", List.of(), List.of(sd(0, "keep:1"), sd(1, "change:1"))),
                job("b", List.of(), List.of(sd(0, "gone:1")))), List.of()));
        rec.await(map -> addresses(map.get("a")).equals(List.of("keep:1", "change:1")));
        FakeDiscoverer keep = f.made.get(0);
        FakeDiscoverer change = f.made.get(1);
        FakeDiscoverer gone = f.made.get(2);

        // Same raw section at another index and line: still the same discovery.
        SdConfig keepMoved = new SdConfig(KEY, 1, Map.of("targets", List.of("keep:1")), "prometheus.yml", 40,
                Path.of("/etc/prometheus"));
        m.configChanged(config(List.of(job("a", List.of(group("0", "static:1")),
                List.of(sd(0, "changed:1"), keepMoved))), List.of()));

        assertFalse(keep.closed);
        assertEquals(1, keep.starts);
        assertTrue(change.closed);
        assertTrue(gone.closed);
        assertEquals(4, f.made.size());
        FakeDiscoverer changed = f.made.get(3);
        assertNotSame(change, changed);
        assertTrue(changed.started);
        Map<String, List<TargetGroup>> got = rec.await(map -> !map.containsKey("b")
                && addresses(map.get("a")).equals(List.of("static:1", "changed:1", "keep:1")));
        assertEquals(List.of("a"), List.copyOf(got.keySet()));

        // An identical reload touches nothing.
        m.configChanged(config(List.of(job("a", List.of(group("0", "static:1")),
                List.of(sd(0, "changed:1"), keepMoved))), List.of()));
        assertEquals(4, f.made.size());
        assertSame(keep, f.made.get(0));
        assertFalse(keep.closed || changed.closed);
    }

    @Test
    void rejectedSectionFailsReloadAndKeepsThatPoolOnItsPreviousConfig() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        Recorder rec = subscribe(m, PoolKind.SCRAPE);
        m.configChanged(config(List.of(job("a", List.of(), List.of(sd(0, "old:1")))), List.of()));
        rec.await(map -> addresses(map.get("a")).equals(List.of("old:1")));
        FakeDiscoverer old = f.made.get(0);

        SdConfig invalid = new SdConfig(KEY, 1, Map.of("invalid", true), "prometheus.yml", 12, Path.of("/etc"));
        ConfigException e = assertThrows(ConfigException.class, () -> m.configChanged(config(List.of(
                job("a", List.of(), List.of(sd(0, "new:1"), invalid)),
                job("b", List.of(), List.of(sd(0, "b:1")))), List.of())));
        assertEquals("prometheus.yml:12: invalid section", e.getMessage());
        assertFalse(old.closed);
        assertTrue(f.made.get(1).closed && !f.made.get(1).started, "discoverer made for the failed pool");
        assertEquals(Map.of("a", List.of("prometheus.yml:12: invalid section")), m.problems(PoolKind.SCRAPE));
        rec.await(map -> addresses(map.get("a")).equals(List.of("old:1"))
                && addresses(map.get("b")).equals(List.of("b:1")));

        // Fixing the section applies it and clears the problem.
        m.configChanged(config(List.of(job("a", List.of(), List.of(sd(0, "new:1"))),
                job("b", List.of(), List.of(sd(0, "b:1")))), List.of()));
        assertTrue(old.closed);
        assertEquals(Map.of(), m.problems(PoolKind.SCRAPE));
        rec.await(map -> addresses(map.get("a")).equals(List.of("new:1")));
    }

    @Test
    void lateFactoryRejectingASectionReportsIt() throws Exception {
        DiscoveryManager m = manager();
        SdConfig invalid = new SdConfig(KEY, 0, Map.of("invalid", true), "prometheus.yml", 5, Path.of("/etc"));
        m.configChanged(config(List.of(job("a", List.of(), List.of(invalid))), List.of()));
        m.addFactory(new FakeFactory(), props(KEY, 0, 10));
        assertEquals(Map.of("a", List.of("prometheus.yml:5: invalid section")), m.problems(PoolKind.SCRAPE));
    }

    @Test
    void closeStopsEveryDiscoverer() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        m.configChanged(config(List.of(job("a", List.of(), List.of(sd(0, "x:1")))),
                List.of(am(List.of(), List.of(sd(0, "am:1"))))));
        assertEquals(2, f.made.size());
        m.close();
        assertTrue(f.made.stream().allMatch(d -> d.closed));
    }

    @Test
    void exportsDiscoveryManagerMetrics() throws Exception {
        DiscoveryManager m = manager();
        FakeFactory f = new FakeFactory();
        m.addFactory(f, props(KEY, 0, 10));
        SdConfig consul = new SdConfig("consul_sd_configs", 0, Map.of(), "p.yml", 7, Path.of("/etc"));
        m.configChanged(config(List.of(job("node", List.of(group("0", "a:1", "b:1")), List.of(sd(0, "x:1"))),
                job("consul", List.of(), List.of(consul))), List.of(am(List.of(group("0", "am:1")), List.of()))));
        Map<String, Double> samples = new TreeMap<>();
        m.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                samples.put(name + labels, value);
            }
        });
        assertEquals(3.0, samples.get("prometheus_sd_discovered_targets{config=\"node\", name=\"scrape\"}"));
        assertEquals(0.0, samples.get("prometheus_sd_discovered_targets{config=\"consul\", name=\"scrape\"}"));
        assertEquals(1.0, samples.get("prometheus_sd_discovered_targets{config=\"config-0\", name=\"notify\"}"));
        assertEquals(1.0, samples.get("prometheus_sd_failed_configs{name=\"scrape\"}"));
        assertEquals(0.0, samples.get("prometheus_sd_failed_configs{name=\"notify\"}"));
        assertEquals(1.0, samples.get("prometheus_sd_received_updates_total{name=\"scrape\"}"));
        assertTrue(samples.containsKey("prometheus_sd_updates_total{name=\"notify\"}"));
    }

    // ------------------------------------------------------------------ helpers

    static List<String> addresses(List<TargetGroup> groups) {
        List<String> out = new ArrayList<>();
        if (groups != null) {
            for (TargetGroup g : groups) {
                g.targets().forEach(t -> out.add(t.get("__address__")));
            }
        }
        return out;
    }

    private static Map<String, Object> props(String key, int ranking, long id) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(DiscovererFactory.CONFIG_KEY, key);
        p.put("service.ranking", ranking);
        p.put("service.id", id);
        return p;
    }

    private static TargetGroup group(String source, String... addresses) {
        List<Labels> targets = new ArrayList<>();
        for (String a : addresses) {
            targets.add(Labels.of("__address__", a));
        }
        return new TargetGroup(source, targets, Labels.EMPTY);
    }

    /** A section of the fake mechanism whose discoverer reports {@code targets} as group "0" on start. */
    private static SdConfig sd(int index, String... targets) {
        return new SdConfig(KEY, index, Map.of("targets", Arrays.asList(targets)), "prometheus.yml", 10 + index,
                Path.of("/etc/prometheus"));
    }

    private static ScrapeConfig job(String name, List<TargetGroup> statics, List<SdConfig> sds) {
        return new ScrapeConfig(name, false, true, Map.of(), Duration.ofMinutes(1), Duration.ofSeconds(10),
                "/metrics", "http", 0, 0, 0, 0, 0, 0, HttpClientConfig.DEFAULT, List.of(), List.of(), statics, sds);
    }

    private static AlertmanagerConfig am(List<TargetGroup> statics, List<SdConfig> sds) {
        return new AlertmanagerConfig(HttpClientConfig.DEFAULT, "http", "", Duration.ofSeconds(10), "v2", List.of(),
                statics, sds);
    }

    private static LoadedConfig config(List<ScrapeConfig> jobs, List<AlertmanagerConfig> ams) {
        PrometheusConfig c = new PrometheusConfig(GlobalConfig.DEFAULT, List.of(), jobs,
                new AlertingConfig(List.of(), ams), List.of(), List.of(), StorageConfig.EMPTY, TracingConfig.NONE);
        return new LoadedConfig(c, Path.of("/etc/prometheus/prometheus.yml"), "", Instant.EPOCH, 1);
    }

    private static Recorder subscribe(DiscoveryManager m, PoolKind kind) {
        Recorder r = new Recorder();
        m.subscribe(kind, r);
        return r;
    }

    /** Collects notifications; {@link #await} waits, bounded, for one that matches. */
    static final class Recorder implements Consumer<Map<String, List<TargetGroup>>> {
        final LinkedBlockingQueue<Map<String, List<TargetGroup>>> received = new LinkedBlockingQueue<>();
        final List<Map<String, List<TargetGroup>>> all = new CopyOnWriteArrayList<>();

        @Override
        public void accept(Map<String, List<TargetGroup>> m) {
            received.add(m);
            all.add(m);
        }

        Map<String, List<TargetGroup>> await(Predicate<Map<String, List<TargetGroup>>> p)
                throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Map<String, List<TargetGroup>> m = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no matching notification within " + WAIT + "; last: "
                            + (all.isEmpty() ? "none" : all.get(all.size() - 1)));
                }
                if (p.test(m)) {
                    return m;
                }
            }
        }
    }

    static final class FakeFactory implements DiscovererFactory {
        final List<FakeDiscoverer> made = new CopyOnWriteArrayList<>();

        @Override
        public Discoverer create(SdConfig config) throws ConfigException {
            FakeDiscoverer d = new FakeDiscoverer(config);
            made.add(d);
            if (Boolean.TRUE.equals(config.raw().get("invalid"))) {
                d.close();
                throw config.error("invalid section");
            }
            return d;
        }
    }

    static final class FakeDiscoverer implements Discoverer {
        final SdConfig config;
        volatile Consumer<List<TargetGroup>> updates;
        volatile boolean started;
        volatile boolean closed;
        volatile int starts;

        FakeDiscoverer(SdConfig config) {
            this.config = config;
        }

        @Override
        public void start(Consumer<List<TargetGroup>> updates) {
            this.updates = updates;
            started = true;
            starts++;
            Object t = config.raw().get("targets");
            if (t instanceof List<?> list && !list.isEmpty()) {
                send("0", list.stream().map(String::valueOf).toArray(String[]::new));
            }
        }

        void send(String source, String... addresses) {
            updates.accept(List.of(group(source, addresses)));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
