package dev.ignis.scrape.internal.loop;

import dev.ignis.api.config.PromDuration;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.TargetMetadata;
import dev.ignis.scrape.internal.append.AppendOptions;
import dev.ignis.scrape.internal.cache.MetricMetadata;
import dev.ignis.scrape.internal.cache.ScrapeCache;
import dev.ignis.scrape.internal.relabel.Relabeler;
import dev.ignis.scrape.internal.relabel.ScrapeUrl;
import dev.ignis.scrape.internal.relabel.TargetLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The targets of one scrape job and their loops. {@link #sync} turns discovered groups into
 * targets ({@link TargetLabels}: target labels, {@code relabel_configs}, checks), keeps the loop
 * of every target that is still there, starts loops for new targets and stops those of vanished
 * ones with end-of-run stale markers; dropped targets are kept for the API. With
 * {@code target_limit} exceeded every loop reports {@code up} 0 with Prometheus's error
 * instead of scraping. {@link #takeOver} moves a previous pool's targets to a changed config:
 * loops restart, and keep their scrape cache when nothing that shapes the stored series changed
 * (Prometheus's {@code reusableCache}).
 *
 * <p>Sync, take-over and stop are serialized on the pool; the API snapshot methods read a
 * volatile view and never wait for them.
 */
final class ScrapePool {
    private final String name;
    private final ScrapeConfig config;
    private final LoopContext ctx;
    private final HttpScraper http;
    private final Relabeler targetRelabel;
    private final LoopSettings settings;
    private final boolean noDefaultPort;

    private Map<ScrapeTarget.Key, ScrapeLoop> loops = new LinkedHashMap<>();
    private volatile List<ScrapeLoop> view = List.of();
    private volatile List<DroppedTarget> dropped = List.of();
    private boolean stopped;

    /**
     * @throws IllegalArgumentException when the job's HTTP client or relabeling cannot be set
     *         up (the message says why)
     */
    ScrapePool(ScrapeConfig config, LoopContext ctx, Executor jettyExecutor, Scheduler jettyScheduler,
            boolean noDefaultPort) {
        this.name = config.jobName();
        this.config = config;
        this.ctx = ctx;
        this.noDefaultPort = noDefaultPort;
        this.targetRelabel = Relabeler.of(config.relabelConfigs());
        Relabeler metric = config.metricRelabelConfigs().isEmpty() ? null : Relabeler.of(config.metricRelabelConfigs());
        AppendOptions opts = new AppendOptions(config.honorLabels(), config.honorTimestamps(),
                clamp(config.sampleLimit()), clamp(config.labelLimit()), clamp(config.labelNameLengthLimit()),
                clamp(config.labelValueLengthLimit()));
        this.settings = new LoopSettings(opts, metric, config.bodySizeLimit());
        this.http = new HttpScraper(config.httpClient(), jettyExecutor, jettyScheduler, ctx.timer());
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
    }

    String name() {
        return name;
    }

    ScrapeConfig config() {
        return config;
    }

    /** Active targets right now. */
    int size() {
        return view.size();
    }

    /** Applies the job's current groups. */
    synchronized void sync(List<TargetGroup> groups) {
        if (stopped) {
            return;
        }
        ctx.metrics().sync(name);
        apply(groups, loops, null);
    }

    /**
     * Replaces {@code old} (the same job under its previous config, already out of service) with
     * this pool, starting from {@code groups}.
     */
    synchronized void takeOver(ScrapePool old, List<TargetGroup> groups) {
        Map<ScrapeTarget.Key, ScrapeLoop> previous = old.release();
        boolean reuse = reusableCache(old.config, config);
        ctx.metrics().sync(name);
        apply(groups, previous, reuse ? previous : null);
        old.http.close();
    }

    /** Hands this pool's loops to a successor; the pool is stopped afterwards. */
    private synchronized Map<ScrapeTarget.Key, ScrapeLoop> release() {
        stopped = true;
        Map<ScrapeTarget.Key, ScrapeLoop> l = loops;
        loops = new LinkedHashMap<>();
        view = List.of();
        return l;
    }

    /**
     * @param current loops to keep where their target remains (this pool's own loops on a sync)
     * @param cacheDonors a previous config's loops whose caches move to the new loops, or null
     */
    private void apply(List<TargetGroup> groups, Map<ScrapeTarget.Key, ScrapeLoop> current,
            Map<ScrapeTarget.Key, ScrapeLoop> cacheDonors) {
        Map<ScrapeTarget.Key, ScrapeTarget> targets = new LinkedHashMap<>();
        Map<ScrapeTarget.Key, Labels> discovered = new LinkedHashMap<>();
        List<DroppedTarget> drop = new ArrayList<>();
        for (TargetGroup g : groups) {
            for (TargetLabels.Target t : TargetLabels.fromGroup(g, config, targetRelabel, noDefaultPort)) {
                if (t.error() != null) {
                    Log.error("Creating target failed", "scrape_pool", name, "err", t.error());
                } else if (t.dropped()) {
                    drop.add(new DroppedTarget(t.discovered(), name));
                } else {
                    ScrapeTarget st = target(t.labels());
                    targets.putIfAbsent(st.key(), st);
                    discovered.putIfAbsent(st.key(), t.discovered());
                }
            }
        }
        boolean sameConfig = cacheDonors == null && current == loops;
        Map<ScrapeTarget.Key, ScrapeLoop> next = new LinkedHashMap<>();
        for (Map.Entry<ScrapeTarget.Key, ScrapeTarget> e : targets.entrySet()) {
            ScrapeLoop existing = current.get(e.getKey());
            if (existing != null && sameConfig) {
                existing.setDiscovered(discovered.get(e.getKey()));
                next.put(e.getKey(), existing);
                continue;
            }
            ScrapeCache cache = null;
            if (existing != null) {
                boolean handOver = cacheDonors != null;
                existing.stop(!handOver);
                cache = handOver ? existing.cache() : null;
            }
            ScrapeLoop loop = new ScrapeLoop(ctx, http, e.getValue(), discovered.get(e.getKey()), settings, cache);
            next.put(e.getKey(), loop);
        }
        for (Map.Entry<ScrapeTarget.Key, ScrapeLoop> e : current.entrySet()) {
            if (!targets.containsKey(e.getKey())) {
                e.getValue().stop(true);
            }
        }
        String limitErr = null;
        if (config.targetLimit() > 0 && next.size() > config.targetLimit()) {
            limitErr = "target_limit exceeded (number of targets: " + next.size() + ", limit: " + config.targetLimit() + ")";
            ctx.metrics().exceededTargetLimit.increment();
        }
        for (ScrapeLoop l : next.values()) {
            l.forceError(limitErr);
        }
        for (Map.Entry<ScrapeTarget.Key, ScrapeLoop> e : next.entrySet()) {
            if (current.get(e.getKey()) != e.getValue()) {
                e.getValue().start();
            }
        }
        loops = next;
        view = List.copyOf(next.values());
        dropped = List.copyOf(drop);
    }

    private ScrapeTarget target(Labels labels) {
        String url = ScrapeUrl.of(labels, config.params());
        long interval = PromDuration.parse(labels.get("__scrape_interval__")).toMillis();
        long timeout = PromDuration.parse(labels.get("__scrape_timeout__")).toMillis();
        return new ScrapeTarget(name, labels, TargetLabels.publicLabels(labels), url, interval, timeout);
    }

    /** Stops every loop; {@code staleMarkers} false when the whole server stops. */
    synchronized void stop(boolean staleMarkers) {
        stopped = true;
        for (ScrapeLoop l : loops.values()) {
            l.stop(staleMarkers);
        }
        loops = new LinkedHashMap<>();
        view = List.of();
        http.close();
    }

    /**
     * Whether two configs of a job store the same series, so that loops may keep their caches:
     * equal once interval, timeout, sample and label limits and HTTP client options are ignored.
     */
    static boolean reusableCache(ScrapeConfig a, ScrapeConfig b) {
        return zero(a).equals(zero(b));
    }

    private static ScrapeConfig zero(ScrapeConfig c) {
        return new ScrapeConfig(c.jobName(), c.honorLabels(), c.honorTimestamps(), c.params(), Duration.ZERO,
                Duration.ZERO, c.metricsPath(), c.scheme(), c.bodySizeLimit(), 0, c.targetLimit(), 0, 0, 0, null,
                c.relabelConfigs(), c.metricRelabelConfigs(), c.staticConfigs(), c.sdConfigs());
    }

    // ------------------------------------------------------------------ API snapshots

    void activeTargets(List<ActiveTarget> out) {
        for (ScrapeLoop l : view) {
            ScrapeTarget t = l.target;
            long last = l.lastScrapeMs();
            out.add(new ActiveTarget(l.discovered(), t.publicLabels(), name, t.url(), l.lastError(),
                    last < 0 ? null : Instant.ofEpochMilli(last), Duration.ofNanos(l.lastDurationNanos()), l.health(),
                    Duration.ofMillis(t.intervalMs()), Duration.ofMillis(t.timeoutMs())));
        }
    }

    void droppedTargets(List<DroppedTarget> out) {
        out.addAll(dropped);
    }

    void metadata(Predicate<Labels> filter, String metric, List<TargetMetadata> out) {
        for (ScrapeLoop l : view) {
            Labels target = l.target.publicLabels();
            if (!filter.test(target)) {
                continue;
            }
            if (metric.isEmpty()) {
                for (MetricMetadata m : l.cache().metadata().list()) {
                    out.add(new TargetMetadata(target, m.metric(), m.type(), m.help(), m.unit()));
                }
            } else {
                MetricMetadata m = l.cache().metadata().get(metric);
                if (m != null) {
                    out.add(new TargetMetadata(target, m.metric(), m.type(), m.help(), m.unit()));
                }
            }
        }
    }
}
