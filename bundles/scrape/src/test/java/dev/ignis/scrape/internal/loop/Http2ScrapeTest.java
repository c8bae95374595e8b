package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code enable_http2} against a Jetty server that speaks HTTP/2 wherever a client lets it: h2
 * and http/1.1 by ALPN on its TLS port, h2c (prior knowledge) and HTTP/1.1 on its clear-text
 * port. Go's transport as Prometheus configures it uses h2 over TLS only when the option is on,
 * and HTTP/1.1 in clear text either way.
 */
@Timeout(60)
class Http2ScrapeTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;
    private static Server server;
    private static int tlsPort;
    private static int plainPort;
    private static String caFile;
    /** The protocol of each request the server answered, e.g. HTTP/2.0. */
    private static final List<String> versions = new CopyOnWriteArrayList<>();

    private final MemoryStorage storage = new MemoryStorage();
    private final FakeDiscovery discovery = new FakeDiscovery();
    private final ScrapeManager manager = new ScrapeManager(discovery, storage, false, "test.example");

    @BeforeAll
    static void startServer() throws Exception {
        Path ks = dir.resolve("server.p12");
        Path ca = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storetype",
                "PKCS12", "-storepass", "secret", "-keypass", "secret");
        keytool("-exportcert", "-alias", "s", "-rfc", "-keystore", ks.toString(), "-storepass", "secret", "-file",
                ca.toString());
        caFile = ca.toString();

        server = new Server();
        HttpConfiguration plainConfig = new HttpConfiguration();
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(plainConfig),
                new HTTP2CServerConnectionFactory(plainConfig));
        plain.setHost("127.0.0.1");

        HttpConfiguration tlsConfig = new HttpConfiguration();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        tlsConfig.addCustomizer(src);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(ks.toString());
        ssl.setKeyStorePassword("secret");
        ssl.setKeyStoreType("PKCS12");
        HttpConnectionFactory h1 = new HttpConnectionFactory(tlsConfig);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(tlsConfig);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(h1.getProtocol());
        ServerConnector secure = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1);
        secure.setHost("127.0.0.1");

        server.addConnector(plain);
        server.addConnector(secure);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                versions.add(request.getConnectionMetaData().getHttpVersion().asString());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                response.write(true, ByteBuffer.wrap("a 1\n".getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
        plainPort = plain.getLocalPort();
        tlsPort = secure.getLocalPort();
    }

    private static void keytool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    @AfterEach
    void stop() {
        manager.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("https", true, "HTTP/2.0"),
                Arguments.of("https", false, "HTTP/1.1"),
                Arguments.of("http", true, "HTTP/1.1"),
                Arguments.of("http", false, "HTTP/1.1"));
    }

    @ParameterizedTest(name = "{0} enable_http2={1}")
    @MethodSource("cases")
    void enableHttp2SpeaksHttp2OnlyOverTls(String scheme, boolean enableHttp2, String want) throws Exception {
        versions.clear();
        boolean secure = scheme.equals("https");
        String addr = "127.0.0.1:" + (secure ? tlsPort : plainPort);
        Job job = new Job("j");
        job.scheme = scheme;
        job.http = new HttpClientConfig(null, null, null, "", Map.of(),
                secure ? new TlsConfig(caFile, "", "", "localhost", false, "", "") : TlsConfig.DEFAULT, true, enableHttp2);
        // A cold TLS stack takes a while for its first handshake on a busy machine.
        job.interval = Duration.ofSeconds(2);
        job.timeout = Duration.ofSeconds(2);
        manager.configChanged(Fixture.config(job.build()));
        discovery.push(Map.of(job.name, Fixture.group(addr)));
        storage.await(WAIT, "a scraped", all -> all.stream().anyMatch(s -> s.name().equals("a")));

        List<ActiveTarget> t = manager.activeTargets();
        assertEquals(1, t.size());
        assertEquals("", t.get(0).lastError());
        assertEquals(1, storage.last(Labels.of("__name__", "a", "instance", addr, "job", "j")).v());
        assertEquals(List.of(want), versions.subList(0, 1));
    }
}
