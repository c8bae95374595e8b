package dev.ignis.launcher;

import static dev.ignis.launcher.ProcessWaits.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built bin/ignis with {@code --web.config.file}: TLS with a verified client certificate
 * and basic auth on every endpoint, HTTP/2 by ALPN, a changed file applied without restart, a real Prometheus
 * 2.42 scraping it through both, and start-up refusal of bad files (checked against the real
 * {@code promtool check web-config} too).
 */
class WebSecurityIT {

    private static final Path DIST = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
    // bcrypt of "secret" (cost 4) and of "other pass" (cost 5)
    private static final String ALICE = "$2y$04$1zIsiAtaqafH76ENCrXjO.jDJlcBmulo8zCZ67zCKLtlwaprzOvCu";
    private static final String BOB = "$2a$05$TDuxrB3zkJY7o2e1OLyBBunsqphBnRMgTxGVvTaWGWq9s932vElbq";
    private static final String TLS = "tls_server_config:\n  cert_file: server-rsa.crt\n  key_file: server-rsa-pkcs1.key\n"
            + "  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n";

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private int port;

    @BeforeEach
    void files() throws IOException {
        for (String f : List.of("ca.crt", "client.crt", "client.key", "server-rsa.crt", "server-rsa-pkcs1.key",
                "server-ec.crt", "server-ec.key", "stranger.crt", "stranger.key")) {
            try (InputStream in = WebSecurityIT.class.getResourceAsStream("/tls/" + f)) {
                Files.write(work.resolve(f), in.readAllBytes());
            }
        }
        Files.writeString(work.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private Process start(String... extraArgs) throws IOException {
        port = freePort();
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/ignis").toString(),
                "--web.listen-address=127.0.0.1:" + port, "--web.config.file=web.yml"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile()).start();
        processes.add(p);
        return p;
    }

    @Test
    void tlsWithClientCertificateAndBasicAuthGuardEveryEndpoint() throws Exception {
        Files.writeString(work.resolve("web.yml"), TLS + "basic_auth_users:\n  alice: " + ALICE + "\n");
        start("--web.enable-remote-write-receiver");
        HttpClient withCert = client("client");
        awaitHttps(withCert, "/-/ready", basic("alice", "secret"));

        assertThrows(IOException.class, () -> get(client(null), "/-/healthy", null), "no client certificate");
        assertThrows(IOException.class, () -> get(client("stranger"), "/-/healthy", null), "unknown CA");
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.getOutputStream().write("GET /-/healthy HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            plain.setSoTimeout(5000);
            byte[] first = plain.getInputStream().readNBytes(5);
            assertTrue(first.length == 0 || !new String(first, StandardCharsets.US_ASCII).startsWith("HTTP/"),
                    "plain HTTP must not be answered");
        } catch (IOException expected) {
            // the TLS server closed the connection: fine
        }

        for (String path : List.of("/-/healthy", "/-/ready", "/metrics", "/api/v1/query?query=vector(1)",
                "/api/v1/status/buildinfo", "/federate?match[]=up", "/graph", "/")) {
            HttpResponse<String> anon = get(withCert, path, null);
            assertEquals(401, anon.statusCode(), path);
            assertEquals("Basic", anon.headers().firstValue("WWW-Authenticate").orElse(""), path);
            assertEquals(401, get(withCert, path, basic("alice", "wrong")).statusCode(), path);
            int status = get(withCert, path, basic("alice", "secret")).statusCode();
            assertTrue(status == 200 || status == 302, path + " " + status);
        }
        // HTTP/2 through ALPN, as Go's server offers it by default (http2: true).
        HttpResponse<String> h2 = send(client("client", HttpClient.Version.HTTP_2),
                HttpRequest.newBuilder(uri("/api/v1/status/buildinfo")).header("Authorization", basic("alice", "secret")));
        assertEquals(200, h2.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, h2.version());
        assertTrue(h2.body().startsWith("{\"status\":\"success\""), h2.body());

        HttpResponse<String> write = send(withCert, HttpRequest.newBuilder(uri("/api/v1/write"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(401, write.statusCode(), "remote write receiver");

        // Another user, added while the server runs, can log in on the next request.
        Files.writeString(work.resolve("web.yml"), TLS + "basic_auth_users:\n  alice: " + ALICE + "\n  bob: " + BOB + "\n");
        Files.setLastModifiedTime(work.resolve("web.yml"), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(200, get(withCert, "/-/healthy", basic("bob", "other pass")).statusCode());
    }

    @Test
    void aRealPrometheusScrapesThroughTlsAndBasicAuth() throws Exception {
        Path prometheus = Path.of("/usr/bin/prometheus");
        Assumptions.assumeTrue(Files.isExecutable(prometheus), "prometheus 2.42 not installed");
        Files.writeString(work.resolve("web.yml"), TLS + "basic_auth_users:\n  alice: " + ALICE + "\n");
        start();
        awaitHttps(client("client"), "/-/ready", basic("alice", "secret"));
        int promPort = freePort();
        Path promDir = Files.createDirectories(work.resolve("prom"));
        Files.writeString(promDir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\nscrape_configs:\n"
                + "  - job_name: ignis\n    scheme: https\n    basic_auth:\n      username: alice\n      password: secret\n"
                + "    tls_config:\n      ca_file: " + work.resolve("ca.crt") + "\n      cert_file: " + work.resolve("client.crt")
                + "\n      key_file: " + work.resolve("client.key") + "\n      server_name: localhost\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + port + "']\n");
        Process prom = new ProcessBuilder(prometheus.toString(), "--config.file=prometheus.yml",
                "--storage.tsdb.path=" + promDir.resolve("data"), "--web.listen-address=127.0.0.1:" + promPort)
                .directory(promDir.toFile()).redirectErrorStream(true).redirectOutput(promDir.resolve("log").toFile()).start();
        processes.add(prom);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI up = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query=up");
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline) {
            try {
                last = plain.send(HttpRequest.newBuilder(up).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (last.contains("\"1\"]")) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(300);
        }
        assertTrue(last.contains("\"job\":\"ignis\"") && last.contains("\"1\"]"), last);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "tls_server_config:\n  cert_file: server-rsa.crt\n",
        "tls_server_config:\n  cert_file: server-rsa.crt\n  key_file: server-ec.key\n",
        "basic_auth_users:\n  alice: plain\n",
        "foo: bar\n",
        "tls_server_config:\n  cert_file: server-rsa.crt\n  key_file: server-rsa-pkcs1.key\n  client_auth_type: Bogus\n",
    })
    void aBadWebConfigStopsStartUpWithStatusOne(String yaml) throws Exception {
        Files.writeString(work.resolve("web.yml"), yaml);
        Process p = start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ignis did not exit");
        assertEquals(1, p.exitValue());
        String stderr = Files.readString(work.resolve("stderr.log"));
        assertTrue(stderr.contains("level=error msg=\"Unable to validate web configuration file\" err="), stderr);
        Path promtool = Path.of("/usr/bin/promtool");
        if (Files.isExecutable(promtool)) {
            Process check = new ProcessBuilder(promtool.toString(), "check", "web-config", "web.yml")
                    .directory(work.toFile()).redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            assertTrue(check.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, check.exitValue(), "promtool accepts what ignis refused: " + yaml);
        }
    }

    @Test
    void aTakenListenAddressStopsStartUpWithStatusOne() throws Exception {
        Files.writeString(work.resolve("web.yml"), "");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<String> cmd = List.of(DIST.resolve("bin/ignis").toString(),
                    "--web.listen-address=127.0.0.1:" + taken.getLocalPort(), "--web.config.file=web.yml");
            Process p = new ProcessBuilder(cmd).directory(work.toFile())
                    .redirectOutput(work.resolve("stdout.log").toFile())
                    .redirectError(work.resolve("stderr.log").toFile()).start();
            processes.add(p);
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "ignis did not exit");
            assertEquals(1, p.exitValue());
            String stderr = Files.readString(work.resolve("stderr.log"));
            assertTrue(stderr.contains("level=error msg=\"Unable to start web listener\" err=\"listen tcp 127.0.0.1:"
                    + taken.getLocalPort() + ": bind: address already in use\""), stderr);
        }
    }

    private void awaitHttps(HttpClient c, String path, String auth) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (get(c, path, auth).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " never answered 200; stderr:\n" + Files.readString(work.resolve("stderr.log")));
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    private HttpResponse<String> get(HttpClient c, String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return send(c, b);
    }

    private static HttpResponse<String> send(HttpClient c, HttpRequest.Builder b) throws Exception {
        return c.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Trusts the test CA; presents {@code name}.crt (always, as curl would) unless null. */
    private HttpClient client(String name) throws Exception {
        return client(name, HttpClient.Version.HTTP_1_1);
    }

    private HttpClient client(String name, HttpClient.Version version) throws Exception {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(work.resolve("ca.crt"))) {
            trust.setCertificateEntry("ca", cf.generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] km = null;
        if (name != null) {
            X509Certificate cert;
            try (InputStream in = Files.newInputStream(work.resolve(name + ".crt"))) {
                cert = (X509Certificate) cf.generateCertificate(in);
            }
            String pem = Files.readString(work.resolve(name + ".key"));
            byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("c", key, "x".toCharArray(), new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "x".toCharArray());
            X509ExtendedKeyManager inner = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            km = new KeyManager[] {new X509ExtendedKeyManager() {
                @Override
                public String[] getClientAliases(String keyType, Principal[] issuers) {
                    return new String[] {"c"};
                }

                @Override
                public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                    return "c";
                }

                @Override
                public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                    return "c";
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
            }};
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(km, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(version)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
