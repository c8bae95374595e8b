package dev.ignis.scrape.internal.discovery;

import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.TargetGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One discoverer made for a {@link Provider} by one factory, and the groups it reported. Once
 * closed, its late updates are ignored.
 */
final class Session implements Consumer<List<TargetGroup>> {
    final Provider provider;
    final FactoryRef factory;
    final Discoverer discoverer;
    private final DiscoveryManager manager;
    /** Current groups by source. Guarded by the manager's state lock. */
    final Map<String, TargetGroup> groups = new LinkedHashMap<>();
    /** Guarded by the manager's state lock. */
    boolean closed;

    Session(Provider provider, FactoryRef factory, Discoverer discoverer, DiscoveryManager manager) {
        this.provider = provider;
        this.factory = factory;
        this.discoverer = discoverer;
        this.manager = manager;
    }

    @Override
    public void accept(List<TargetGroup> update) {
        manager.received(this, update);
    }
}
