package dev.ignis.promql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.promql.internal.engine.Settings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The query flags reach the engine's settings. */
class PromQLEngineSettingsTest {

    private static RuntimeInfo runtime(Map<String, String> flags, Set<String> features) {
        return new RuntimeInfo() {
            @Override
            public boolean agentMode() {
                return false;
            }

            @Override
            public Map<String, String> flags() {
                return flags;
            }

            @Override
            public Set<String> features() {
                return features;
            }

            @Override
            public Instant startTime() {
                return Instant.EPOCH;
            }

            @Override
            public Path workingDirectory() {
                return Path.of(".");
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public String revision() {
                return "";
            }
        };
    }

    @Test
    void queryFlagsBecomeSettings() {
        Settings s = PromQLEngine.settings(runtime(Map.of("query.lookback-delta", "1m", "query.timeout", "1m30s",
                "query.max-samples", "1234", "query.max-concurrency", "3"), Set.of("promql-per-step-stats")));
        assertEquals(new Settings(60_000, 60_000, 90_000, 1234, 3, true), s);
    }

    @Test
    void defaultsAreThoseOfPrometheus() {
        assertEquals(Settings.defaults(), PromQLEngine.settings(runtime(Map.of("query.timeout", "2m",
                "query.max-samples", "50000000", "query.max-concurrency", "20", "query.lookback-delta", "5m"),
                Set.of())));
        assertEquals(Settings.defaults(), PromQLEngine.settings(runtime(Map.of(), Set.of())));
    }
}
