package dev.ignis.web.internal.metrics;

import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.web.internal.api.BuildInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code prometheus_build_info{branch,goarch,goos,goversion,revision,version} 1}, labelled as
 * Prometheus 2.42 labels it (the Java runtime standing in for Go).
 */
@Component(name = "dev.ignis.web.exporter.buildinfo", service = Exporter.class)
public final class BuildInfoExporter implements Exporter {

    static final String NAME = "prometheus_build_info";
    private static final String HELP = "A metric with a constant '1' value labeled by version, revision, branch,"
            + " goversion from which prometheus was built, and the goos and goarch for the build.";

    private final Labels labels;

    @Activate
    public BuildInfoExporter(@Reference(name = "runtime") RuntimeInfo runtime, BundleContext context) {
        this(BuildInfo.of(runtime, context::getProperty));
    }

    public BuildInfoExporter(RuntimeInfo runtime) {
        this(BuildInfo.of(runtime));
    }

    public BuildInfoExporter(BuildInfo b) {
        this.labels = Labels.of("branch", b.branch(), "goarch", b.goArch(), "goos", b.goOs(),
                "goversion", b.goVersion(), "revision", b.revision(), "version", b.version());
    }

    @Override
    public void collect(MetricWriter w) {
        w.family(NAME, MetricType.GAUGE, HELP);
        w.sample(NAME, labels, 1);
    }
}
