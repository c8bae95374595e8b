package dev.ignis.config.internal;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Prometheus's config reload gauges, read from the {@link ConfigSource} on each collect. */
@Component(service = Exporter.class)
public final class ConfigMetricsExporter implements Exporter {
    static final String SUCCESSFUL = "prometheus_config_last_reload_successful";
    static final String TIMESTAMP = "prometheus_config_last_reload_success_timestamp_seconds";

    private final ConfigSource source;

    @Activate
    public ConfigMetricsExporter(@Reference(name = "source") ConfigSource source) {
        this.source = source;
    }

    @Override
    public void collect(MetricWriter writer) {
        writer.family(SUCCESSFUL, MetricType.GAUGE, "Whether the last configuration reload attempt was successful.");
        writer.sample(SUCCESSFUL, source.lastReloadSuccessful() ? 1 : 0);
        writer.family(TIMESTAMP, MetricType.GAUGE, "Timestamp of the last successful configuration reload.");
        writer.sample(TIMESTAMP, source.lastReloadSuccessTime().toEpochMilli() / 1000.0);
    }
}
