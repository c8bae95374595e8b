package dev.ignis.tsdb.internal;

import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appendable;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.Queryable;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.StorageException;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The server's storage: one object registered as {@link Storage}, {@link Appendable},
 * {@link Queryable} and, for its self-metrics, {@link Exporter}. Disabled by default;
 * {@link TsdbModeGate} enables it unless the server runs in agent mode. Immediate, so the WAL
 * is replayed at start rather than on first use; SCR registers the service before activation
 * completes, and getting the service blocks until the replay is done.
 */
@Component(name = TsdbComponent.NAME, enabled = false, immediate = true,
        service = {Storage.class, Appendable.class, Queryable.class, Exporter.class, ConfigListener.class},
        // Applied before the other listeners, as Prometheus reloads its storage first.
        property = "service.ranking:Integer=1000")
public final class TsdbComponent implements Storage, Exporter, ConfigListener {

    /** DS component name. */
    public static final String NAME = "dev.ignis.tsdb.storage";

    private final Tsdb db;

    @Activate
    public TsdbComponent(BundleContext ctx) throws IOException {
        this(open(ctx));
    }

    private TsdbComponent(Tsdb db) {
        this.db = db;
    }

    private static Tsdb open(BundleContext ctx) throws IOException {
        try {
            return Tsdb.open(TsdbOptions.fromProperties(ctx::getProperty));
        } catch (IOException e) {
            throw StartFailure.storage(ctx, e);
        }
    }

    /** Opens the data directory; for tests and for the activator above. */
    public TsdbComponent(TsdbOptions opts) throws IOException {
        this.db = Tsdb.open(opts);
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
    public AppendSession session() {
        return db.session();
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return db.querier(mint, maxt);
    }

    @Override
    public long minTime() {
        return db.minTime();
    }

    @Override
    public void deleteSeries(long mint, long maxt, List<LabelMatcher> matchers) throws StorageException {
        try {
            db.admin().deleteSeries(mint, maxt, matchers);
        } catch (IOException | RuntimeException e) {
            throw failed("delete series", e);
        }
    }

    @Override
    public void cleanTombstones() throws StorageException {
        try {
            db.admin().cleanTombstones();
        } catch (IOException | RuntimeException e) {
            throw failed("clean tombstones", e);
        }
    }

    @Override
    public void snapshot(Path dir, boolean skipHead) throws StorageException {
        try {
            db.admin().snapshot(dir, !skipHead);
        } catch (IOException | RuntimeException e) {
            throw failed("snapshot", e);
        }
    }

    @Override
    public TsdbStats stats(int limit) {
        return db.stats(limit);
    }

    @Override
    public List<ExemplarSeries> exemplars(long start, long end, List<List<LabelMatcher>> selectors) {
        CircularExemplarStorage store = db.head().exemplars();
        return store == null ? List.of() : store.select(start, end, selectors);
    }

    /** Sizes the exemplar storage from {@code storage.exemplars.max_exemplars}. */
    @Override
    public void configChanged(LoadedConfig config) {
        db.resizeExemplars(config.config().storage().maxExemplars());
    }

    @Override
    public void collect(MetricWriter w) {
        TsdbMetrics.collect(db, w);
    }

    private static StorageException failed(String what, Exception e) {
        return new StorageException(StorageException.Kind.INTERNAL, what + ": " + e.getMessage(), e);
    }
}
