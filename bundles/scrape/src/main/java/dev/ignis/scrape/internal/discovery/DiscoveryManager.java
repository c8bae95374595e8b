package dev.ignis.scrape.internal.discovery;

import dev.ignis.api.config.AlertmanagerConfig;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.DiscovererFactory;
import dev.ignis.api.discovery.TargetDiscovery;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The discovery manager. For every scrape job (pool = job name) and every alertmanager set
 * (pool = {@code config-<i>}) it runs the built-in static groups and one {@link Discoverer} per
 * {@code *_sd_configs} section, made by the {@link DiscovererFactory} whiteboard service whose
 * {@link DiscovererFactory#CONFIG_KEY} names the section's key.
 *
 * <p>Subscribers get the full map of pools of their kind, at most once per update interval
 * (Prometheus's 5 s); the first change after a quiet interval goes out at once.
 *
 * <p>Reloads: a section equal to a running one (same key, raw content and base directory) in
 * the same pool keeps its discoverer; changed and removed sections are closed, new ones
 * started. A section no factory serves is reported by {@link #problems} and picked up when a
 * factory arrives. When a factory rejects a section ({@link ConfigException}), that pool keeps
 * running on its previous sections (none for a new pool), the error is reported by
 * {@link #problems} and logged, the other pools are applied, and {@link #configChanged}
 * throws so that the reload is reported as failed (Prometheus rejects such a config at load
 * time). A factory that leaves takes its discoverers' groups with it; another factory for the
 * same key, if any, takes over.
 *
 * <p>Also exports Prometheus's discovery manager metrics ({@code prometheus_sd_discovered_targets},
 * {@code prometheus_sd_failed_configs}, {@code prometheus_sd_received_updates_total},
 * {@code prometheus_sd_updates_total}, {@code prometheus_sd_updates_delayed_total}) with
 * {@code name} = {@code scrape} or {@code notify}. Subscribers are called directly, so no
 * update is ever delayed for a busy consumer and the last one stays 0.
 *
 * <p>Locking: {@code structure} serializes config changes and factory arrivals/departures and
 * is held while calling factories and discoverers; {@code state} guards groups and pools and
 * is never held while calling out, so a discoverer may report from any thread, even while
 * being closed.
 */
@Component(name = "dev.ignis.scrape.discovery",
        service = {TargetDiscovery.class, ConfigListener.class, Exporter.class}, immediate = true)
@Designate(ocd = DiscoveryManager.Config.class)
public final class DiscoveryManager implements TargetDiscovery, ConfigListener, Exporter, AutoCloseable {

    /** Settings of the discovery manager. */
    @ObjectClassDefinition(name = "Ignis discovery manager")
    public @interface Config {
        @AttributeDefinition(description = "Minimum time between two notifications of subscribers, in ms "
                + "(Prometheus's discovery.updatert)")
        long update_interval_ms() default 5000;
    }

    private static final Log LOG = new Log(DiscoveryManager.class);

    private volatile long intervalNanos;
    private final ScheduledThreadPoolExecutor executor;
    private final ReentrantLock structure = new ReentrantLock();
    private final Object state = new Object();

    /** Bound factories. Guarded by {@code structure}. */
    private final List<FactoryRef> factories = new ArrayList<>();
    /** Pools in config order. Replaced under both locks; read under either. */
    private Map<PoolKey, Pool> pools = Map.of();
    /** Errors of the last config change, per pool. Guarded by {@code state}. */
    private Map<PoolKey, List<String>> applyErrors = Map.of();
    private final Map<PoolKind, Sender> senders = new EnumMap<>(PoolKind.class);
    private boolean closed;

    /** A pool's static groups and discovery sections. */
    private record Pool(PoolKey key, List<TargetGroup> statics, List<Provider> providers) {
    }

    /** Per-kind subscribers and the coalescing state. Fields guarded by {@code state}. */
    private static final class Sender {
        final List<Consumer<Map<String, List<TargetGroup>>>> listeners = new CopyOnWriteArrayList<>();
        boolean dirty;
        boolean scheduled;
        /** Identifies the pending send; a send whose ticket is stale does nothing. */
        long ticket;
        long lastSend;
        boolean everSent;
        long received;
        long sent;
    }

    @Activate
    public DiscoveryManager(Config config) {
        this(Duration.ofMillis(config.update_interval_ms()));
    }

    /** A manager that notifies subscribers at most once per {@code updateInterval}. */
    public DiscoveryManager(Duration updateInterval) {
        this.intervalNanos = updateInterval.toNanos();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "ignis-discovery-manager");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        for (PoolKind k : PoolKind.values()) {
            senders.put(k, new Sender());
        }
    }

    /** Takes a new update interval without restarting any discoverer; a pending notification is rescheduled. */
    @Modified
    void modified(Config config) {
        synchronized (state) {
            intervalNanos = Duration.ofMillis(config.update_interval_ms()).toNanos();
            for (Map.Entry<PoolKind, Sender> e : senders.entrySet()) {
                if (e.getValue().scheduled && !closed) {
                    schedule(e.getKey(), e.getValue());
                }
            }
        }
    }

    // ------------------------------------------------------------------ TargetDiscovery

    @Override
    public Map<String, List<TargetGroup>> current(PoolKind kind) {
        synchronized (state) {
            return snapshot(kind);
        }
    }

    @Override
    public AutoCloseable subscribe(PoolKind kind, Consumer<Map<String, List<TargetGroup>>> listener) {
        Sender s = senders.get(kind);
        s.listeners.add(listener);
        // On the sender thread, so that calls to one listener never overlap.
        executeQuietly(() -> {
            if (s.listeners.contains(listener)) {
                Map<String, List<TargetGroup>> snap;
                synchronized (state) {
                    snap = snapshot(kind);
                }
                deliver(kind, listener, snap);
            }
        });
        return () -> s.listeners.remove(listener);
    }

    @Override
    public Map<String, List<String>> problems(PoolKind kind) {
        synchronized (state) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Pool p : pools.values()) {
                if (p.key().kind() != kind) {
                    continue;
                }
                List<String> list = new ArrayList<>(applyErrors.getOrDefault(p.key(), List.of()));
                for (Provider pr : p.providers()) {
                    if (pr.problem != null) {
                        list.add(pr.problem);
                    }
                }
                if (!list.isEmpty()) {
                    out.put(p.key().name(), List.copyOf(list));
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** Update events received from discoverers and notifications sent to subscribers (for metrics). */
    long[] counts(PoolKind kind) {
        synchronized (state) {
            Sender s = senders.get(kind);
            return new long[] {s.received, s.sent};
        }
    }

    @Override
    public void collect(MetricWriter w) {
        Map<PoolKind, long[]> counts = new EnumMap<>(PoolKind.class);
        Map<PoolKey, Integer> targets = new LinkedHashMap<>();
        synchronized (state) {
            for (PoolKind k : PoolKind.values()) {
                Sender s = senders.get(k);
                long failed = 0;
                for (Pool p : pools.values()) {
                    if (p.key().kind() == k) {
                        failed += applyErrors.getOrDefault(p.key(), List.of()).size();
                        for (Provider pr : p.providers()) {
                            failed += pr.problem != null ? 1 : 0;
                        }
                    }
                }
                counts.put(k, new long[] {s.received, s.sent, failed});
            }
            for (Pool p : pools.values()) {
                int n = 0;
                for (TargetGroup g : p.statics()) {
                    n += g.targets().size();
                }
                for (Provider pr : p.providers()) {
                    if (pr.session != null) {
                        for (TargetGroup g : pr.session.groups.values()) {
                            n += g.targets().size();
                        }
                    }
                }
                targets.put(p.key(), n);
            }
        }
        w.family("prometheus_sd_discovered_targets", MetricType.GAUGE, "Current number of discovered targets.");
        targets.forEach((k, n) -> w.sample("prometheus_sd_discovered_targets",
                Labels.of("config", k.name(), "name", kindName(k)), n));
        w.family("prometheus_sd_failed_configs", MetricType.GAUGE,
                "Current number of service discovery configurations that failed to load.");
        counts.forEach((k, c) -> w.sample("prometheus_sd_failed_configs", Labels.of("name", kindName(k)), c[2]));
        w.family("prometheus_sd_received_updates_total", MetricType.COUNTER,
                "Total number of update events received from the SD providers.");
        counts.forEach((k, c) -> w.sample("prometheus_sd_received_updates_total", Labels.of("name", kindName(k)),
                c[0]));
        w.family("prometheus_sd_updates_delayed_total", MetricType.COUNTER,
                "Total number of update events that couldn't be sent immediately.");
        counts.forEach((k, c) -> w.sample("prometheus_sd_updates_delayed_total", Labels.of("name", kindName(k)), 0));
        w.family("prometheus_sd_updates_total", MetricType.COUNTER,
                "Total number of update events sent to the SD consumers.");
        counts.forEach((k, c) -> w.sample("prometheus_sd_updates_total", Labels.of("name", kindName(k)), c[1]));
    }

    // ------------------------------------------------------------------ config

    @Override
    public void configChanged(LoadedConfig loaded) throws ConfigException {
        structure.lock();
        try {
            if (closed) {
                return;
            }
            Map<PoolKey, Pool> old = pools;
            Map<PoolKey, Pool> next = new LinkedHashMap<>();
            Map<PoolKey, List<String>> errors = new LinkedHashMap<>();
            List<Session> toStart = new ArrayList<>();
            List<Session> toClose = new ArrayList<>();
            List<Provider> unserved = new ArrayList<>();
            Map<PoolKind, Long> sentAtCommit = new EnumMap<>(PoolKind.class);

            for (Spec spec : specs(loaded.config())) {
                Pool before = old.get(spec.key());
                List<Provider> unclaimed = before == null ? new ArrayList<>() : new ArrayList<>(before.providers());
                List<Provider> providers = new ArrayList<>();
                List<Session> created = new ArrayList<>();
                List<Provider> missing = new ArrayList<>();
                List<String> errs = new ArrayList<>();
                for (SdConfig sd : spec.sections()) {
                    Provider reused = claim(unclaimed, sd);
                    if (reused != null) {
                        providers.add(reused);
                        continue;
                    }
                    Provider p = new Provider(spec.key(), sd);
                    providers.add(p);
                    FactoryRef f = preferred(sd.key());
                    if (f == null) {
                        missing.add(p);
                        continue;
                    }
                    try {
                        created.add(new Session(p, f, create(f, sd), this));
                    } catch (ConfigException e) {
                        errs.add(e.getMessage());
                        LOG.error("Cannot create service discovery", "kind", kindName(spec.key()), "pool",
                                spec.key().name(), "key", sd.key(), "err", e.getMessage());
                    }
                }
                if (!errs.isEmpty()) {
                    // The pool stays as it was; what was made for it is dropped unstarted.
                    created.forEach(s -> closeQuietly(s.discoverer));
                    errors.put(spec.key(), errs);
                    next.put(spec.key(), before != null ? before : new Pool(spec.key(), List.of(), List.of()));
                    continue;
                }
                for (Provider gone : unclaimed) {
                    if (gone.session != null) {
                        toClose.add(gone.session);
                    }
                }
                toStart.addAll(created);
                unserved.addAll(missing);
                next.put(spec.key(), new Pool(spec.key(), spec.statics(), List.copyOf(providers)));
            }
            for (Pool p : old.values()) {
                if (!next.containsKey(p.key())) {
                    for (Provider gone : p.providers()) {
                        if (gone.session != null) {
                            toClose.add(gone.session);
                        }
                    }
                }
            }

            synchronized (state) {
                for (Session s : toClose) {
                    s.closed = true;
                    s.provider.session = null;
                }
                for (Session s : toStart) {
                    s.provider.session = s;
                    s.provider.problem = null;
                }
                for (Provider p : unserved) {
                    p.problem = noPlugin(p.config.key());
                }
                pools = Collections.unmodifiableMap(next);
                applyErrors = errors;
                for (PoolKind k : PoolKind.values()) {
                    sentAtCommit.put(k, senders.get(k).sent);
                }
            }
            for (Session s : toClose) {
                closeQuietly(s.discoverer);
            }
            for (Session s : toStart) {
                start(s);
            }
            synchronized (state) {
                // After the starts, so that groups a discoverer reports while starting go out with the
                // first notification; not needed if one went out since the commit (it held the new pools).
                for (PoolKind k : PoolKind.values()) {
                    if (senders.get(k).sent == sentAtCommit.get(k)) {
                        markDirty(k);
                    }
                }
            }
            for (Provider p : unserved) {
                LOG.warn("No discovery plugin installed", "kind", kindName(p.pool), "pool", p.pool.name(), "key",
                        p.config.key());
            }
            if (!errors.isEmpty()) {
                List<String> all = new ArrayList<>();
                errors.values().forEach(all::addAll);
                throw new ConfigException(String.join("; ", all));
            }
        } finally {
            structure.unlock();
        }
    }

    /** What the config asks for, in config order. */
    private record Spec(PoolKey key, List<TargetGroup> statics, List<SdConfig> sections) {
    }

    private static List<Spec> specs(PrometheusConfig config) {
        List<Spec> out = new ArrayList<>();
        for (ScrapeConfig sc : config.scrapeConfigs()) {
            out.add(new Spec(new PoolKey(PoolKind.SCRAPE, sc.jobName()), sc.staticConfigs(), sc.sdConfigs()));
        }
        List<AlertmanagerConfig> ams = config.alerting().alertmanagers();
        for (int i = 0; i < ams.size(); i++) {
            AlertmanagerConfig am = ams.get(i);
            // Prometheus names alertmanager sets by their position.
            out.add(new Spec(new PoolKey(PoolKind.ALERTMANAGER, "config-" + i), am.staticConfigs(),
                    am.sdConfigs()));
        }
        return out;
    }

    private static Provider claim(List<Provider> unclaimed, SdConfig sd) {
        for (int i = 0; i < unclaimed.size(); i++) {
            if (unclaimed.get(i).sameSection(sd)) {
                return unclaimed.remove(i);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ factories

    /** Binds a factory; it starts serving every section of its key that has no discoverer. */
    @Reference(name = "factory", service = DiscovererFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeFactory")
    public void addFactory(DiscovererFactory factory, Map<String, Object> properties) {
        Object key = properties.get(DiscovererFactory.CONFIG_KEY);
        if (!(key instanceof String k) || k.isEmpty()) {
            LOG.warn("Ignoring discovery plugin without config key", "property", DiscovererFactory.CONFIG_KEY,
                    "class", factory.getClass().getName());
            return;
        }
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        Object id = properties.get(Constants.SERVICE_ID);
        FactoryRef ref = new FactoryRef(factory, k, ranking instanceof Integer r ? r : 0,
                id instanceof Long l ? l : Long.MAX_VALUE);
        structure.lock();
        try {
            if (closed) {
                return;
            }
            factories.add(ref);
            LOG.info("Discovery plugin added", "key", k);
            for (Provider p : providers()) {
                if (p.session == null && p.config.key().equals(k) && preferred(k) == ref) {
                    startWith(p, ref);
                }
            }
        } finally {
            structure.unlock();
        }
    }

    /** Unbinds a factory: closes its discoverers and drops their groups; another factory for the key takes over. */
    public void removeFactory(DiscovererFactory factory) {
        structure.lock();
        try {
            FactoryRef ref = null;
            for (int i = 0; i < factories.size(); i++) {
                if (factories.get(i).factory() == factory) {
                    ref = factories.remove(i);
                    break;
                }
            }
            if (ref == null) {
                return;
            }
            LOG.info("Discovery plugin removed", "key", ref.key());
            for (Provider p : providers()) {
                Session s;
                synchronized (state) {
                    s = p.session;
                    if (s == null || s.factory != ref) {
                        continue;
                    }
                    s.closed = true;
                    p.session = null;
                    p.problem = noPlugin(ref.key());
                    markDirty(p.pool.kind());
                }
                closeQuietly(s.discoverer);
                FactoryRef other = preferred(ref.key());
                if (other != null && !closed) {
                    startWith(p, other);
                } else {
                    LOG.warn("No discovery plugin installed", "kind", kindName(p.pool), "pool", p.pool.name(), "key",
                            ref.key());
                }
            }
        } finally {
            structure.unlock();
        }
    }

    private FactoryRef preferred(String key) {
        FactoryRef best = null;
        for (FactoryRef f : factories) {
            if (f.key().equals(key) && (best == null || FactoryRef.PREFERRED.compare(f, best) < 0)) {
                best = f;
            }
        }
        return best;
    }

    private List<Provider> providers() {
        List<Provider> out = new ArrayList<>();
        for (Pool p : pools.values()) {
            out.addAll(p.providers());
        }
        return out;
    }

    private void startWith(Provider p, FactoryRef f) {
        Session s;
        try {
            s = new Session(p, f, create(f, p.config), this);
        } catch (ConfigException e) {
            synchronized (state) {
                p.problem = e.getMessage();
            }
            LOG.error("Cannot create service discovery", "kind", kindName(p.pool), "pool", p.pool.name(), "key",
                    p.config.key(), "err", e.getMessage());
            return;
        }
        synchronized (state) {
            p.session = s;
            p.problem = null;
        }
        start(s);
    }

    private static Discoverer create(FactoryRef f, SdConfig sd) throws ConfigException {
        Discoverer d;
        try {
            d = f.factory().create(sd);
        } catch (RuntimeException e) {
            throw sd.error("discovery plugin for " + GoQuote.quote(sd.key()) + " failed: " + e);
        }
        if (d == null) {
            throw sd.error("discovery plugin for " + GoQuote.quote(sd.key()) + " returned no discoverer");
        }
        return d;
    }

    private void start(Session s) {
        try {
            s.discoverer.start(s);
        } catch (RuntimeException e) {
            Provider p = s.provider;
            synchronized (state) {
                s.closed = true;
                if (p.session == s) {
                    p.session = null;
                }
                p.problem = "discovery for " + GoQuote.quote(p.config.key()) + " failed to start: " + e;
                markDirty(p.pool.kind());
            }
            LOG.error("Cannot start service discovery", "kind", kindName(p.pool), "pool", p.pool.name(), "key",
                    p.config.key(), "err", e.toString());
            closeQuietly(s.discoverer);
        }
    }

    private static void closeQuietly(Discoverer d) {
        try {
            d.close();
        } catch (RuntimeException e) {
            LOG.error("Error closing service discovery", "class", d.getClass().getName(), "err", e.toString());
        }
    }

    static String noPlugin(String key) {
        return "no discovery plugin installed for " + GoQuote.quote(key);
    }

    private static String kindName(PoolKey k) {
        return kindName(k.kind());
    }

    /** The manager names Prometheus uses in logs and metrics. */
    private static String kindName(PoolKind k) {
        return k == PoolKind.SCRAPE ? "scrape" : "notify";
    }

    // ------------------------------------------------------------------ updates

    /** A discoverer's update; ignored once its session is closed. */
    void received(Session s, List<TargetGroup> update) {
        if (update == null) {
            return;
        }
        synchronized (state) {
            if (s.closed) {
                return;
            }
            for (TargetGroup g : update) {
                if (g == null || g.source() == null) {
                    continue;
                }
                if (g.targets().isEmpty()) {
                    s.groups.remove(g.source());
                } else {
                    s.groups.put(g.source(), g);
                }
            }
            senders.get(s.provider.pool.kind()).received++;
            markDirty(s.provider.pool.kind());
        }
    }

    /** Holds {@code state}. Schedules a send no sooner than one interval after the previous one. */
    private void markDirty(PoolKind kind) {
        Sender s = senders.get(kind);
        s.dirty = true;
        if (s.scheduled || closed) {
            return;
        }
        schedule(kind, s);
    }

    /** Holds {@code state}. Schedules the pending send of {@code kind}, replacing any earlier one. */
    private void schedule(PoolKind kind, Sender s) {
        long delay = s.everSent ? Math.max(0, s.lastSend + intervalNanos - System.nanoTime()) : 0;
        long ticket = ++s.ticket;
        s.scheduled = true;
        try {
            executor.schedule(() -> send(kind, ticket), delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            s.scheduled = false;
        }
    }

    private void send(PoolKind kind, long ticket) {
        Sender s = senders.get(kind);
        Map<String, List<TargetGroup>> snap;
        synchronized (state) {
            if (ticket != s.ticket) {
                return;
            }
            s.scheduled = false;
            if (!s.dirty || closed) {
                return;
            }
            s.dirty = false;
            s.lastSend = System.nanoTime();
            s.everSent = true;
            s.sent++;
            snap = snapshot(kind);
        }
        for (Consumer<Map<String, List<TargetGroup>>> l : s.listeners) {
            deliver(kind, l, snap);
        }
    }

    private static void deliver(PoolKind kind, Consumer<Map<String, List<TargetGroup>>> l,
            Map<String, List<TargetGroup>> snap) {
        try {
            l.accept(snap);
        } catch (RuntimeException e) {
            LOG.error("Discovery subscriber failed", "kind", kindName(kind),
                    "subscriber", l.getClass().getName(), "err", e.toString());
        }
    }

    /** Holds {@code state}. All pools of {@code kind}, in config order, each with static groups first. */
    private Map<String, List<TargetGroup>> snapshot(PoolKind kind) {
        Map<String, List<TargetGroup>> out = new LinkedHashMap<>();
        for (Pool p : pools.values()) {
            if (p.key().kind() != kind) {
                continue;
            }
            List<TargetGroup> groups = new ArrayList<>(p.statics());
            for (Provider pr : p.providers()) {
                if (pr.session != null) {
                    groups.addAll(pr.session.groups.values());
                }
            }
            out.put(p.key().name(), List.copyOf(groups));
        }
        return Collections.unmodifiableMap(out);
    }

    private void executeQuietly(Runnable r) {
        try {
            executor.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: no more notifications
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Closes every discoverer and stops notifying. */
    @Deactivate
    @Override
    public void close() {
        List<Session> sessions = new ArrayList<>();
        structure.lock();
        try {
            synchronized (state) {
                if (closed) {
                    return;
                }
                closed = true;
                for (Provider p : providers()) {
                    if (p.session != null) {
                        p.session.closed = true;
                        sessions.add(p.session);
                        p.session = null;
                    }
                }
            }
            executor.shutdownNow();
            for (Session s : sessions) {
                closeQuietly(s.discoverer);
            }
        } finally {
            structure.unlock();
        }
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Discovery subscribers still running after close");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
