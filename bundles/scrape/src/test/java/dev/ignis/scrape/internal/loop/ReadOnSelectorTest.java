package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.client.transport.HttpDestination;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which new connections of the HTTP/1.1 client read on the selector thread: clear-text TCP ones
 * without a proxy only (a proxy may tunnel TLS over the same end point later).
 */
class ReadOnSelectorTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("http", "http", Transport.TCP_IP, false, true),
                Arguments.of("https", "https", Transport.TCP_IP, false, false),
                Arguments.of("http through a proxy", "http", Transport.TCP_IP, true, false),
                Arguments.of("https through a proxy", "https", Transport.TCP_IP, true, false),
                Arguments.of("http over another transport", "http", Transport.UDP_IP, false, false),
                Arguments.of("no destination", null, Transport.TCP_IP, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyClearTextTcpWithoutProxy(String name, String scheme, Transport transport, boolean proxy, boolean want)
            throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client());
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        if (proxy) {
            client.getProxyConfiguration().addProxy(new HttpProxy("127.0.0.1", 3128));
        }
        Map<String, Object> context = new HashMap<>();
        context.put(Transport.class.getName(), transport);
        if (scheme != null) {
            context.put(HttpClientTransport.HTTP_DESTINATION_CONTEXT_KEY,
                    new HttpDestination(client, new Origin(scheme, "127.0.0.1", 9100)));
        }
        assertEquals(want, HttpScraper.readsOnSelector(context));
    }
}
