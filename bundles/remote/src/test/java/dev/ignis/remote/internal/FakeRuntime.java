package dev.ignis.remote.internal;

import dev.ignis.api.config.RuntimeInfo;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Runtime facts with the given flags and features. */
record FakeRuntime(Map<String, String> flags, Set<String> features) implements RuntimeInfo {
    @Override
    public boolean agentMode() {
        return features.contains("agent");
    }

    @Override
    public Instant startTime() {
        return Instant.EPOCH;
    }

    @Override
    public Path workingDirectory() {
        return Path.of("/");
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public String revision() {
        return "unknown";
    }
}
