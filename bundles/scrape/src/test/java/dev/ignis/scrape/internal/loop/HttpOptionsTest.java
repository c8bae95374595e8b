package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.Authorization;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.OAuth2;
import dev.ignis.api.config.Secret;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.scrape.ActiveTarget;
import dev.ignis.scrape.internal.loop.Fixture.FakeDiscovery;
import dev.ignis.scrape.internal.loop.Fixture.Job;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The HTTP client options of a scrape job against real HTTP and HTTPS servers. */
@Timeout(60)
class HttpOptionsTest {
    private static final Duration WAIT = Duration.ofSeconds(8);

    @TempDir
    static Path dir;
    private static SSLContext serverTls;
    private static String caFile;

    private final MemoryStorage storage = new MemoryStorage();
    private final FakeDiscovery discovery = new FakeDiscovery();
    private final ScrapeManager manager = new ScrapeManager(discovery, storage, false, "test.example");
    private ExpositionServer server;

    /** A self-signed EC certificate for localhost and 127.0.0.1, made with the JDK's keytool. */
    @BeforeAll
    static void certificate() throws Exception {
        Path ks = dir.resolve("server.p12");
        Path ca = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "s", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(), "-storetype",
                "PKCS12", "-storepass", "secret", "-keypass", "secret");
        keytool("-exportcert", "-alias", "s", "-rfc", "-keystore", ks.toString(), "-storepass", "secret", "-file",
                ca.toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "secret".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        caFile = ca.toString();
    }

    private static void keytool(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + out);
    }

    @AfterEach
    void stop() {
        manager.close();
        if (server != null) {
            server.close();
        }
        if (tokenServer != null) {
            tokenServer.stop(0);
        }
    }

    private HttpServer tokenServer;
    /** Each token request: its Authorization header (or "-") and its decoded form. */
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

    /**
     * A token endpoint that accepts client "id" with secret "s3cret" in a Basic header or, when
     * {@code formOnly}, only as form fields, and hands out "tok-N" valid for {@code expiresIn} s.
     */
    private String startTokenServer(boolean formOnly, long expiresIn, int refuseWith) throws Exception {
        tokenServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tokenServer.createContext("/token", ex -> {
            String form = URLDecoder.decode(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            tokenRequests.add((auth == null ? "-" : auth) + " " + form);
            String basic = "Basic " + Base64.getEncoder().encodeToString("id:s3cret".getBytes(StandardCharsets.UTF_8));
            boolean ok = formOnly ? form.contains("client_id=id") && form.contains("client_secret=s3cret")
                    : basic.equals(auth);
            int status = refuseWith != 0 ? refuseWith : ok ? 200 : 401;
            byte[] body = (status == 200
                    ? "{\"access_token\":\"tok-" + tokenRequests.size() + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
                            + ",\"scope\":[\"x\"]}"
                    : "{\"error\":\"invalid_client\"}").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        tokenServer.start();
        return "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/token";
    }

    private static Job oauth2Job(String tokenUrl) {
        Job job = new Job("j");
        job.http = new HttpClientConfig(null, null, new OAuth2("id", new Secret("s3cret"), "", List.of("a", "b"), tokenUrl,
                Map.of("audience", "ignis"), TlsConfig.DEFAULT, ""), "", Map.of(), TlsConfig.DEFAULT, true, true);
        return job;
    }

    private void awaitHeader(String want) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!want.equals(server.lastHeaders.getFirst("Authorization")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(want, server.lastHeaders.getFirst("Authorization"));
    }

    @Test
    void oauth2TokenFromClientCredentialsIsSentAndReused() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        ActiveTarget t = scrapeOnce(oauth2Job(startTokenServer(false, 3600, 0)), server.address(), true);
        assertEquals("", t.lastError());
        assertEquals("Bearer tok-1", server.lastHeaders.getFirst("Authorization"));
        // Several more scrapes (200 ms apart) with the same token.
        Thread.sleep(1000);
        assertEquals("Bearer tok-1", server.lastHeaders.getFirst("Authorization"));
        assertEquals(1, tokenRequests.size(), tokenRequests.toString());
        String basic = "Basic " + Base64.getEncoder().encodeToString("id:s3cret".getBytes(StandardCharsets.UTF_8));
        assertEquals(basic + " audience=ignis&grant_type=client_credentials&scope=a b", tokenRequests.get(0));
    }

    @Test
    void oauth2TokenIsFetchedAgainWhenItExpiresAndCredentialsMoveToTheFormWhenRefusedInTheHeader() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        // Valid for 5 s: within Go's 10 s expiry margin, so it is stale at once.
        scrapeOnce(oauth2Job(startTokenServer(true, 5, 0)), server.address(), true);
        // The first request (credentials in the header) was refused, the second (in the form) not.
        assertTrue(tokenRequests.get(0).startsWith("Basic "), tokenRequests.toString());
        assertTrue(tokenRequests.get(1).startsWith("- ") && tokenRequests.get(1).contains("client_secret=s3cret"),
                tokenRequests.toString());
        awaitHeader("Bearer tok-3");
        // Once the form worked, later fetches go there directly.
        assertTrue(tokenRequests.get(2).startsWith("- "), tokenRequests.toString());
    }

    @Test
    void oauth2RefusedTokenFailsTheScrapeAsPrometheusReportsIt() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        ActiveTarget t = scrapeOnce(oauth2Job(startTokenServer(false, 3600, 401)), server.address(), false);
        assertEquals("Get \"http://" + server.address() + "/metrics\": oauth2: cannot fetch token: 401 Unauthorized\n"
                + "Response: {\"error\":\"invalid_client\"}", t.lastError());
        assertEquals(null, server.lastHeaders, "the target was never asked");
    }

    /** Starts {@code job} on one target and waits for its first {@code up} sample. */
    private ActiveTarget scrapeOnce(Job job, String address, boolean up) throws Exception {
        manager.configChanged(Fixture.config(job.build()));
        discovery.push(Map.of(job.name, Fixture.group(address)));
        // Waiting for the expected outcome rather than the first scrape keeps a slow first
        // exchange on a busy machine from failing the test.
        double want = up ? 1 : 0;
        storage.await(WAIT, "up " + want, all -> all.stream().anyMatch(s -> s.name().equals("up") && s.v() == want));
        List<ActiveTarget> t = manager.activeTargets();
        assertEquals(1, t.size());
        return t.get(0);
    }

    private static TlsConfig tls(String ca, String serverName, boolean insecure) {
        return new TlsConfig(ca, "", "", serverName, insecure, "", "");
    }

    static Stream<Arguments> tlsCases() {
        return Stream.of(
                Arguments.of("trustedCa", "127.0.0.1", (Object) new String[] {"CA", "", "false"}, ""),
                Arguments.of("trustedCaServerName", "127.0.0.1", new String[] {"CA", "localhost", "false"}, ""),
                Arguments.of("insecureSkipVerify", "127.0.0.1", new String[] {"", "", "true"}, ""),
                Arguments.of("insecureSkipVerifyOtherName", "127.0.0.1", new String[] {"", "other.example", "true"}, ""),
                Arguments.of("insecureSkipVerifyTrustedCa", "127.0.0.1", new String[] {"CA", "other.example", "true"}, ""),
                Arguments.of("unknownAuthority", "127.0.0.1", new String[] {"", "", "false"},
                        "Get \"https://ADDR/metrics\": x509: certificate signed by unknown authority"),
                Arguments.of("serverNameMismatch", "127.0.0.1", new String[] {"CA", "other.example", "false"},
                        "other.example"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tlsCases")
    void tlsConfigDecidesWhichServersAreTrusted(String name, String host, String[] tls, String error) throws Exception {
        server = new ExpositionServer(serverTls);
        server.body = "a 1\n";
        String addr = host + ":" + server.address().substring(server.address().indexOf(':') + 1);
        Job job = new Job("j").http(null, tls(tls[0].equals("CA") ? caFile : "", tls[1], Boolean.parseBoolean(tls[2])), "",
                true);
        job.scheme = "https";
        // A cold TLS stack takes longer than the default test timeout for its first handshake.
        job.interval = Duration.ofSeconds(2);
        job.timeout = Duration.ofSeconds(2);
        ActiveTarget t = scrapeOnce(job, addr, error.isEmpty());
        if (error.isEmpty()) {
            assertEquals("", t.lastError());
            assertEquals(1, storage.last(Labels.of("__name__", "a", "instance", addr, "job", "j")).v());
        } else if (error.startsWith("Get")) {
            assertEquals(error.replace("ADDR", addr), t.lastError());
        } else {
            assertTrue(t.lastError().contains(error), t.lastError());
        }
    }

    /**
     * Jetty warns twice on every client start when its trust-all switch is on or the host name
     * check is off; Prometheus logs nothing for {@code insecure_skip_verify}, so neither is used.
     */
    @Test
    void insecureSkipVerifyLeavesJettysWarningSwitchesOff() {
        SslContextFactory.Client f = Tls.clientFactory(tls("", "", true));
        assertFalse(f.isTrustAll());
        assertEquals("HTTPS", f.getEndpointIdentificationAlgorithm());
        assertTrue(f.getSslContext() != null, "a context that accepts any server");
    }

    @Test
    void unreadableCaFileFailsThePoolAndTheReloadButNotOtherJobs() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        String missing = dir.resolve("missing-ca.pem").toString();
        Job bad = new Job("bad").http(null, tls(missing, "", false), "", true);
        ConfigException e = assertThrows(ConfigException.class,
                () -> manager.configChanged(Fixture.config(bad.build(), new Job("good").build())));
        assertEquals("scrape pool bad: unable to load specified CA cert " + missing + ": open " + missing
                + ": no such file or directory", e.getMessage());
        assertEquals(List.of("good"), manager.scrapePools());
    }

    @Test
    void bearerTokenFileIsReadOnEveryScrape() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        Path token = dir.resolve("token");
        Files.writeString(token, "first\n");
        ActiveTarget t = scrapeOnce(new Job("j").http(new Authorization("Bearer", Secret.EMPTY, token.toString()),
                TlsConfig.DEFAULT, "", true), server.address(), true);
        assertEquals("", t.lastError());
        assertEquals("Bearer first", server.lastHeaders.getFirst("Authorization"));
        Files.writeString(token, "second");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!"Bearer second".equals(server.lastHeaders.getFirst("Authorization")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("Bearer second", server.lastHeaders.getFirst("Authorization"));
    }

    @Test
    void unauthorizedWithoutAChallengeIsAPlainStatus() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        server.status = 401;
        Job job = new Job("j");
        // Room for a cold client on a busy machine: a timeout is the failure this test is about.
        job.interval = Duration.ofSeconds(2);
        job.timeout = Duration.ofSeconds(2);
        ActiveTarget t = scrapeOnce(job, server.address(), false);
        assertEquals("server returned HTTP status 401 Unauthorized", t.lastError());
    }

    static Stream<Arguments> hostCases() {
        return Stream.of(
                Arguments.of("http", false, false, false, "127.0.0.1:PORT"),
                Arguments.of("https over HTTP/1.1 (enable_http2 false)", true, false, false, "127.0.0.1:PORT"),
                Arguments.of("https with enable_http2, HTTP/1.1 by ALPN", true, true, false, "127.0.0.1:PORT"),
                Arguments.of("redirected to another host name", false, false, true, "localhost:PORT"));
    }

    /**
     * The Host header of the request that got the body names the URL's host and port, as Go
     * sends it: the target's, or after a redirect the new URL's (the scrape loop makes the
     * target's once; it must not follow the request through a redirect).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostCases")
    void hostHeaderNamesTheRequestedUrlsHostAndPort(String name, boolean https, boolean http2, boolean redirect, String want)
            throws Exception {
        server = https ? new ExpositionServer(serverTls) : new ExpositionServer();
        server.body = "a 1\n";
        String port = Integer.toString(server.port());
        if (redirect) {
            server.redirectTo = "http://localhost:" + port + "/elsewhere";
        }
        Job job = new Job("j");
        job.http = new HttpClientConfig(null, null, null, "", Map.of(), https ? tls(caFile, "", false) : TlsConfig.DEFAULT, true,
                http2);
        job.scheme = https ? "https" : "http";
        job.interval = Duration.ofSeconds(2);
        job.timeout = Duration.ofSeconds(2);
        ActiveTarget t = scrapeOnce(job, server.address(), true);
        assertEquals("", t.lastError());
        assertEquals(List.of(want.replace("PORT", port)), server.servedHeaders.get("Host"));
    }

    @Test
    void redirectsAreFollowedOnlyWhenAllowed() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        server.redirectTo = "/elsewhere";
        ActiveTarget t = scrapeOnce(new Job("j").http(null, TlsConfig.DEFAULT, "", false), server.address(), false);
        assertEquals("server returned HTTP status 302 Found", t.lastError());
        manager.configChanged(Fixture.config(new Job("j").build()));
        Labels a = Labels.of("__name__", "a", "instance", server.address(), "job", "j");
        storage.await(WAIT, "a scrape through the redirect", all -> all.stream().anyMatch(s -> s.labels().equals(a)));
    }

    @Test
    void proxyConnectHeaderGoesWithTheConnectThatTunnelsToAnHttpsTarget() throws Exception {
        server = new ExpositionServer(serverTls);
        server.body = "a 1\n";
        List<String> connectRequests = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket proxy = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> tunnel(proxy, connectRequests));
            acceptor.setDaemon(true);
            acceptor.start();
            Job job = new Job("j");
            job.http = new HttpClientConfig(null, null, null, "http://127.0.0.1:" + proxy.getLocalPort(),
                    Map.of("X-Proxy-Token", List.of(new Secret("t1"), new Secret("t2"))), tls(caFile, "", false), true, true);
            job.scheme = "https";
            job.interval = Duration.ofSeconds(2);
            job.timeout = Duration.ofSeconds(2);
            ActiveTarget t = scrapeOnce(job, server.address(), true);
            assertEquals("", t.lastError());
        }
        String connect = connectRequests.get(0);
        assertTrue(connect.startsWith("CONNECT " + server.address() + " HTTP/1.1\r\n"), connect);
        assertTrue(connect.contains("\r\nX-Proxy-Token: t1\r\n") && connect.contains("\r\nX-Proxy-Token: t2\r\n"), connect);
    }

    /** A proxy that answers CONNECT and relays bytes both ways; records each CONNECT's head. */
    private static void tunnel(java.net.ServerSocket proxy, List<String> heads) {
        while (!proxy.isClosed()) {
            try {
                java.net.Socket in = proxy.accept();
                InputStream is = in.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = is.read();
                    if (b < 0) {
                        break;
                    }
                    head.append((char) b);
                }
                heads.add(head.toString());
                String target = head.toString().split(" ")[1];
                int colon = target.lastIndexOf(':');
                java.net.Socket out = new java.net.Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
                in.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                relay(is, out.getOutputStream());
                relay(out.getInputStream(), in.getOutputStream());
            } catch (java.io.IOException e) {
                return;
            }
        }
    }

    private static void relay(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (java.io.IOException e) {
                // The other side closed.
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void proxyUrlSendsRequestsThroughTheProxy() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        ActiveTarget t = scrapeOnce(new Job("j").http(null, TlsConfig.DEFAULT, "http://" + server.address(), true),
                "exporter.invalid:9100", true);
        assertEquals("", t.lastError());
        assertEquals("http://exporter.invalid:9100/metrics", server.lastUri);
    }

    static Stream<Arguments> timeoutCases() {
        return Stream.of(
                Arguments.of("http", false, false, false),
                Arguments.of("redirected, then slow", false, false, true),
                Arguments.of("https over HTTP/1.1", true, false, false),
                Arguments.of("https with enable_http2", true, true, false));
    }

    /**
     * An exchange that overruns the scrape timeout ends at the timeout as Prometheus reports it,
     * on either client and after a redirect too (the loops' timer aborts the request; Jetty
     * gets no timeout of its own).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("timeoutCases")
    void scrapeTimeoutEndsAnExchangeThatOverrunsIt(String name, boolean https, boolean http2, boolean redirect)
            throws Exception {
        server = https ? new ExpositionServer(serverTls) : new ExpositionServer();
        server.body = "a 1\n";
        server.delayMs = 5000;
        if (redirect) {
            server.redirectTo = "/elsewhere";
        }
        Job job = new Job("j");
        job.http = new HttpClientConfig(null, null, null, "", Map.of(), https ? tls(caFile, "", false) : TlsConfig.DEFAULT, true,
                http2);
        job.scheme = https ? "https" : "http";
        job.interval = Duration.ofSeconds(2);
        job.timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        ActiveTarget t = scrapeOnce(job, server.address(), false);
        String scheme = https ? "https" : "http";
        assertEquals("Get \"" + scheme + "://" + server.address() + "/metrics\": context deadline exceeded", t.lastError());
        assertTrue(t.lastScrapeDuration().toMillis() < 2000, "scrape took " + t.lastScrapeDuration());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "no scrape ended before the server answered");
    }

    /**
     * A request puts no task on Jetty's scheduler: Jetty's own timeout would schedule one for
     * the destination and one for the connection per request, each waking its thread at the
     * deadline.
     */
    @Test
    void requestsScheduleNothingOnJettysScheduler() throws Exception {
        server = new ExpositionServer();
        server.body = "a 1\n";
        List<Long> delaysMs = new CopyOnWriteArrayList<>();
        org.eclipse.jetty.util.thread.ScheduledExecutorScheduler jettyTimer =
                new org.eclipse.jetty.util.thread.ScheduledExecutorScheduler("test-jetty-timer", true) {
                    @Override
                    public Task schedule(Runnable task, long delay, TimeUnit unit) {
                        delaysMs.add(unit.toMillis(delay));
                        return super.schedule(task, delay, unit);
                    }
                };
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(8, 2);
        java.util.concurrent.ScheduledThreadPoolExecutor deadlines = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        deadlines.setRemoveOnCancelPolicy(true);
        jettyTimer.start();
        pool.start();
        HttpScraper http = new HttpScraper(HttpClientConfig.DEFAULT, pool, jettyTimer, deadlines);
        try {
            HttpScraper.Target target = new HttpScraper.Target(java.net.URI.create("http://" + server.address() + "/metrics"),
                    7_300);
            Body body = new Body();
            for (int i = 0; i < 5; i++) {
                java.util.concurrent.CompletableFuture<Throwable> done = new java.util.concurrent.CompletableFuture<>();
                body.reset(0, f -> done.complete(f == null ? new Throwable("ok") : f), new byte[64]);
                http.scrape(target, body);
                assertEquals("ok", done.get(10, TimeUnit.SECONDS).getMessage());
                assertEquals("a 1\n", new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8));
            }
            // Jetty schedules per connection (connect and idle timeouts) and its destination
            // sweeper; nothing at the scrape timeout.
            assertTrue(delaysMs.stream().noneMatch(d -> d > 7_000 && d <= 7_300), "Jetty scheduled " + delaysMs);
            assertEquals(0, deadlines.getQueue().size(), "timeouts of finished exchanges left on the timer");
        } finally {
            http.close();
            deadlines.shutdownNow();
            pool.stop();
            jettyTimer.stop();
        }
    }
}
