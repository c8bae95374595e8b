package dev.ignis.web.internal.security;

import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * ALPN for Jetty's server connections through the JDK's own TLS engine (Java 9+), which Felix
 * HTTP's Jetty bundle lacks: during the handshake the engine asks for a protocol, and the
 * {@link ALPNServerConnection} picks one of the client's ({@code h2} or {@code http/1.1}); a
 * client that offered no ALPN at all gets the default protocol. Found by Jetty through
 * {@code META-INF/services}, with this bundle's class loader as context class loader while the
 * connector is built (see {@link WebConnectorFactory}).
 */
public final class JdkAlpnProcessor implements ALPNProcessor.Server {

    @Override
    public boolean appliesTo(SSLEngine engine) {
        return engine.getClass().getName().startsWith("sun.security.ssl.");
    }

    @Override
    public void configure(SSLEngine engine, Connection connection) {
        ALPNServerConnection alpn = (ALPNServerConnection) connection;
        Negotiation n = new Negotiation(alpn);
        engine.setHandshakeApplicationProtocolSelector(n);
        if (alpn.getEndPoint() instanceof SslConnection.SslEndPoint ssl) {
            ssl.getSslConnection().addHandshakeListener(n);
        }
    }

    /** Picks the protocol during the handshake; falls back to the default when none was asked. */
    private static final class Negotiation implements BiFunction<SSLEngine, List<String>, String>, SslHandshakeListener {
        private final ALPNServerConnection connection;

        Negotiation(ALPNServerConnection connection) {
            this.connection = connection;
        }

        @Override
        public String apply(SSLEngine engine, List<String> offered) {
            try {
                connection.select(offered);
                return connection.getProtocol();
            } catch (RuntimeException e) {
                // No protocol in common: the handshake fails with no_application_protocol.
                return null;
            }
        }

        @Override
        public void handshakeSucceeded(Event event) {
            String negotiated = connection.getSSLEngine().getApplicationProtocol();
            if (negotiated == null || negotiated.isEmpty()) {
                connection.unsupported();
            }
        }
    }
}
