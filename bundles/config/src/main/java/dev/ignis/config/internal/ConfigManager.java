package dev.ignis.config.internal;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.config.parser.ConfigParser;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running configuration and its reloads, independent of OSGi. Loads and listener calls
 * happen under one lock, so reloads are serialized and calls to one listener never overlap.
 */
public final class ConfigManager implements ConfigSource {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigManager.class);

    private final Path file;
    private final ConfigParser.Options options;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Listeners in call order: higher service.ranking first, then arrival order. */
    private final List<Ranked> listeners = new CopyOnWriteArrayList<>();

    private record Ranked(ConfigListener listener, int ranking) {
    }

    private volatile LoadedConfig current;
    private volatile boolean lastOk;
    private volatile Instant lastSuccess = Instant.EPOCH;
    private long generation;

    public ConfigManager(Path file, ConfigParser.Options options, Clock clock) {
        this.file = file;
        this.options = options;
        this.clock = clock;
    }

    /** The config file as named by the flag. */
    public Path file() {
        return file;
    }

    /** Whether a config has loaded at least once. */
    public boolean loaded() {
        return current != null;
    }

    @Override
    public LoadedConfig current() {
        LoadedConfig c = current;
        if (c == null) {
            throw new IllegalStateException("BUG: no configuration loaded yet");
        }
        return c;
    }

    @Override
    public boolean lastReloadSuccessful() {
        return lastOk;
    }

    @Override
    public Instant lastReloadSuccessTime() {
        return lastSuccess;
    }

    @Override
    public LoadedConfig reload() throws ConfigException {
        lock.lock();
        try {
            long start = System.nanoTime();
            LOG.atInfo().addKeyValue("filename", file).log("Loading configuration file");
            ConfigParser.Result parsed;
            try {
                parsed = ConfigParser.parseFile(file, options);
            } catch (ConfigException e) {
                lastOk = false;
                if (current == null) {
                    // The first load's failure is reported by the component, which may stop the server.
                    throw e;
                }
                LOG.atError().addKeyValue("err", e.getMessage()).log("Error reloading config");
                // Prometheus's wording for a reload that does not load, with our file:line inside.
                throw new ConfigException("couldn't load configuration (--config.file="
                        + GoQuote.quote(file.toString()) + "): " + e.getMessage(), e);
            }
            LoadedConfig next = new LoadedConfig(parsed.config(), file, parsed.yaml(), clock.instant(), ++generation);
            current = next;
            int failures = 0;
            for (Ranked r : listeners) {
                if (!deliver(r.listener(), next)) {
                    failures++;
                }
            }
            if (failures > 0) {
                lastOk = false;
                LOG.atError().addKeyValue("failures", failures).log("Error reloading config");
                throw new ConfigException("one or more errors occurred while applying the new configuration "
                        + "(--config.file=" + GoQuote.quote(file.toString()) + ")");
            }
            lastOk = true;
            lastSuccess = next.loadedAt();
            LOG.atInfo().addKeyValue("filename", file)
                    .addKeyValue("totalDuration", goDuration(System.nanoTime() - start))
                    .log("Completed loading of configuration file");
            return next;
        } finally {
            lock.unlock();
        }
    }

    /** Adds a listener with ranking 0. */
    public void addListener(ConfigListener l) {
        addListener(l, 0);
    }

    /**
     * Adds a listener and, when a config is loaded, gives it that config at once. On reloads
     * listeners are called by descending {@code ranking}, then in the order they arrived.
     */
    public void addListener(ConfigListener l, int ranking) {
        lock.lock();
        try {
            int at = listeners.size();
            while (at > 0 && listeners.get(at - 1).ranking() < ranking) {
                at--;
            }
            listeners.add(at, new Ranked(l, ranking));
            LoadedConfig c = current;
            if (c != null) {
                deliver(l, c);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes a listener; it gets no further calls once this returns. */
    public void removeListener(ConfigListener l) {
        lock.lock();
        try {
            listeners.removeIf(r -> r.listener() == l);
        } finally {
            lock.unlock();
        }
    }

    /** The listeners in call order (a copy). */
    List<ConfigListener> listeners() {
        List<ConfigListener> out = new ArrayList<>();
        listeners.forEach(r -> out.add(r.listener()));
        return out;
    }

    /** Go's time.Duration.String() for log values: {@code 146.562857ms}, {@code 1.2s}, {@code 2m3s}. */
    static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            String[] units = {"ns", "µs", "ms"};
            long scale = 1;
            int u = 0;
            while (u < 2 && nanos >= scale * 1000) {
                scale *= 1000;
                u++;
            }
            return decimal(nanos, scale) + units[u];
        }
        long h = nanos / 3_600_000_000_000L;
        long m = nanos / 60_000_000_000L % 60;
        long rest = nanos % 60_000_000_000L;
        StringBuilder sb = new StringBuilder();
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        return sb.append(decimal(rest, 1_000_000_000L)).append('s').toString();
    }

    private static String decimal(long value, long scale) {
        String frac = String.format("%0" + Long.toString(scale).length() + "d", value % scale).substring(1);
        frac = frac.replaceAll("0+$", "");
        return (value / scale) + (frac.isEmpty() ? "" : "." + frac);
    }

    private static boolean deliver(ConfigListener l, LoadedConfig c) {
        try {
            l.configChanged(c);
            return true;
        } catch (ConfigException | RuntimeException e) {
            LOG.atError().addKeyValue("listener", l.getClass().getName()).addKeyValue("err", e.getMessage())
                    .log("Failed to apply configuration");
            return false;
        }
    }
}
