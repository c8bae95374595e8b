package dev.ignis.api.discovery;

import java.util.List;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A running discovery for one config section. Made by a {@link DiscovererFactory}, started
 * once, closed when the config section goes away or the factory's bundle stops.
 */
@ConsumerType
public interface Discoverer extends AutoCloseable {

    /**
     * Starts discovery on the discoverer's own threads. {@code updates} may be called from any
     * thread with changed groups (see {@link TargetGroup#source()}); the first call should hold
     * all groups known at start.
     */
    void start(Consumer<List<TargetGroup>> updates);

    /** Stops discovery and releases its threads and connections. Idempotent. */
    @Override
    void close();
}
