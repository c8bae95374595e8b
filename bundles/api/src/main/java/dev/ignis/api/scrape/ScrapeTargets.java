package dev.ignis.api.scrape;

import dev.ignis.api.labels.Labels;
import java.util.List;
import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the scrape manager is scraping: the targets of every scrape pool with their state, the
 * targets relabeling dropped, and the metric metadata each target exposed. Registered by the
 * scrape bundle while it runs. Every method returns a snapshot and is thread-safe; none blocks
 * on a scrape in progress.
 */
@ProviderType
public interface ScrapeTargets {

    /** Names of the scrape pools (jobs), in config order. */
    List<String> scrapePools();

    /** Active targets of all pools, grouped by pool in config order. */
    List<ActiveTarget> activeTargets();

    /** Dropped targets of all pools, grouped by pool in config order. */
    List<DroppedTarget> droppedTargets();

    /**
     * Metadata of the targets whose labels pass {@code targetFilter}, for {@code metric} or,
     * when it is "", for every family; per target, families are sorted by name.
     */
    List<TargetMetadata> metadata(Predicate<Labels> targetFilter, String metric);
}
