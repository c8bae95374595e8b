package dev.ignis.scrape.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Benchmark inputs: the committed real fixtures and synthetic bodies of a given size. */
final class Bodies {
    private Bodies() {
    }

    /** A body by name: a fixture file name, or "synthetic-10k" / "synthetic-10k-om". */
    static byte[] get(String name) {
        if (name.startsWith("synthetic-10k")) {
            return synthetic(10_000, name.endsWith("-om"));
        }
        try (InputStream in = Bodies.class.getResourceAsStream("/exposition/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code n} series in 100 families of a typical shape: counters with three labels and
     * integer-ish values, histograms' buckets with float values and exemplar-free lines.
     */
    static byte[] synthetic(int n, boolean openMetrics) {
        StringBuilder sb = new StringBuilder(n * 90);
        int perFamily = n / 100;
        for (int f = 0; f < 100; f++) {
            sb.append("# HELP app_requests_").append(f).append("_total Requests handled.\n");
            sb.append("# TYPE app_requests_").append(f).append(openMetrics ? " counter\n" : "_total counter\n");
            for (int i = 0; i < perFamily; i++) {
                sb.append("app_requests_").append(f).append("_total{code=\"").append(200 + i % 5)
                        .append("\",method=\"").append(i % 2 == 0 ? "GET" : "POST").append("\",path=\"/api/v1/item/")
                        .append(i).append("\"} ").append(i * 37 + f).append(i % 3 == 0 ? ".5" : "").append('\n');
            }
        }
        if (openMetrics) {
            sb.append("# EOF\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
