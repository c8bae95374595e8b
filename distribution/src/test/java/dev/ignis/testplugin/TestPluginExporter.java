package dev.ignis.testplugin;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.util.Map;

/**
 * The class inside the plugin jar that DeployDirectoryIT builds on the fly: a DS component
 * (described by hand-written XML in that jar) exporting one metric that names the plugin's
 * version, so a live update is visible on /metrics.
 */
public class TestPluginExporter implements Exporter {
    private volatile String version = "unknown";

    /** DS activate method; the version comes from the component's properties. */
    public void activate(Map<String, Object> properties) {
        version = String.valueOf(properties.get("plugin.version"));
    }

    @Override
    public void collect(MetricWriter writer) {
        writer.family("ignis_test_plugin_info", MetricType.GAUGE, "A plugin installed from deploy/.");
        writer.sample("ignis_test_plugin_info", Labels.of("version", version), 1);
    }
}
