package dev.ignis.scrape.internal.loop;

import java.io.IOException;
import java.util.Map;
import org.eclipse.jetty.alpn.java.client.JDK9ClientALPNProcessor;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.NegotiatingClientConnection;

/**
 * The transport of a job with {@code enable_http2: true}, speaking as Go's transport does once
 * prometheus/common has configured HTTP/2 on it: over TLS it offers {@code h2} then
 * {@code http/1.1} by ALPN and speaks what the target picks; in clear text it speaks HTTP/1.1
 * only (Go never sends h2c, not even to a server that would accept it). A TLS server that
 * answers without ALPN gets HTTP/1.1 too, where Jetty would try its first protocol, h2.
 */
final class Http2Transport extends HttpClientTransportDynamic {
    /*
     * Jetty's ALPN factory looks its JDK processor up with ServiceLoader on the thread's context
     * class loader. Under OSGi only the loader of the jetty-alpn-java-client bundle sees that
     * registration (no SPI Fly here), and connections open on pool threads whose context loader
     * is whatever created them.
     */
    private static final ClassLoader ALPN_PROVIDERS = JDK9ClientALPNProcessor.class.getClassLoader();

    Http2Transport(ClientConnector connector, long idleTimeoutMs) {
        super(connector, new ClientConnectionFactoryOverHTTP2.HTTP2(http2Client(connector, idleTimeoutMs)),
                HttpClientConnectionFactory.HTTP11);
    }

    private static HTTP2Client http2Client(ClientConnector connector, long idleTimeoutMs) {
        HTTP2Client c = new HTTP2Client(connector);
        c.setIdleTimeout(idleTimeoutMs);
        return c;
    }

    @Override
    public Origin newOrigin(Request request) {
        if (!HttpScheme.isSecure(request.getScheme())) {
            // Without this Jetty would pick the first protocol usable in clear text: h2c.
            request.version(HttpVersion.HTTP_1_1);
        }
        return super.newOrigin(request);
    }

    @Override
    public Connection newConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(ALPN_PROVIDERS);
        try {
            return super.newConnection(endPoint, context);
        } finally {
            t.setContextClassLoader(previous);
        }
    }

    @Override
    protected Connection newNegotiatedConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
        if (((NegotiatingClientConnection) endPoint.getConnection()).getProtocol() != null) {
            return super.newNegotiatedConnection(endPoint, context);
        }
        try {
            return HttpClientConnectionFactory.HTTP11.getClientConnectionFactory().newConnection(endPoint, context);
        } catch (Throwable failure) {
            connectFailed(context, failure);
            throw failure;
        }
    }
}
