package dev.ignis.scrape.internal.loop;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.discovery.TargetDiscovery;
import dev.ignis.api.discovery.TargetDiscovery.PoolKind;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.api.scrape.DroppedTarget;
import dev.ignis.api.scrape.ScrapeTargets;
import dev.ignis.api.scrape.TargetMetadata;
import dev.ignis.api.storage.Appendable;
import dev.ignis.scrape.internal.relabel.ScrapeOffset;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The scrape manager: one {@link ScrapePool} per job of {@code scrape_configs}, fed with the
 * job's target groups from {@link TargetDiscovery}, writing into the {@link Appendable}.
 *
 * <p>Reload: a job whose config is unchanged keeps its pool, loops and caches; a changed job
 * gets a new pool that takes the old one's targets over (loops restart, caches kept when the
 * stored series cannot differ); a removed job stops with end-of-run stale markers. A job whose
 * HTTP client cannot be built (unreadable TLS files, oauth2) keeps its previous pool, if any,
 * and fails the reload, as Prometheus's failed pool reload does. Stopping the component
 * (storage or discovery gone, shutdown) stops all loops without stale markers.
 *
 * <p>Also the read side for the targets and metadata APIs ({@link ScrapeTargets}) and the
 * exporter of the manager's own metrics. Config changes and discovery updates are serialized
 * on the manager; API reads never wait for them.
 */
@Component(name = "dev.ignis.scrape.manager", service = {ConfigListener.class, ScrapeTargets.class, Exporter.class},
        immediate = true)
public final class ScrapeManager implements ConfigListener, ScrapeTargets, Exporter, AutoCloseable {
    private static final String NO_DEFAULT_PORT = "no-default-scrape-port";

    private final ScrapeMetrics metrics = new ScrapeMetrics();
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService worker;
    private final QueuedThreadPool jettyPool;
    private final ScheduledExecutorScheduler jettyScheduler;
    private final LoopContext ctx;
    private final boolean noDefaultPort;
    private final String hostname;
    private final AutoCloseable subscription;

    private volatile long jitterSeed;
    private volatile Map<String, ScrapePool> pools = Map.of();
    private Map<String, List<TargetGroup>> groups = Map.of();
    private boolean closed;

    @Activate
    public ScrapeManager(@Reference(name = "discovery") TargetDiscovery discovery,
            @Reference(name = "storage") Appendable storage, @Reference(name = "runtime") RuntimeInfo runtime) {
        this(discovery, storage, runtime.features().contains(NO_DEFAULT_PORT), fqdn());
    }

    /** A manager for tests and embedding: {@code hostname} seeds the scrape offsets. */
    public ScrapeManager(TargetDiscovery discovery, Appendable storage, boolean noDefaultPort, String hostname) {
        this.noDefaultPort = noDefaultPort;
        this.hostname = hostname;
        this.jitterSeed = ScrapeOffset.jitterSeed(hostname, Labels.EMPTY);
        this.timer = new ScheduledThreadPoolExecutor(1, daemon("ignis-scrape-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        int n = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.worker = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("ignis-scrape-worker"));
        this.jettyPool = new QueuedThreadPool(200, 4);
        jettyPool.setName("ignis-scrape-http");
        jettyPool.setDaemon(true);
        this.jettyScheduler = new ScheduledExecutorScheduler("ignis-scrape-http-timer", true);
        try {
            // Started here so that each pool's HttpClient uses them without owning them.
            jettyPool.start();
            jettyScheduler.start();
        } catch (Exception e) {
            throw new IllegalStateException("BUG: cannot start the scrape HTTP threads", e);
        }
        this.ctx = new LoopContext(timer, worker, storage, metrics, () -> jitterSeed, new BodyBuffers());
        this.subscription = discovery.subscribe(PoolKind.SCRAPE, this::groupsChanged);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The host's fully qualified name, as Prometheus seeds its offsets; the plain name when lookups fail. */
    private static String fqdn() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    // ------------------------------------------------------------------ config and discovery

    @Override
    public synchronized void configChanged(LoadedConfig loaded) throws ConfigException {
        if (closed) {
            return;
        }
        jitterSeed = ScrapeOffset.jitterSeed(hostname, loaded.config().global().externalLabels());
        Map<String, ScrapePool> old = pools;
        Map<String, ScrapePool> next = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        for (ScrapeConfig sc : loaded.config().scrapeConfigs()) {
            String job = sc.jobName();
            ScrapePool prev = old.get(job);
            if (prev != null && prev.config().equals(sc)) {
                next.put(job, prev);
                continue;
            }
            ScrapePool pool;
            try {
                if (prev == null) {
                    metrics.poolsTotal.increment();
                } else {
                    metrics.reloads.increment();
                }
                pool = new ScrapePool(sc, ctx, jettyPool, jettyScheduler, noDefaultPort);
            } catch (IllegalArgumentException e) {
                (prev == null ? metrics.poolsFailed : metrics.reloadsFailed).increment();
                Log.error(prev == null ? "error creating new scrape pool" : "error reloading scrape pool",
                        "scrape_pool", job, "err", e.getMessage());
                errors.add("scrape pool " + job + ": " + e.getMessage());
                if (prev != null) {
                    next.put(job, prev);
                }
                continue;
            }
            List<TargetGroup> g = groups.getOrDefault(job, List.of());
            if (prev == null) {
                pool.sync(g);
            } else {
                pool.takeOver(prev, g);
            }
            next.put(job, pool);
        }
        for (Map.Entry<String, ScrapePool> e : old.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                e.getValue().stop(true);
            }
        }
        pools = next;
        if (!errors.isEmpty()) {
            throw new ConfigException(String.join("; ", errors));
        }
    }

    private synchronized void groupsChanged(Map<String, List<TargetGroup>> update) {
        if (closed) {
            return;
        }
        groups = update;
        for (ScrapePool p : pools.values()) {
            p.sync(update.getOrDefault(p.name(), List.of()));
        }
    }

    /** Stops all loops without stale markers (the server is stopping) and releases the threads. */
    @Deactivate
    @Override
    public void close() {
        Map<String, ScrapePool> p;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            p = pools;
            pools = Map.of();
        }
        try {
            subscription.close();
        } catch (Exception e) {
            Log.warn("closing the discovery subscription failed", "err", e.getMessage());
        }
        for (ScrapePool pool : p.values()) {
            pool.stop(false);
        }
        timer.shutdownNow();
        worker.shutdownNow();
        try {
            jettyScheduler.stop();
            jettyPool.stop();
        } catch (Exception e) {
            Log.warn("stopping the scrape HTTP threads failed", "err", e.getMessage());
        }
    }

    /** The pool of {@code job}, or null (for tests). */
    ScrapePool pool(String job) {
        return pools.get(job);
    }

    // ------------------------------------------------------------------ ScrapeTargets

    @Override
    public List<String> scrapePools() {
        return List.copyOf(pools.keySet());
    }

    @Override
    public List<ActiveTarget> activeTargets() {
        List<ActiveTarget> out = new ArrayList<>();
        for (ScrapePool p : pools.values()) {
            p.activeTargets(out);
        }
        return out;
    }

    @Override
    public List<DroppedTarget> droppedTargets() {
        List<DroppedTarget> out = new ArrayList<>();
        for (ScrapePool p : pools.values()) {
            p.droppedTargets(out);
        }
        return out;
    }

    @Override
    public List<TargetMetadata> metadata(Predicate<Labels> targetFilter, String metric) {
        List<TargetMetadata> out = new ArrayList<>();
        for (ScrapePool p : pools.values()) {
            p.metadata(targetFilter, metric, out);
        }
        return out;
    }

    // ------------------------------------------------------------------ Exporter

    @Override
    public void collect(MetricWriter writer) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (ScrapePool p : pools.values()) {
            sizes.put(p.name(), p.size());
        }
        metrics.collect(writer, sizes);
    }
}
