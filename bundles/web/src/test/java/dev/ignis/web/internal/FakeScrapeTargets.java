package dev.ignis.web.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.ScrapeTargets;
import dev.ignis.api.scrape.TargetMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scrape manager frozen in one state: the given pools, targets and metadata, returned as
 * given (the metadata filtered by target and metric as the contract says).
 */
public final class FakeScrapeTargets implements ScrapeTargets {
    private final List<String> pools;
    private final List<ActiveTarget> active;
    private final List<DroppedTarget> dropped;
    private final List<TargetMetadata> metadata;

    public FakeScrapeTargets(List<String> pools, List<ActiveTarget> active, List<DroppedTarget> dropped,
            List<TargetMetadata> metadata) {
        this.pools = List.copyOf(pools);
        this.active = List.copyOf(active);
        this.dropped = List.copyOf(dropped);
        this.metadata = List.copyOf(metadata);
    }

    @Override
    public List<String> scrapePools() {
        return pools;
    }

    @Override
    public List<ActiveTarget> activeTargets() {
        return active;
    }

    @Override
    public List<DroppedTarget> droppedTargets() {
        return dropped;
    }

    @Override
    public List<TargetMetadata> metadata(Predicate<Labels> targetFilter, String metric) {
        List<TargetMetadata> out = new ArrayList<>();
        for (TargetMetadata md : metadata) {
            if (targetFilter.test(md.target()) && (metric.isEmpty() || metric.equals(md.metric()))) {
                out.add(md);
            }
        }
        return out;
    }
}
