package dev.ignis.api.config;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/** The server's command-line flags and process facts, fixed for the life of the process. */
@ProviderType
public interface RuntimeInfo {

    /** Whether the agent feature set runs (--enable-feature=agent or --agent). */
    boolean agentMode();

    /** Every flag by name without dashes, with its effective value as a string (defaults included). */
    Map<String, String> flags();

    /** The value of one flag, or {@code ""} when unknown. */
    default String flag(String name) {
        return flags().getOrDefault(name, "");
    }

    /** Values given to --enable-feature. */
    Set<String> features();

    /** When the process started. */
    Instant startTime();

    /** The process's working directory. */
    Path workingDirectory();

    /** Ignis version. */
    String version();

    /** Source revision the build came from, or "unknown". */
    String revision();
}
