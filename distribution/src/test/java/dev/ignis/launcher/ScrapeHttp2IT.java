package dev.ignis.launcher;

import static dev.ignis.launcher.ProcessWaits.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built bin/ignis scraping itself over TLS, its listener offering h2 by ALPN: a job with
 * {@code enable_http2: true} goes through Jetty's HTTP/2 client and the JDK ALPN processor,
 * which must be found inside the framework; a job with it off stays on HTTP/1.1. Both must be up.
 */
class ScrapeHttp2IT {

    private static final Path DIST = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
    private static final Pattern TARGET = Pattern.compile("\"scrapePool\":\"([a-z0-9]+)\".*?\"lastError\":\"([^\"]*)\""
            + ".*?\"health\":\"([a-z]+)\"");

    @TempDir
    Path work;

    private Process ignis;

    @AfterEach
    void stop() throws InterruptedException {
        if (ignis != null) {
            ignis.destroy();
            if (!ignis.waitFor(20, TimeUnit.SECONDS)) {
                ignis.destroyForcibly();
            }
        }
    }

    @Test
    void scrapesOverHttp2AndHttp11ThroughTls() throws Exception {
        for (String f : List.of("ca.crt", "server-rsa.crt", "server-rsa-pkcs1.key")) {
            try (InputStream in = ScrapeHttp2IT.class.getResourceAsStream("/tls/" + f)) {
                Files.write(work.resolve(f), in.readAllBytes());
            }
        }
        int port = freePort();
        Files.writeString(work.resolve("web.yml"),
                "tls_server_config:\n  cert_file: server-rsa.crt\n  key_file: server-rsa-pkcs1.key\n");
        StringBuilder config = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
        for (String job : List.of("h2", "h1")) {
            config.append("  - job_name: ").append(job).append("\n    scheme: https\n    enable_http2: ")
                    .append(job.equals("h2")).append("\n    tls_config:\n      ca_file: ca.crt\n      server_name: localhost\n")
                    .append("    static_configs:\n      - targets: ['127.0.0.1:").append(port).append("']\n");
        }
        Files.writeString(work.resolve("prometheus.yml"), config.toString());
        ignis = new ProcessBuilder(DIST.resolve("bin/ignis").toString(), "--web.listen-address=127.0.0.1:" + port,
                "--web.config.file=web.yml").directory(work.toFile())
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile()).start();

        HttpClient client = HttpClient.newBuilder().sslContext(trusting(work.resolve("ca.crt")))
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI targets = URI.create("https://localhost:" + port + "/api/v1/targets?state=active");
        String last = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                last = client.send(HttpRequest.newBuilder(targets).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (countUp(last) == 2) {
                    break;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(300);
        }
        assertEquals(2, countUp(last), last + "\nstderr:\n" + Files.readString(work.resolve("stderr.log")));
    }

    /** How many targets are up with no error; each target's pool, error and health appear in this order. */
    private static int countUp(String json) {
        int up = 0;
        Matcher m = TARGET.matcher(json);
        while (m.find()) {
            if (m.group(2).isEmpty() && m.group(3).equals("up")) {
                up++;
            }
        }
        return up;
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
