package dev.ignis.config.internal;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.ConfigListener;
import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.config.parser.ConfigParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the file named by flag {@code config.file} and registers {@link ConfigSource} once
 * it has loaded. Tracks {@link ConfigListener} services. When the first load fails the error
 * is logged and, if framework property {@value #EXIT_ON_ERROR} is {@code true}, the framework
 * is stopped with system property {@value #EXIT_CODE} set to 1 (the launcher exits with it,
 * as Prometheus exits on a bad config at start).
 */
// ConfigSource is registered by hand (only after a successful load), so DS cannot declare it.
@Capability(namespace = "osgi.service",
        attribute = "objectClass:List<String>=\"dev.ignis.api.config.ConfigSource\"", uses = ConfigSource.class)
@Component(name = "dev.ignis.config.source", immediate = true, service = {})
public final class ConfigSourceComponent {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSourceComponent.class);

    /** Framework property: stop the framework when the first load fails. */
    public static final String EXIT_ON_ERROR = "ignis.exit.on.config.error";
    /** System property read by the launcher after the framework stops. */
    public static final String EXIT_CODE = "ignis.exit.code";
    /** Feature that expands environment variables in external labels. */
    static final String EXPAND_EXTERNAL_LABELS = "expand-external-labels";

    private final ConfigManager manager;
    private final ServiceRegistration<ConfigSource> registration;

    @Activate
    public ConfigSourceComponent(BundleContext context, @Reference(name = "runtime") RuntimeInfo runtime) {
        this(context, runtime, Clock.systemUTC());
    }

    ConfigSourceComponent(BundleContext context, RuntimeInfo runtime, Clock clock) {
        String flag = runtime.flag("config.file");
        Path file = Path.of(flag.isEmpty() ? "prometheus.yml" : flag);
        ConfigParser.Options options = ConfigParser.Options.defaults()
                .withAgentMode(runtime.agentMode())
                .withExpandExternalLabels(runtime.features().contains(EXPAND_EXTERNAL_LABELS));
        this.manager = new ConfigManager(file, options, clock);
        ServiceRegistration<ConfigSource> reg = null;
        try {
            manager.reload();
            reg = context.registerService(ConfigSource.class, manager, new Hashtable<>());
        } catch (ConfigException e) {
            LOG.atError().addKeyValue("file", file.toAbsolutePath()).addKeyValue("err", e.getMessage())
                    .log("Error loading config (--config.file=" + flag + ")");
            if (Boolean.parseBoolean(context.getProperty(EXIT_ON_ERROR))) {
                System.setProperty(EXIT_CODE, "1");
                try {
                    // Stopping the system bundle returns at once; shutdown runs on its own thread.
                    context.getBundle(0).stop();
                } catch (BundleException | IllegalStateException | SecurityException ex) {
                    LOG.atError().addKeyValue("err", ex.getMessage()).log("Cannot stop the framework");
                }
            }
        }
        this.registration = reg;
    }

    /** The manager behind the service (for tests). */
    ConfigManager manager() {
        return manager;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeListener")
    void addListener(ConfigListener listener, Map<String, Object> properties) {
        Object ranking = properties.get(Constants.SERVICE_RANKING);
        manager.addListener(listener, ranking instanceof Integer i ? i : 0);
    }

    void removeListener(ConfigListener listener) {
        manager.removeListener(listener);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already unregistered while the bundle stopped
            }
        }
    }
}
