package dev.ignis.discovery.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.SdConfig;
import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** File discovery on real directories and threads; every wait is bounded. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FileDiscovererTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FileSdFactory factory = new FileSdFactory();
    private final List<Discoverer> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(Discoverer::close);
        factory.deactivate();
    }

    @Test
    void readsJsonAndYamlFilesMatchingGlobs() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"env\": \"x\"}}]");
        write("b.yml", "- targets: [b:1, b:2]\n- targets: [b:3]\n  labels: {rack: r1}\n");
        write("c.yaml", "- targets: [c:1]\n");
        write("ignored.txt", "[{\"targets\": [\"no:1\"]}]");
        Groups g = start(Map.of("files", List.of("*.json", "*.yml")));
        g.await(m -> m.size() == 3);
        String a = dir.resolve("a.json").toString();
        String b = dir.resolve("b.yml").toString();
        assertEquals(Map.of(a + ":0", "[a:1] {__meta_filepath=\"" + a + "\", env=\"x\"}",
                b + ":0", "[b:1, b:2] {__meta_filepath=\"" + b + "\"}",
                b + ":1", "[b:3] {__meta_filepath=\"" + b + "\", rack=\"r1\"}"), g.describe());
    }

    @Test
    void relativePatternsResolveAgainstTheConfigDirectory() throws Exception {
        Files.createDirectories(dir.resolve("targets"));
        write("targets/t.json", "[{\"targets\": [\"t:1\"]}]");
        Groups g = start(Map.of("files", List.of("targets/*.json")));
        String t = dir.resolve("targets/t.json").toString();
        g.await(m -> m.containsKey(t + ":0"));
        assertEquals(t, g.current.get(t + ":0").labels().get("__meta_filepath"));
    }

    @Test
    void watcherPicksUpChangesLongBeforeTheRefreshInterval() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"]}]");
        Groups g = start(Map.of("files", List.of("*.json"), "refresh_interval", "1h"));
        String a = dir.resolve("a.json").toString();
        g.await(m -> m.containsKey(a + ":0"));

        long t0 = System.nanoTime();
        write("a.json", "[{\"targets\": [\"a:2\"]}, {\"targets\": [\"a:3\"]}]");
        g.await(m -> "[a:2]".equals(addresses(m.get(a + ":0"))) && m.containsKey(a + ":1"));
        write("new.json", "[{\"targets\": [\"n:1\"]}]");
        String n = dir.resolve("new.json").toString();
        g.await(m -> m.containsKey(n + ":0"));
        assertTrue(System.nanoTime() - t0 < WAIT.toNanos());

        // A file that shrinks loses its trailing groups; a deleted file loses all.
        write("a.json", "[{\"targets\": [\"a:2\"]}]");
        g.await(m -> !m.containsKey(a + ":1") && m.containsKey(a + ":0"));
        Files.delete(dir.resolve("new.json"));
        g.await(m -> !m.containsKey(n + ":0"));
    }

    @Test
    void sectionsWatchingOneDirectoryShareTheWatch() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"]}]");
        Groups g1 = start(Map.of("files", List.of("a.json"), "refresh_interval", "1h"));
        Groups g2 = start(Map.of("files", List.of("*.json"), "refresh_interval", "1h"));
        String a = dir.resolve("a.json").toString();
        g1.await(m -> m.containsKey(a + ":0"));
        g2.await(m -> m.containsKey(a + ":0"));
        assertEquals(1, factory.watcher().watchedDirectories());

        // Closing one section leaves the other watching.
        running.remove(0).close();
        write("a.json", "[{\"targets\": [\"a:2\"]}]");
        g2.await(m -> "[a:2]".equals(addresses(m.get(a + ":0"))));
        assertEquals(1, factory.watcher().watchedDirectories());
        running.remove(0).close();
        assertEquals(0, factory.watcher().watchedDirectories());
    }

    @Test
    void malformedFileKeepsItsLastGoodGroups() throws Exception {
        write("a.yml", "- targets: [a:1]\n");
        write("b.yml", "- targets: [b:1]\n");
        Groups g = start(Map.of("files", List.of("*.yml"), "refresh_interval", "1h"));
        String a = dir.resolve("a.yml").toString();
        String b = dir.resolve("b.yml").toString();
        g.await(m -> m.size() == 2);
        long errorsBefore = factory.metrics().readErrors();

        write("a.yml", "- targets: [a:1\n");
        write("b.yml", "- targets: [b:2]\n");
        g.await(m -> "[b:2]".equals(addresses(m.get(b + ":0"))));
        assertEquals("[a:1]", addresses(g.current.get(a + ":0")));
        assertTrue(factory.metrics().readErrors() > errorsBefore);
        assertFalse(factory.metrics().mtimes().containsKey(a), "no mtime for a file that failed to read");

        write("a.yml", "- targets: [a:9]\n");
        g.await(m -> "[a:9]".equals(addresses(m.get(a + ":0"))));
        assertTrue(factory.metrics().mtimes().containsKey(a));
    }

    @Test
    void periodicRefreshFindsFilesInADirectoryCreatedLater() throws Exception {
        Groups g = start(Map.of("files", List.of("later/*.json"), "refresh_interval", "1s"));
        g.awaitUpdates(1);
        assertEquals(Map.of(), g.describe());
        Files.createDirectories(dir.resolve("later"));
        write("later/x.json", "[{\"targets\": [\"x:1\"]}]");
        String x = dir.resolve("later/x.json").toString();
        g.await(m -> m.containsKey(x + ":0"));
        // From then on the directory is watched.
        write("later/y.json", "[{\"targets\": [\"y:1\"]}]");
        g.await(m -> m.containsKey(dir.resolve("later/y.json") + ":0"));
    }

    @Test
    void replacingAFileByRenameIsSeen() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"]}]");
        Groups g = start(Map.of("files", List.of("a.json"), "refresh_interval", "1h"));
        String a = dir.resolve("a.json").toString();
        g.await(m -> m.containsKey(a + ":0"));
        Files.writeString(dir.resolve("a.json.tmp"), "[{\"targets\": [\"a:2\"]}]");
        Files.move(dir.resolve("a.json.tmp"), dir.resolve("a.json"), StandardCopyOption.ATOMIC_MOVE);
        g.await(m -> "[a:2]".equals(addresses(m.get(a + ":0"))));
    }

    @Test
    void closeStopsTheThreadAndTheMetricsForgetItsFiles() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"]}]");
        Groups g = start(Map.of("files", List.of("*.json"), "refresh_interval", "1h"));
        g.awaitUpdates(1);
        assertTrue(threadAlive(), "discovery thread running");
        Map<String, Double> mtimes = factory.metrics().mtimes();
        assertEquals(1, mtimes.size());
        assertEquals(Files.getLastModifiedTime(dir.resolve("a.json")).toMillis() / 1000, mtimes.values().iterator()
                .next().longValue());

        running.forEach(Discoverer::close);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (threadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(threadAlive(), "discovery thread stopped");
        assertEquals(Map.of(), factory.metrics().mtimes());
        int updates = g.updates.size();
        write("a.json", "[{\"targets\": [\"a:2\"]}]");
        Thread.sleep(200);
        assertEquals(updates, g.updates.size(), "no update after close");
    }

    @Test
    void firstUpdateHoldsEverythingEvenWhenNothingMatches() throws Exception {
        Groups g = start(Map.of("files", List.of("none/*.json")));
        g.awaitUpdates(1);
        assertEquals(List.of(), g.updates.get(0));
    }

    @Test
    void closeIsIdempotentAndWorksBeforeAndInsteadOfStart() throws Exception {
        Discoverer never = factory.create(new SdConfig("file_sd_configs", 0, Map.of("files", List.of("*.json")),
                "prometheus.yml", 3, dir));
        never.close();
        never.close();
        Groups g = new Groups();
        never.start(g);
        Thread.sleep(100);
        assertEquals(0, g.updates.size(), "a closed discoverer does not start");
        assertFalse(threadAlive());
    }

    @Test
    void exportsPrometheusFileSdMetrics() throws Exception {
        write("a.json", "[{\"targets\": [\"a:1\"]}]");
        write("bad.json", "[");
        Groups g = start(Map.of("files", List.of("*.json"), "refresh_interval", "1h"));
        g.awaitUpdates(1);
        Map<String, String> families = new LinkedHashMap<>();
        Map<String, Double> samples = new TreeMap<>();
        factory.collect(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                families.put(name, type.text());
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                samples.put(name + labels, value);
            }
        });
        assertEquals(Map.of("prometheus_sd_file_mtime_seconds", "gauge",
                "prometheus_sd_file_read_errors_total", "counter",
                "prometheus_sd_file_scan_duration_seconds", "summary",
                "prometheus_sd_file_watcher_errors_total", "counter"), families);
        assertEquals(1.0, samples.get("prometheus_sd_file_read_errors_total{}"));
        assertEquals(1.0, samples.get("prometheus_sd_file_scan_duration_seconds_count{}"));
        assertTrue(samples.containsKey("prometheus_sd_file_mtime_seconds{filename=\"" + dir.resolve("a.json")
                + "\"}"));
        assertFalse(samples.containsKey("prometheus_sd_file_mtime_seconds{filename=\"" + dir.resolve("bad.json")
                + "\"}"));
    }

    // ------------------------------------------------------------------ helpers

    private static boolean threadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("ignis-file-sd-") && t.isAlive());
    }

    private void write(String name, String content) throws Exception {
        // Written beside and moved in, so a reader never sees half a file.
        Path tmp = dir.resolve(".tmp-" + name.replace("/", "_") + ".part");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Groups start(Map<String, Object> raw) throws Exception {
        Discoverer d = factory.create(new SdConfig("file_sd_configs", 0, raw, "prometheus.yml", 3, dir));
        running.add(d);
        Groups g = new Groups();
        d.start(g);
        return g;
    }

    private static String addresses(TargetGroup g) {
        if (g == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        g.targets().forEach(t -> out.add(t.get("__address__")));
        return out.toString();
    }

    /** Applies updates as the discovery manager does: by source, empty removes. */
    static final class Groups implements Consumer<List<TargetGroup>> {
        final Map<String, TargetGroup> current = new TreeMap<>();
        final List<List<TargetGroup>> updates = new ArrayList<>();

        @Override
        public synchronized void accept(List<TargetGroup> update) {
            updates.add(update);
            for (TargetGroup g : update) {
                if (g.targets().isEmpty()) {
                    current.remove(g.source());
                } else {
                    current.put(g.source(), g);
                }
            }
            notifyAll();
        }

        synchronized void await(Predicate<Map<String, TargetGroup>> p) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!p.test(current)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("condition not reached within " + WAIT + "; groups: " + describe());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized void awaitUpdates(int n) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (updates.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("fewer than " + n + " updates within " + WAIT);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized Map<String, String> describe() {
            Map<String, String> out = new TreeMap<>();
            current.forEach((s, g) -> out.put(s, addresses(g) + " " + g.labels()));
            return out;
        }
    }
}
