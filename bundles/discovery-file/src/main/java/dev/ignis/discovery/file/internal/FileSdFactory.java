package dev.ignis.discovery.file.internal;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.discovery.Discoverer;
import dev.ignis.api.discovery.DiscovererFactory;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricWriter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code file_sd_configs}: a {@link DiscovererFactory} for the key {@value #KEY}, and the
 * {@link Exporter} of Prometheus's file_sd metrics ({@code prometheus_sd_file_*}). Its
 * discoverers share one {@link DirectoryWatcher}.
 */
@Component(name = "dev.ignis.discovery.file", service = {DiscovererFactory.class, Exporter.class},
        property = DiscovererFactory.CONFIG_KEY + "=" + FileSdFactory.KEY)
public final class FileSdFactory implements DiscovererFactory, Exporter {
    /** The config key served. */
    public static final String KEY = "file_sd_configs";

    private final FileSdMetrics metrics = new FileSdMetrics();
    private final DirectoryWatcher watcher = new DirectoryWatcher();

    @Override
    public Discoverer create(SdConfig config) throws ConfigException {
        return new FileDiscoverer(FileSdConfig.parse(config), metrics, watcher);
    }

    /** Stops watching directories; discoverers still running fall back to their refresh interval. */
    @Deactivate
    public void deactivate() {
        watcher.close();
    }

    /** The shared directory watcher (for tests). */
    DirectoryWatcher watcher() {
        return watcher;
    }

    @Override
    public void collect(MetricWriter writer) {
        metrics.collect(writer);
    }

    /** The shared metrics (for tests). */
    FileSdMetrics metrics() {
        return metrics;
    }
}
