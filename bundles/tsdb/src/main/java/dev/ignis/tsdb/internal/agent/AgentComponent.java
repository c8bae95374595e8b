package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.StartFailure;
import java.io.IOException;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The agent's storage: registered as {@link Appendable} (no Queryable or Storage: queries are
 * not available in agent mode) and, for its self-metrics, {@link Exporter}. Disabled by
 * default; the tsdb mode gate enables it when {@code ignis.mode} is {@code agent}. Immediate,
 * so the WAL is replayed at start; getting the service waits for the replay.
 */
@Component(name = AgentComponent.NAME, enabled = false, immediate = true, service = {Appendable.class, Exporter.class})
public final class AgentComponent implements Appendable, Exporter {

    /** DS component name. */
    public static final String NAME = "dev.ignis.tsdb.agent";

    private final AgentDb db;

    @Activate
    public AgentComponent(BundleContext ctx) throws IOException {
        this(open(ctx));
    }

    private AgentComponent(AgentDb db) {
        this.db = db;
    }

    private static AgentDb open(BundleContext ctx) throws IOException {
        try {
            return AgentDb.open(AgentOptions.fromProperties(ctx::getProperty));
        } catch (IOException e) {
            throw StartFailure.storage(ctx, e);
        }
    }

    /** Opens the agent storage; for tests and for the activator above. */
    public AgentComponent(AgentOptions opts) throws IOException {
        this.db = AgentDb.open(opts);
    }

    @Deactivate
    public void close() throws IOException {
        db.close();
    }

    @Override
    public Appender appender() {
        return db.appender();
    }

    @Override
    public void collect(MetricWriter w) {
        db.metrics.collect(w);
    }

    /** The storage itself, for bundle-internal readers of its WAL (remote write). */
    public AgentDb db() {
        return db;
    }
}
