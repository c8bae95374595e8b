package dev.ignis.web.internal;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.notifier.Alertmanagers;
import dev.ignis.api.query.QueryEngine;
import dev.ignis.api.query.SelectorParser;
import dev.ignis.api.rules.RuleManager;
import dev.ignis.api.scrape.ScrapeTargets;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.WalReplayProgress;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web handlers need to know about the rest of the server: the runtime facts, the
 * config source and storage as they come and go, and from those whether the server is ready.
 *
 * <p>Ready means, in server mode, that a {@link Storage} and the {@link ConfigSource} are
 * registered; in agent mode, an {@link Appendable} (the WAL-only agent storage) and the
 * config source. The {@link SelectorParser} and {@link QueryEngine} (from the PromQL bundle) and
 * the {@link ScrapeTargets} (from the scrape bundle) do not count towards readiness: endpoints
 * that need them report them missing themselves (the targets endpoints answer as if nothing
 * were scraped).
 * Thread-safe; the getters return the current service or {@code null}.
 */
@Component(name = "dev.ignis.web.state", service = ServerState.class)
public final class ServerState {
    private static final Logger LOG = LoggerFactory.getLogger(ServerState.class);

    private final RuntimeInfo runtime;
    private final AtomicReference<ConfigSource> config = new AtomicReference<>();
    private final AtomicReference<Storage> storage = new AtomicReference<>();
    private final AtomicReference<Appendable> appendable = new AtomicReference<>();
    private final AtomicReference<SelectorParser> selectorParser = new AtomicReference<>();
    private final AtomicReference<QueryEngine> queryEngine = new AtomicReference<>();
    private final AtomicReference<ScrapeTargets> scrapeTargets = new AtomicReference<>();
    private final AtomicReference<RuleManager> ruleManager = new AtomicReference<>();
    private final AtomicReference<Alertmanagers> alertmanagers = new AtomicReference<>();
    private final AtomicReference<WalReplayProgress> walReplay = new AtomicReference<>();
    private boolean wasReady;

    @Activate
    public ServerState(@Reference(name = "runtime") RuntimeInfo runtime) {
        this.runtime = runtime;
    }

    public RuntimeInfo runtime() {
        return runtime;
    }

    public boolean agentMode() {
        return runtime.agentMode();
    }

    /** Whether storage and configuration are up; until then most endpoints answer 503. */
    public boolean isReady() {
        return config.get() != null
                && (runtime.agentMode() ? appendable.get() != null : storage.get() != null);
    }

    private synchronized void logTransition() {
        boolean ready = isReady();
        if (ready != wasReady) {
            wasReady = ready;
            if (ready) {
                LOG.atInfo().addKeyValue("agent", runtime.agentMode()).log("Server is ready to receive web requests.");
            } else {
                LOG.atInfo().addKeyValue("agent", runtime.agentMode()).addKeyValue("config", config.get() != null)
                        .addKeyValue("storage", runtime.agentMode() ? appendable.get() != null : storage.get() != null)
                        .log("Server is not ready: storage or configuration went away");
            }
        }
    }

    /** The config source, or {@code null} before the first config has loaded. */
    public ConfigSource configSource() {
        return config.get();
    }

    /** The storage, or {@code null} (always in agent mode). */
    public Storage storage() {
        return storage.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetConfigSource")
    public void setConfigSource(ConfigSource source) {
        config.set(source);
        logTransition();
    }

    public void unsetConfigSource(ConfigSource source) {
        config.compareAndSet(source, null);
        logTransition();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetStorage")
    public void setStorage(Storage s) {
        storage.set(s);
        logTransition();
    }

    public void unsetStorage(Storage s) {
        storage.compareAndSet(s, null);
        logTransition();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetAppendable")
    public void setAppendable(Appendable a) {
        appendable.set(a);
        logTransition();
    }

    public void unsetAppendable(Appendable a) {
        appendable.compareAndSet(a, null);
        logTransition();
    }

    /** The series selector parser, or {@code null} while the PromQL bundle is not there. */
    public SelectorParser selectorParser() {
        return selectorParser.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetSelectorParser")
    public void setSelectorParser(SelectorParser p) {
        selectorParser.set(p);
    }

    public void unsetSelectorParser(SelectorParser p) {
        selectorParser.compareAndSet(p, null);
    }

    /** The query engine, or {@code null} while the PromQL bundle is not there. */
    public QueryEngine queryEngine() {
        return queryEngine.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetQueryEngine")
    public void setQueryEngine(QueryEngine e) {
        queryEngine.set(e);
    }

    public void unsetQueryEngine(QueryEngine e) {
        queryEngine.compareAndSet(e, null);
    }

    /** What the scrape manager scrapes, or {@code null} while the scrape bundle is not there. */
    public ScrapeTargets scrapeTargets() {
        return scrapeTargets.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetScrapeTargets")
    public void setScrapeTargets(ScrapeTargets t) {
        scrapeTargets.set(t);
    }

    public void unsetScrapeTargets(ScrapeTargets t) {
        scrapeTargets.compareAndSet(t, null);
    }

    /** The rule manager's read side, or {@code null} while no rules bundle provides it. */
    public RuleManager ruleManager() {
        return ruleManager.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetRuleManager")
    public void setRuleManager(RuleManager m) {
        ruleManager.set(m);
    }

    public void unsetRuleManager(RuleManager m) {
        ruleManager.compareAndSet(m, null);
    }

    /** The notifier's discovered Alertmanagers, or {@code null} while no notifier provides them. */
    public Alertmanagers alertmanagers() {
        return alertmanagers.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetAlertmanagers")
    public void setAlertmanagers(Alertmanagers a) {
        alertmanagers.set(a);
    }

    public void unsetAlertmanagers(Alertmanagers a) {
        alertmanagers.compareAndSet(a, null);
    }

    /** The storage's WAL replay progress, or {@code null} while no storage bundle provides it. */
    public WalReplayProgress walReplay() {
        return walReplay.get();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetWalReplay")
    public void setWalReplay(WalReplayProgress p) {
        walReplay.set(p);
    }

    public void unsetWalReplay(WalReplayProgress p) {
        walReplay.compareAndSet(p, null);
    }
}
