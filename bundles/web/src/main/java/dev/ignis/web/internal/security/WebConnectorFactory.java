package dev.ignis.web.internal.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import org.apache.felix.http.jetty.ConnectorFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one listening connector of Felix HTTP's Jetty, as Prometheus's listener: on
 * {@code --web.listen-address}, at most {@code --web.max-connections} connections at a time
 * (further ones wait in the accept queue, as Go's {@code netutil.LimitListener} makes them
 * wait), {@code --web.read-timeout} as the idle timeout, and TLS when the web config file asks
 * for it, with the certificate and client-auth settings read again for each new connection and
 * HTTP/2 offered by ALPN unless {@code http_server_config.http2} is false.
 *
 * <p>Felix HTTP starts Jetty only with a connector of its own, so the launcher gives it one on a
 * free loopback port, and {@link #createConnector} stops and removes every connector that is not
 * this factory's before adding its own.
 */
public final class WebConnectorFactory implements ConnectorFactory {
    private static final Logger LOG = LoggerFactory.getLogger(WebConnectorFactory.class);

    /** Request attribute: the client asked for {@code /}, outside the route prefix. */
    public static final String OUTSIDE_PREFIX = "dev.ignis.web.outsidePrefix";

    /** Name of the connectors this factory makes. */
    public static final String CONNECTOR_NAME = "ignis";

    private final String host;
    private final int port;
    private final int maxConnections;
    private final Duration readTimeout;
    private final WebConfigSource webConfig;
    private final String routePrefix;
    private final Consumer<IOException> bindFailure;

    /**
     * @param host the address to bind, {@code null} for all
     * @param webConfig the web config file, or {@code null} without {@code --web.config.file}
     * @param routePrefix Felix HTTP's context path ({@code /} or {@code /prefix})
     */
    public WebConnectorFactory(String host, int port, int maxConnections, Duration readTimeout,
            WebConfigSource webConfig, String routePrefix) {
        this(host, port, maxConnections, readTimeout, webConfig, routePrefix, e -> { });
    }

    /** @param bindFailure told when the address cannot be bound (Prometheus then exits) */
    public WebConnectorFactory(String host, int port, int maxConnections, Duration readTimeout,
            WebConfigSource webConfig, String routePrefix, Consumer<IOException> bindFailure) {
        this.host = host;
        this.port = port;
        this.maxConnections = maxConnections;
        this.readTimeout = readTimeout;
        this.webConfig = webConfig;
        this.routePrefix = routePrefix == null || routePrefix.isEmpty() ? "/" : routePrefix;
        this.bindFailure = bindFailure;
    }

    @Override
    public Connector createConnector(Server server) {
        for (Connector c : server.getConnectors()) {
            if (!CONNECTOR_NAME.equals(c.getName())) {
                try {
                    c.stop();
                } catch (Exception e) {
                    LOG.atWarn().addKeyValue("err", e.toString()).log("Cannot stop the placeholder connector");
                }
                server.removeConnector(c);
            }
        }
        return newConnector(server);
    }

    /** The connector, not yet added to {@code server} nor started. */
    public ServerConnector newConnector(Server server) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setSendDateHeader(true);
        http.setRelativeRedirectAllowed(true);
        if (!routePrefix.equals("/")) {
            // Prometheus redirects "/" to the route prefix; "/" lies outside Felix's context,
            // so it is served as the context's root, marked for RootServlet to redirect.
            String root = routePrefix + "/";
            http.addCustomizer((request, responseHeaders) -> {
                if (!"/".equals(request.getHttpURI().getPath())) {
                    return request;
                }
                Request r = Request.serveAs(request, HttpURI.build(request.getHttpURI()).path(root));
                r.setAttribute(OUTSIDE_PREFIX, Boolean.TRUE);
                return r;
            });
        }
        boolean tls = false;
        boolean http2 = false;
        if (webConfig != null) {
            try {
                WebConfig c = webConfig.config();
                tls = c.tls().enabled();
                http2 = c.http2();
            } catch (WebConfigException e) {
                // Checked at start-up; a file broken since then fails each handshake instead.
                tls = true;
            }
        }
        ServerConnector connector;
        String address = (host == null ? "" : host) + ":" + port;
        if (tls) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            // Prometheus serves whatever host name the client asked for.
            secure.setSniHostCheck(false);
            secure.setSniRequired(false);
            http.addCustomizer(secure);
            ReloadingSslContextFactory ssl = new ReloadingSslContextFactory(webConfig);
            if (http2) {
                // HTTP/2 by ALPN, as Go's server offers it over TLS; HTTP/1.1 for everyone else.
                ALPNServerConnectionFactory alpn = newAlpn();
                alpn.setDefaultProtocol("http/1.1");
                connector = new Listener(server, bindFailure, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                        new HTTP2ServerConnectionFactory(http), new HttpConnectionFactory(http));
            } else {
                connector = new Listener(server, bindFailure, new SslConnectionFactory(ssl, "http/1.1"),
                        new HttpConnectionFactory(http));
            }
            LOG.atInfo().addKeyValue("http2", http2).addKeyValue("address", address).log("TLS is enabled.");
        } else {
            connector = new Listener(server, bindFailure, new HttpConnectionFactory(http));
            LOG.atInfo().addKeyValue("http2", false).addKeyValue("address", address).log("TLS is disabled.");
        }
        connector.setName(CONNECTOR_NAME);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(readTimeout.toMillis());
        connector.addBean(new NetworkConnectionLimit(maxConnections, connector));
        return connector;
    }

    /** The server connector, reporting an address it cannot bind before failing. */
    static final class Listener extends ServerConnector {
        private final Consumer<IOException> bindFailure;

        Listener(Server server, Consumer<IOException> bindFailure, ConnectionFactory... factories) {
            super(server, factories);
            this.bindFailure = bindFailure;
        }

        @Override
        public void open() throws IOException {
            try {
                super.open();
            } catch (IOException e) {
                bindFailure.accept(e);
                throw e;
            }
        }
    }

    /**
     * Jetty finds ALPN processors with {@code ServiceLoader} through the context class loader;
     * this bundle's loader sees {@link JdkAlpnProcessor} (its {@code META-INF/services}).
     */
    private static ALPNServerConnectionFactory newAlpn() {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(WebConnectorFactory.class.getClassLoader());
        try {
            return new ALPNServerConnectionFactory("h2", "http/1.1");
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    /**
     * Jetty's SSL factory with the engine built from the web config as it is now: a new or
     * changed certificate, key, CA file or client auth type applies to the next connection, as
     * exporter-toolkit's {@code GetConfigForClient} makes it. A config that cannot be loaded
     * fails that connection's handshake.
     */
    static final class ReloadingSslContextFactory extends SslContextFactory.Server {
        private final WebConfigSource source;

        ReloadingSslContextFactory(WebConfigSource source) {
            this.source = source;
            setSniRequired(false);
            try {
                setSslContext(source.tls().context());
            } catch (WebConfigException e) {
                LOG.atError().addKeyValue("err", e.getMessage()).log("TLS configuration not usable");
            }
        }

        @Override
        public SSLEngine newSSLEngine() {
            return current().newEngine(null, -1);
        }

        @Override
        public SSLEngine newSSLEngine(String host, int port) {
            return current().newEngine(host, port);
        }

        @Override
        public SSLEngine newSSLEngine(InetSocketAddress address) {
            return address == null ? newSSLEngine() : newSSLEngine(address.getHostString(), address.getPort());
        }

        private TlsMaterial current() {
            try {
                return source.tls();
            } catch (WebConfigException e) {
                LOG.atError().addKeyValue("err", e.getMessage()).log("TLS handshake refused: web config not usable");
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }
}
