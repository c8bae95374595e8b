package dev.ignis.scrape.internal.loop;

import dev.ignis.api.config.AlertingConfig;
import dev.ignis.api.config.Authorization;
import dev.ignis.api.config.BasicAuth;
import dev.ignis.api.config.GlobalConfig;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.Regex;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.Secret;
import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.api.config.TracingConfig;
import dev.ignis.api.discovery.TargetDiscovery;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Builders for scrape configs and a discovery whose groups tests push by hand. */
final class Fixture {
    private static long generation;

    private Fixture() {
    }

    /** A scrape job; fields are set directly and {@link #build()} makes the config. */
    static final class Job {
        final String name;
        Duration interval = Duration.ofMillis(200);
        Duration timeout = Duration.ofMillis(200);
        long bodySizeLimit;
        long sampleLimit;
        long targetLimit;
        Map<String, List<String>> params = Map.of();
        String scheme = "http";
        HttpClientConfig http = HttpClientConfig.DEFAULT;
        List<RelabelConfig> relabel = new ArrayList<>();

        Job(String name) {
            this.name = name;
        }

        Job basicAuth(String user, String password) {
            http = new HttpClientConfig(new BasicAuth(user, new Secret(password), ""), null, null, "", Map.of(),
                    http.tlsConfig(), true, true);
            return this;
        }

        Job http(Authorization auth, TlsConfig tls, String proxyUrl, boolean followRedirects) {
            http = new HttpClientConfig(null, auth, null, proxyUrl, Map.of(), tls, followRedirects, true);
            return this;
        }

        Job dropAddress(String regex) {
            relabel.add(new RelabelConfig(List.of("__address__"), ";", new Regex(regex, Pattern.compile("^(?:" + regex + ")$")),
                    0, "", "$1", RelabelAction.DROP));
            return this;
        }

        ScrapeConfig build() {
            return new ScrapeConfig(name, false, true, params, interval, timeout, "/metrics", scheme, bodySizeLimit,
                    sampleLimit, targetLimit, 0, 0, 0, http, relabel, List.of(), List.of(), List.of());
        }
    }

    static LoadedConfig config(ScrapeConfig... jobs) {
        PrometheusConfig c = new PrometheusConfig(GlobalConfig.DEFAULT, List.of(), List.of(jobs), AlertingConfig.EMPTY,
                List.of(), List.of(), StorageConfig.EMPTY, TracingConfig.NONE);
        return new LoadedConfig(c, Path.of("prometheus.yml"), "", Instant.now(), ++generation);
    }

    /** One static group of the given addresses. */
    static List<TargetGroup> group(String... addresses) {
        List<Labels> targets = new ArrayList<>();
        for (String a : addresses) {
            targets.add(Labels.of("__address__", a));
        }
        return List.of(new TargetGroup("0", targets, Labels.EMPTY));
    }

    /** A discovery manager stand-in: tests push the groups of every pool. */
    static final class FakeDiscovery implements TargetDiscovery {
        private volatile Consumer<Map<String, List<TargetGroup>>> listener;
        private volatile Map<String, List<TargetGroup>> current = Map.of();

        @Override
        public Map<String, List<TargetGroup>> current(PoolKind kind) {
            return current;
        }

        @Override
        public AutoCloseable subscribe(PoolKind kind, Consumer<Map<String, List<TargetGroup>>> l) {
            listener = l;
            l.accept(current);
            return () -> listener = null;
        }

        @Override
        public Map<String, List<String>> problems(PoolKind kind) {
            return Map.of();
        }

        void push(Map<String, List<TargetGroup>> groups) {
            current = groups;
            Consumer<Map<String, List<TargetGroup>>> l = listener;
            if (l != null) {
                l.accept(groups);
            }
        }
    }
}
