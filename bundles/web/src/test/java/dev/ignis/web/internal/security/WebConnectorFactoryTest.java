package dev.ignis.web.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.net.Socket;
import java.security.Principal;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import dev.ignis.web.internal.Fakes;
import dev.ignis.web.internal.ServerState;
import dev.ignis.web.internal.http.HttpMetrics;
import dev.ignis.web.internal.http.RootServlet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The listening connector and the auth filter on a real Jetty: TLS handshakes for each client
 * auth type with a trusted, an untrusted and no client certificate; basic auth; a web config
 * changed while serving; the connection limit.
 */
class WebConnectorFactoryTest {

    @TempDir
    Path dir;
    private Path webYml;
    private Server server;
    private int port;

    @BeforeEach
    void certificates() throws IOException {
        WebConfigTest.copyTls(dir);
        webYml = dir.resolve("web.yml");
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private void start(String yaml, int maxConnections) throws Exception {
        WebConfigSource source = null;
        if (yaml != null) {
            Files.writeString(webYml, yaml);
            WebConfigSource.validate(webYml);
            source = new WebConfigSource(webYml);
        }
        server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("text/plain");
                resp.getWriter().write("hello " + req.getScheme());
            }
        }), "/*");
        if (source != null) {
            context.addFilter(new FilterHolder(new BasicAuthFilter(source)), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        WebConnectorFactory factory = new WebConnectorFactory("127.0.0.1", 0, maxConnections, Duration.ofMinutes(5), source, "/");
        server.start();
        // As Felix HTTP does: the factory's connector joins a started server.
        ServerConnector connector = (ServerConnector) factory.createConnector(server);
        server.addConnector(connector);
        connector.start();
        port = connector.getLocalPort();
    }

    private static X509Certificate cert(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client trusting the test CA, presenting {@code clientName}.crt/.key unless null. */
    private HttpClient client(String clientName) throws Exception {
        return client(clientName, HttpClient.Version.HTTP_1_1);
    }

    private HttpClient client(String clientName, HttpClient.Version version) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", cert(dir.resolve("ca.crt")));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientName != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            PrivateKey key = TlsMaterial.parseKey(TlsMaterial.pemBlocks(Files.readAllBytes(dir.resolve(clientName + ".key")))
                    .get(0).der());
            ks.setKeyEntry("client", key, "x".toCharArray(), new X509Certificate[] {cert(dir.resolve(clientName + ".crt"))});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        KeyManager[] km = null;
        if (kmf != null) {
            // Offer the certificate whoever the server names as acceptable issuers (as curl does):
            // Java's own choice would keep a stranger's certificate back.
            X509ExtendedKeyManager inner = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            km = new KeyManager[] {new AlwaysOffer(inner)};
        }
        ctx.init(km, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(version)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> get(HttpClient client, String scheme, String... headers) throws Exception {
        return getPath(client, scheme, "/x", headers);
    }

    private HttpResponse<String> getPath(HttpClient client, String scheme, String path, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tls(String cert, String key, String extra) {
        return "tls_server_config:\n  cert_file: " + cert + "\n  key_file: " + key + "\n" + extra;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "server-rsa.crt, server-rsa-pkcs1.key",
        "server-rsa.crt, server-rsa-pkcs8.key",
        "server-ec.crt, server-ec.key",
    })
    void servesHttpsWithThePemKeyPair(String cert, String key) throws Exception {
        start(tls(cert, key, ""), 512);
        HttpResponse<String> r = get(client(null), "https");
        assertEquals(200, r.statusCode());
        assertEquals("hello https", r.body());
        assertThrows(IOException.class, () -> get(HttpClient.newHttpClient(), "http"));
    }

    @ParameterizedTest(name = "http2: {0}")
    @CsvSource({"'', HTTP_2", "'http_server_config:\\n  http2: true\\n', HTTP_2", "'http_server_config:\\n  http2: false\\n', HTTP_1_1"})
    void http2IsOfferedByAlpnUnlessTurnedOff(String http, String expected) throws Exception {
        start(tls("server-ec.crt", "server-ec.key", "") + http.replace("\\n", "\n"), 512);
        HttpResponse<String> r = get(client(null, HttpClient.Version.HTTP_2), "https");
        assertEquals(200, r.statusCode());
        assertEquals("hello https", r.body());
        assertEquals(HttpClient.Version.valueOf(expected), r.version());
        // A client without ALPN-negotiated HTTP/2 still gets HTTP/1.1.
        assertEquals(HttpClient.Version.HTTP_1_1, get(client(null), "https").version());
    }

    // client: "client" is signed by the configured CA, "stranger" is self-signed, "-" sends none.
    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource({
        "NoClientCert,               -,        ok",
        "NoClientCert,               stranger, ok",
        "RequestClientCert,          -,        ok",
        "RequestClientCert,          stranger, ok",
        "RequireAnyClientCert,       -,        refused",
        "RequireAnyClientCert,       stranger, ok",
        "VerifyClientCertIfGiven,    -,        ok",
        "VerifyClientCertIfGiven,    client,   ok",
        "VerifyClientCertIfGiven,    stranger, refused",
        "RequireAndVerifyClientCert, -,        refused",
        "RequireAndVerifyClientCert, client,   ok",
        "RequireAndVerifyClientCert, stranger, refused",
    })
    void clientAuthTypes(String type, String client, String outcome) throws Exception {
        String ca = type.contains("Verify") ? "  client_ca_file: ca.crt\n" : "";
        start(tls("server-rsa.crt", "server-rsa-pkcs8.key", "  client_auth_type: " + type + "\n" + ca), 512);
        HttpClient c = client(client.equals("-") ? null : client);
        if (outcome.equals("ok")) {
            assertEquals(200, get(c, "https").statusCode());
        } else {
            assertThrows(IOException.class, () -> get(c, "https"));
        }
    }

    @Test
    void basicAuthAsExporterToolkit() throws Exception {
        start("basic_auth_users:\n  alice: " + WebConfigTest.ALICE + "\n  bob: " + WebConfigTest.BOB
                + "\nhttp_server_config:\n  headers:\n    X-Frame-Options: deny\n", 512);
        HttpClient c = HttpClient.newHttpClient();
        HttpResponse<String> none = get(c, "http");
        assertEquals(401, none.statusCode());
        assertEquals("Unauthorized\n", none.body());
        assertEquals("Basic", none.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("deny", none.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(401, get(c, "http", "Authorization", basic("alice", "wrong")).statusCode());
        assertEquals(401, get(c, "http", "Authorization", basic("mallory", "secret")).statusCode());
        assertEquals(401, get(c, "http", "Authorization", "Bearer secret").statusCode());
        HttpResponse<String> ok = get(c, "http", "Authorization", basic("alice", "secret"));
        assertEquals(200, ok.statusCode());
        assertEquals("hello http", ok.body());
        assertEquals("deny", ok.headers().firstValue("X-Frame-Options").orElse(""));
        assertEquals(200, get(c, "http", "Authorization", basic("bob", "other pass")).statusCode());
        // cached answer, same result
        assertEquals(200, get(c, "http", "Authorization", basic("alice", "secret")).statusCode());
    }

    @Test
    void changedFileAppliesWithoutRestart() throws Exception {
        start(tls("server-rsa.crt", "server-rsa-pkcs8.key", "basic_auth_users:\n  alice: " + WebConfigTest.ALICE + "\n")
                .replace("basic_auth_users", "basic_auth_users"), 512);
        // The users block must sit at the top level, not inside tls_server_config.
        Files.writeString(webYml, tls("server-rsa.crt", "server-rsa-pkcs8.key", "") + "basic_auth_users:\n  alice: "
                + WebConfigTest.ALICE + "\n");
        bump(webYml);
        HttpClient anon = client(null);
        assertEquals(401, get(anon, "https").statusCode());
        assertEquals(200, get(anon, "https", "Authorization", basic("alice", "secret")).statusCode());

        // Require a verified client certificate from now on: new connections need one.
        Files.writeString(webYml, tls("server-rsa.crt", "server-rsa-pkcs8.key",
                "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n"));
        bump(webYml);
        assertThrows(IOException.class, () -> get(client(null), "https"));
        assertEquals(200, get(client("client"), "https").statusCode());

        // A broken file: requests on new connections fail, and plain requests answer 500.
        Files.writeString(webYml, "nonsense: [");
        bump(webYml);
        assertThrows(IOException.class, () -> get(client("client"), "https"));
    }

    @Test
    void unreadableConfigIsInternalServerError() throws Exception {
        start("basic_auth_users:\n  alice: " + WebConfigTest.ALICE + "\n", 512);
        Files.writeString(webYml, "nonsense: [");
        bump(webYml);
        HttpResponse<String> r = get(HttpClient.newHttpClient(), "http", "Authorization", basic("alice", "secret"));
        assertEquals(500, r.statusCode());
        assertEquals("Internal Server Error\n", r.body());
    }

    @Test
    void connectionsBeyondTheLimitWaitUntilOneCloses() throws Exception {
        start(null, 1);
        Socket first = new Socket();
        try (Socket second = new Socket()) {
            first.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            assertTrue(request(first, 5000).startsWith("HTTP/1.1 200"));
            second.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            assertThrows(SocketTimeoutException.class, () -> request(second, 700));
            closeQuietly(first);
            second.setSoTimeout(5000);
            String rest = new String(second.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200", rest);
        } finally {
            closeQuietly(first);
        }
    }

    private static void closeQuietly(Socket s) throws IOException {
        if (!s.isClosed()) {
            s.close();
        }
    }

    private static String request(Socket s, int timeoutMs) throws IOException {
        s.setSoTimeout(timeoutMs);
        OutputStream out = s.getOutputStream();
        out.write("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        byte[] buf = new byte[12];
        int n = s.getInputStream().readNBytes(buf, 0, 12);
        return new String(buf, 0, n, StandardCharsets.US_ASCII);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Moves the modification time on, so a rewrite within the clock's resolution is noticed. */
    private static void bump(Path file) throws IOException {
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000
                + (long) (Math.random() * 1000)));
    }

    /** A client key manager that always presents its one certificate. */
    private static final class AlwaysOffer extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager inner;

        AlwaysOffer(X509ExtendedKeyManager inner) {
            this.inner = inner;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return inner.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return inner.getPrivateKey(alias);
        }
    }

    // What Prometheus 2.42 answered with --web.external-url=http://example.com:1234/prom/ (the
    // route prefix is the URL's path): / 302 to /prom, /prom 301 to /prom/, /prom/ 302 to the
    // home page under the external path, anything outside the prefix 404.
    @Test
    void routePrefixRedirectsAsPrometheus() throws Exception {
        Fakes.Runtime runtime = new Fakes.Runtime().flag("web.external-url", "http://example.com:1234/prom/");
        server = new Server();
        ServletContextHandler context = new ServletContextHandler("/prom");
        context.addServlet(new ServletHolder(new RootServlet(new ServerState(runtime), new HttpMetrics())), "/");
        server.setHandler(context);
        server.start();
        ServerConnector connector = new WebConnectorFactory("127.0.0.1", 0, 512, Duration.ofMinutes(5), null, "/prom")
                .newConnector(server);
        server.addConnector(connector);
        connector.start();
        port = connector.getLocalPort();
        HttpClient c = HttpClient.newHttpClient();
        HttpResponse<String> root = getPath(c, "http", "/");
        assertEquals(302, root.statusCode());
        assertEquals("/prom", root.headers().firstValue("Location").orElse(""));
        assertEquals("<a href=\"/prom\">Found</a>.\n\n", root.body());
        HttpResponse<String> bare = getPath(c, "http", "/prom");
        assertTrue(bare.statusCode() == 301 || bare.statusCode() == 302, "status " + bare.statusCode());
        assertTrue(bare.headers().firstValue("Location").orElse("").endsWith("/prom/"), bare.headers().toString());
        HttpResponse<String> home = getPath(c, "http", "/prom/");
        assertEquals(302, home.statusCode());
        assertEquals("/prom/graph", home.headers().firstValue("Location").orElse(""));
        assertEquals(404, getPath(c, "http", "/graph").statusCode());
        assertEquals(404, getPath(c, "http", "/api/v1/status/buildinfo").statusCode());
    }

    @Test
    void aTakenAddressIsReportedForTheProcessToExit() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            server = new Server();
            server.setHandler(new ServletContextHandler("/"));
            server.start();
            java.util.List<IOException> reported = new java.util.ArrayList<>();
            ServerConnector connector = new WebConnectorFactory("127.0.0.1", taken.getLocalPort(), 512,
                    Duration.ofMinutes(5), null, "/", reported::add).newConnector(server);
            server.addConnector(connector);
            assertThrows(IOException.class, connector::start);
            assertEquals(1, reported.size());
            assertEquals("address already in use", WebServerComponent.bindMessage(reported.get(0)));
        }
    }
}
