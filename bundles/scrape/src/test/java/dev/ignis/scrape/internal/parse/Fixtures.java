package dev.ignis.scrape.internal.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Exposition bodies captured from real exporters (test resources under {@code exposition/}),
 * each with a {@code .series} file listing what Prometheus 2.42 stored when scraping that body:
 * one {@code {labels} value} line per series, sorted, target labels removed.
 */
final class Fixtures {
    /** Text format from prometheus-node-exporter 1.5.0 (Debian), trimmed. */
    static final String NODE_EXPORTER = "node-exporter-1.5.0.prom.txt";
    /** Text format from Prometheus 2.42.0's own /metrics, trimmed. */
    static final String PROMETHEUS = "prometheus-2.42.0.prom.txt";
    /** OpenMetrics from the Python client 0.16 (Debian), with exemplars, info, stateset, unit. */
    static final String PYTHON_OM = "python-client-0.16.om.txt";
    /** The same Python registry as text format. */
    static final String PYTHON_TEXT = "python-client-0.16.prom.txt";

    static final String[] ALL = {NODE_EXPORTER, PROMETHEUS, PYTHON_OM, PYTHON_TEXT};

    private Fixtures() {
    }

    static boolean isOpenMetrics(String name) {
        return name.endsWith(".om.txt");
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/exposition/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }
}
