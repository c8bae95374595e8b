package dev.ignis.scrape.internal.discovery;

import dev.ignis.api.discovery.DiscovererFactory;
import java.util.Comparator;

/**
 * A bound {@link DiscovererFactory} with the service properties that order it: among factories
 * for the same key the highest {@code service.ranking} wins, then the lowest service id.
 */
record FactoryRef(DiscovererFactory factory, String key, int ranking, long serviceId) {
    static final Comparator<FactoryRef> PREFERRED =
            Comparator.comparingInt(FactoryRef::ranking).reversed().thenComparingLong(FactoryRef::serviceId);
}
