package dev.ignis.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.config.parser.ConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigManagerTest {
    private static final String GOOD = "global: {scrape_interval: 15s}\nscrape_configs: [{job_name: a}]\n";
    private static final String GOOD2 = "global: {scrape_interval: 30s}\nscrape_configs: [{job_name: b}]\n";
    private static final String BAD = "global: {scrape_interval: 1.5s}\n";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();

    private ConfigManager manager(String content) throws IOException {
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, content);
        return new ConfigManager(file, ConfigParser.Options.defaults(), clock);
    }

    private void write(String content) throws IOException {
        Files.writeString(dir.resolve("prometheus.yml"), content);
    }

    /** Records what it was given; fails when told to. */
    static final class Recorder implements ConfigListener {
        final List<LoadedConfig> seen = new ArrayList<>();
        boolean fail;

        @Override
        public void configChanged(LoadedConfig config) throws ConfigException {
            seen.add(config);
            if (fail) {
                throw new ConfigException("rule file broken");
            }
        }
    }

    @Test
    void reloadKeepsRunningConfigWhenFileIsBroken() throws Exception {
        ConfigManager m = manager(GOOD);
        LoadedConfig first = m.reload();
        assertTrue(m.lastReloadSuccessful());
        assertEquals(1, first.generation());
        assertEquals(Duration.ofSeconds(15), first.config().global().scrapeInterval());

        write(BAD);
        ConfigException e = assertThrows(ConfigException.class, m::reload);
        Path file = dir.resolve("prometheus.yml");
        assertEquals("couldn't load configuration (--config.file=\"" + file + "\"): " + file
                + ":1: not a valid duration string: \"1.5s\"", e.getMessage());
        assertSame(first, m.current());
        assertFalse(m.lastReloadSuccessful());
    }

    @Test
    void lastReloadSuccessfulFlipsBackAndSuccessTimeMoves() throws Exception {
        ConfigManager m = manager(GOOD);
        m.reload();
        Instant t1 = m.lastReloadSuccessTime();
        write(BAD);
        clock.advance(Duration.ofSeconds(5));
        assertThrows(ConfigException.class, m::reload);
        assertFalse(m.lastReloadSuccessful());
        assertEquals(t1, m.lastReloadSuccessTime(), "a failed reload keeps the last success time");
        write(GOOD2);
        clock.advance(Duration.ofSeconds(5));
        LoadedConfig c = m.reload();
        assertTrue(m.lastReloadSuccessful());
        assertEquals(t1.plusSeconds(10), m.lastReloadSuccessTime());
        assertEquals(2, c.generation(), "generation counts successful loads only");
        assertEquals("b", c.config().scrapeConfigs().get(0).jobName());
    }

    @Test
    void listenerArrivingLateGetsCurrentConfigAtOnce() throws Exception {
        ConfigManager m = manager(GOOD);
        Recorder early = new Recorder();
        m.addListener(early);
        assertTrue(early.seen.isEmpty(), "nothing loaded yet");
        LoadedConfig c = m.reload();
        assertEquals(List.of(c), early.seen);

        Recorder late = new Recorder();
        m.addListener(late);
        assertEquals(List.of(c), late.seen);

        write(GOOD2);
        LoadedConfig c2 = m.reload();
        assertEquals(List.of(c, c2), early.seen);
        assertEquals(List.of(c, c2), late.seen);

        m.removeListener(late);
        m.reload();
        assertEquals(2, late.seen.size(), "removed listener gets no more calls");
        assertEquals(3, early.seen.size());
    }

    @Test
    void throwingListenerFailsReloadButOthersStillGetTheConfig() throws Exception {
        ConfigManager m = manager(GOOD);
        Recorder failing = new Recorder();
        failing.fail = true;
        Recorder ok = new Recorder();
        m.addListener(failing);
        m.addListener(ok);
        ConfigException e = assertThrows(ConfigException.class, m::reload);
        assertEquals("one or more errors occurred while applying the new configuration (--config.file=\""
                + dir.resolve("prometheus.yml") + "\")", e.getMessage());
        assertFalse(m.lastReloadSuccessful());
        assertEquals(1, ok.seen.size());
        assertEquals(1, failing.seen.size());
        assertEquals(ok.seen.get(0), m.current(), "the new config is running, as in Prometheus");

        failing.fail = false;
        m.reload();
        assertTrue(m.lastReloadSuccessful());
    }

    @Test
    void callsListenersByDescendingRankingThenArrival() throws Exception {
        ConfigManager m = manager(GOOD);
        List<String> calls = new ArrayList<>();
        m.addListener(c -> calls.add("scrape"), 0);
        m.addListener(c -> calls.add("storage"), 100);
        m.addListener(c -> calls.add("rules"), 0);
        m.addListener(c -> calls.add("remote"), 50);
        m.reload();
        assertEquals(List.of("storage", "remote", "scrape", "rules"), calls);
    }

    @Test
    void brokenFirstLoadLeavesNothingLoaded() throws Exception {
        ConfigManager m = manager(BAD);
        assertThrows(ConfigException.class, m::reload);
        assertFalse(m.loaded());
        assertFalse(m.lastReloadSuccessful());
        assertThrows(IllegalStateException.class, m::current);
    }

    @Test
    void runtimeExceptionInListenerCountsAsFailure() throws Exception {
        ConfigManager m = manager(GOOD);
        m.addListener(c -> {
            throw new IllegalArgumentException("boom");
        });
        assertThrows(ConfigException.class, m::reload);
        assertFalse(m.lastReloadSuccessful());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}ns")
    @org.junit.jupiter.params.provider.CsvSource({"0,0s", "999,999ns", "1500,1.5µs", "146562857,146.562857ms",
        "1000000000,1s", "1500000000,1.5s", "123000000000,2m3s", "3723000000000,1h2m3s"})
    void formatsDurationsLikeGo(long nanos, String text) {
        assertEquals(text, ConfigManager.goDuration(nanos));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
