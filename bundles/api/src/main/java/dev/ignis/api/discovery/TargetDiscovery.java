package dev.ignis.api.discovery;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The discovery manager: the current target groups of every pool (a scrape job, or an
 * alertmanager set), and problems with sections no factory serves. Thread-safe.
 */
@ProviderType
public interface TargetDiscovery {

    /** What the pools are for. */
    enum PoolKind { SCRAPE, ALERTMANAGER }

    /** Current groups by pool name. */
    Map<String, List<TargetGroup>> current(PoolKind kind);

    /**
     * Calls {@code listener} with all groups by pool now and after every (coalesced) change.
     * Closing the returned handle unsubscribes.
     */
    AutoCloseable subscribe(PoolKind kind, Consumer<Map<String, List<TargetGroup>>> listener);

    /** Problems by pool, e.g. a section whose discovery plugin is not installed. */
    Map<String, List<String>> problems(PoolKind kind);
}
