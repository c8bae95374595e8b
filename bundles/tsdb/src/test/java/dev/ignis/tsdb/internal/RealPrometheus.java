package dev.ignis.tsdb.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus 2.42 (Debian's /usr/bin/prometheus) started on a data directory, for tests
 * that check it reads what Ignis wrote. Ready when constructed; {@link #close()} stops it.
 */
public final class RealPrometheus implements AutoCloseable {

    /** The binary; tests assume it is executable and skip otherwise. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final Path log;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Starts Prometheus on {@code data}, with a config and log file in {@code workDir}, and waits
     * up to 30 s for /-/ready.
     *
     * @throws IllegalStateException if it never becomes ready (the message holds its log)
     */
    public RealPrometheus(Path workDir, Path data) throws IOException, InterruptedException {
        this(workDir, data, new String[0]);
    }

    /** As {@link #RealPrometheus(Path, Path)} with more flags (e.g. {@code --web.enable-remote-write-receiver}). */
    public RealPrometheus(Path workDir, Path data, String... flags) throws IOException, InterruptedException {
        this("global:\n  scrape_interval: 1h\n", workDir, data, flags);
    }

    /** As {@link #RealPrometheus(Path, Path, String...)} with {@code configYaml} as its prometheus.yml. */
    public static RealPrometheus withConfig(String configYaml, Path workDir, Path data, String... flags)
            throws IOException, InterruptedException {
        return new RealPrometheus(configYaml, workDir, data, flags);
    }

    private RealPrometheus(String configYaml, Path workDir, Path data, String... flags)
            throws IOException, InterruptedException {
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, configYaml);
        log = workDir.resolve("prometheus.log");
        int port;
        try (ServerSocket ss = new ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + data, "--web.listen-address=127.0.0.1:" + port));
        cmd.addAll(List.of(flags));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        close();
        throw new IllegalStateException("prometheus did not become ready: " + log());
    }

    /** The body of an instant query at {@code timeSeconds}. */
    public String query(String expr, double timeSeconds) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time=" + timeSeconds)
                .body();
    }

    /** POSTs {@code body} with the given headers (name, value, ...); returns the status code. */
    public int post(String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** Its own /metrics page (text format). */
    public String metrics() throws IOException, InterruptedException {
        return get("/metrics").body();
    }

    /** What Prometheus logged so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** The body of GET {@code path} (with its query string). */
    public String body(String path) throws IOException, InterruptedException {
        return get(path).body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops it with SIGKILL (no shutdown: nothing buffered is written out). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
