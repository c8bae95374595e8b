package dev.ignis.web.internal;

import dev.ignis.api.config.AlertingConfig;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.GlobalConfig;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.config.TracingConfig;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.TsdbStats;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Hand-written stand-ins for the services the web bundle consumes. */
public final class Fakes {

    private Fakes() {
    }

    /** Runtime facts with settable flags. */
    public static final class Runtime implements RuntimeInfo {
        public final Map<String, String> flags = new TreeMap<>();
        public boolean agent;
        public Instant start = Instant.parse("2023-01-31T10:00:00.123456789Z");
        public Path cwd = Path.of("/var/lib/ignis");

        public Runtime flag(String name, String value) {
            flags.put(name, value);
            return this;
        }

        public Runtime agent() {
            agent = true;
            return this;
        }

        @Override
        public boolean agentMode() {
            return agent;
        }

        @Override
        public Map<String, String> flags() {
            return flags;
        }

        @Override
        public Set<String> features() {
            return agent ? Set.of("agent") : Set.of();
        }

        @Override
        public Instant startTime() {
            return start;
        }

        @Override
        public Path workingDirectory() {
            return cwd;
        }

        @Override
        public String version() {
            return "0.1.0";
        }

        @Override
        public String revision() {
            return "abc123";
        }
    }

    /** A config source whose reload succeeds or fails as told. */
    public static final class Config implements ConfigSource {
        public volatile String yaml = "global:\n  scrape_interval: 15s\n";
        public volatile PrometheusConfig config;
        public volatile ConfigException failure;
        public volatile boolean lastOk = true;
        public volatile Instant lastTime = Instant.parse("2023-01-31T10:00:01.987Z");
        public final AtomicInteger reloads = new AtomicInteger();

        /** Sets the external labels of the running config (names and values alternating). */
        public Config externalLabels(String... namesAndValues) {
            GlobalConfig g = GlobalConfig.DEFAULT;
            config = new PrometheusConfig(new GlobalConfig(g.scrapeInterval(), g.scrapeTimeout(),
                    g.evaluationInterval(), g.queryLogFile(), Labels.of(namesAndValues)), List.of(), List.of(),
                    AlertingConfig.EMPTY, List.of(), List.of(), StorageConfig.EMPTY, TracingConfig.NONE);
            return this;
        }

        @Override
        public LoadedConfig current() {
            return new LoadedConfig(config, Path.of("prometheus.yml"), yaml, lastTime, 1);
        }

        @Override
        public LoadedConfig reload() throws ConfigException {
            reloads.incrementAndGet();
            if (failure != null) {
                lastOk = false;
                throw failure;
            }
            lastOk = true;
            return current();
        }

        @Override
        public boolean lastReloadSuccessful() {
            return lastOk;
        }

        @Override
        public Instant lastReloadSuccessTime() {
            return lastTime;
        }
    }

    /** Storage that is only there to be present. */
    public static final class NoStorage implements Storage {
        /** What {@link #exemplars} answers, and the arguments of its last call. */
        public List<dev.ignis.api.storage.ExemplarSeries> exemplars = List.of();
        public long exemplarStart;
        public long exemplarEnd;
        public List<List<LabelMatcher>> exemplarSelectors;

        @Override
        public List<dev.ignis.api.storage.ExemplarSeries> exemplars(long start, long end,
                List<List<LabelMatcher>> selectors) {
            exemplarStart = start;
            exemplarEnd = end;
            exemplarSelectors = selectors;
            return exemplars;
        }

        @Override
        public Appender appender() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Querier querier(long mint, long maxt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long minTime() {
            return Long.MAX_VALUE;
        }

        @Override
        public void deleteSeries(long mint, long maxt, List<LabelMatcher> matchers) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cleanTombstones() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void snapshot(Path dir, boolean skipHead) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TsdbStats stats(int limit) {
            throw new UnsupportedOperationException();
        }
    }

    /** An agent-mode appendable that is only there to be present. */
    public static Appendable agentStorage() {
        return () -> {
            throw new UnsupportedOperationException();
        };
    }
}
