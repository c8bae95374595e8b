package dev.ignis.web.internal.security;

import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.web.internal.text.GoDurations;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts Prometheus's listener in front of the servlets. With {@code --web.config.file} it checks
 * the file first as Prometheus does before it serves ({@code Unable to validate web
 * configuration file}, and under the launcher the process exits with status 1) and registers
 * {@link BasicAuthFilter} on every servlet context. When framework property
 * {@value #CONNECTOR_PROPERTY} is {@code web} (the launcher sets it) it registers the
 * {@link WebConnectorFactory} that serves {@code --web.listen-address} with
 * {@code --web.max-connections}, {@code --web.read-timeout} and the config's TLS.
 */
@Component(name = "dev.ignis.web.server", immediate = true, service = {})
public final class WebServerComponent {
    private static final Logger LOG = LoggerFactory.getLogger(WebServerComponent.class);

    /** Framework property: {@code web} when this bundle owns the listening connector. */
    public static final String CONNECTOR_PROPERTY = "ignis.http.connector";
    /** Framework property (shared with the config bundle): exit when the start-up check fails. */
    static final String EXIT_ON_ERROR = "ignis.exit.on.config.error";
    static final String FILTER_NAME = "ignis-web-config";

    private ServiceRegistration<?> filter;
    private ServiceRegistration<?> connector;

    @Activate
    public WebServerComponent(BundleContext context, @Reference(name = "runtime") RuntimeInfo runtime) {
        String file = runtime.flag("web.config.file");
        WebConfigSource source = null;
        if (!file.isEmpty()) {
            Path path = Path.of(file);
            try {
                WebConfigSource.validate(path);
            } catch (WebConfigException e) {
                LOG.atError().addKeyValue("err", e.getMessage()).log("Unable to validate web configuration file");
                exit(context);
                return;
            }
            source = new WebConfigSource(path);
            Hashtable<String, Object> props = new Hashtable<>();
            props.put("osgi.http.whiteboard.filter.name", FILTER_NAME);
            props.put("osgi.http.whiteboard.filter.pattern", "/*");
            props.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=*)");
            props.put("service.ranking", Integer.MAX_VALUE);
            filter = context.registerService(Filter.class, new BasicAuthFilter(source), props);
        }
        if ("web".equals(context.getProperty(CONNECTOR_PROPERTY))) {
            connector = ConnectorRegistration.register(context, runtime, source);
        }
    }

    /** Stops the framework with exit status 1 under the launcher ({@value #EXIT_ON_ERROR}). */
    static void exit(BundleContext context) {
        if (Boolean.parseBoolean(context.getProperty(EXIT_ON_ERROR))) {
            System.setProperty("ignis.exit.code", "1");
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException | SecurityException ex) {
                LOG.atError().addKeyValue("err", ex.getMessage()).log("Cannot stop the framework");
            }
        }
    }

    /** Go's wording of the usual bind errors. */
    static String bindMessage(java.io.IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("already in use")) {
                return "address already in use";
            }
        }
        return String.valueOf(e.getMessage());
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : new ServiceRegistration<?>[] {connector, filter}) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
    }

    /** Kept apart so that Jetty's classes load only when the connector is ours. */
    static final class ConnectorRegistration {
        private ConnectorRegistration() {
        }

        static ServiceRegistration<?> register(BundleContext context, RuntimeInfo runtime, WebConfigSource source) {
            String listen = runtime.flag("web.listen-address");
            int colon = listen.lastIndexOf(':');
            String host = colon < 0 ? "" : listen.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.equals("0.0.0.0") || host.equals("::")) {
                host = "";
            }
            int port = Integer.parseInt(listen.substring(colon + 1));
            int max = parseInt(runtime.flag("web.max-connections"), 512);
            String timeout = runtime.flag("web.read-timeout");
            Duration readTimeout = Duration.ofMillis(timeout.isEmpty() ? 300_000 : GoDurations.parseDurationMillis(timeout));
            WebConnectorFactory factory = new WebConnectorFactory(host.isEmpty() ? null : host, port, max, readTimeout,
                    source, context.getProperty("org.apache.felix.http.context_path"), e -> {
                        // Prometheus: "Unable to start web listener", exit status 1.
                        LOG.atError().addKeyValue("err", "listen tcp " + listen + ": bind: " + bindMessage(e))
                                .log("Unable to start web listener");
                        exit(context);
                    });
            return context.registerService(org.apache.felix.http.jetty.ConnectorFactory.class, factory, new Hashtable<>());
        }

        private static int parseInt(String s, int def) {
            try {
                return s.isEmpty() ? def : Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return def;
            }
        }
    }
}
