package dev.ignis.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuntimeInfoComponentTest {
    @Test
    void readsLauncherProperties() {
        Map<String, String> p = Map.of("ignis.mode", "agent", "ignis.flag.names", "config.file,web.enable-lifecycle",
                "ignis.flag.config.file", "/etc/p.yml", "ignis.flag.web.enable-lifecycle", "true",
                "ignis.features", "exemplar-storage, expand-external-labels", "ignis.start.time", "1700000000123",
                "ignis.version", "0.1.0", "ignis.revision", "abc123");
        RuntimeInfoComponent r = new RuntimeInfoComponent(p::get);
        assertTrue(r.agentMode());
        assertEquals(List.of("config.file", "web.enable-lifecycle"), List.copyOf(r.flags().keySet()));
        assertEquals("/etc/p.yml", r.flag("config.file"));
        assertEquals("true", r.flag("web.enable-lifecycle"));
        assertEquals("", r.flag("unknown"));
        assertEquals(Set.of("exemplar-storage", "expand-external-labels"), r.features());
        assertEquals(Instant.ofEpochMilli(1700000000123L), r.startTime());
        assertEquals("0.1.0", r.version());
        assertEquals("abc123", r.revision());
    }

    @Test
    void fallsBackToDefaultsWithoutLauncher() {
        RuntimeInfoComponent r = new RuntimeInfoComponent(k -> null);
        assertFalse(r.agentMode());
        assertEquals("prometheus.yml", r.flag("config.file"));
        assertTrue(r.features().isEmpty());
        assertEquals("unknown", r.version());
        assertEquals("unknown", r.revision());
        assertTrue(r.workingDirectory().isAbsolute());
        assertFalse(r.startTime().isAfter(Instant.now()));
    }

    @Test
    void agentFeatureFlagMeansAgentMode() {
        assertTrue(new RuntimeInfoComponent(Map.of("ignis.features", "agent")::get).agentMode());
    }
}
