package dev.ignis.scrape.internal.append;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real exporter bodies through the whole append step store the series Prometheus 2.42 stored
 * from the same bodies (the fixtures' {@code .series} files plus the target labels), on the
 * first scrape (cache misses) and on the second (cache hits).
 */
class RealBodyAppendTest {
    private static final Labels TARGET = Labels.of("job", "fixture", "instance", "127.0.0.1:19176");

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = RealBodyAppendTest.class.getResourceAsStream("/exposition/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"node-exporter-1.5.0.prom.txt", "prometheus-2.42.0.prom.txt", "python-client-0.16.om.txt"})
    void storesTheSeriesPrometheusStored(String fixture) throws IOException {
        byte[] body = resource(fixture);
        String contentType = fixture.endsWith(".om.txt") ? "application/openmetrics-text; version=1.0.0" : "text/plain";
        Set<String> want = new TreeSet<>();
        for (String line : new String(resource(fixture.replace(".txt", ".series")), StandardCharsets.UTF_8).split("\n")) {
            String labels = line.substring(0, line.lastIndexOf(' '));
            want.add(canonical(labels.replace("}", ",instance=\"127.0.0.1:19176\",job=\"fixture\"}")));
        }
        ScrapeAppend sa = new ScrapeAppend(TARGET, AppendOptions.DEFAULT, null);
        for (int scrape = 0; scrape < 2; scrape++) {
            RecordingAppender app = new RecordingAppender();
            AppendResult r = sa.append(app, body, 0, body.length, contentType, 1_000, Long.MAX_VALUE);
            assertNull(r.error());
            assertEquals(want.size(), r.total());
            Set<String> got = new TreeSet<>();
            for (String line : app.lines) {
                if (line.startsWith("exemplar ")) {
                    continue;
                }
                got.add(canonical(line.substring(0, line.indexOf("} ") + 1).replace("\", ", "\",")));
            }
            assertEquals(want, got);
        }
    }

    /** The label pairs of {@code {a="1",b="2"}} in sorted order (values here hold no quote-comma). */
    private static String canonical(String labels) {
        return String.join(",", new TreeSet<>(java.util.Arrays.asList(labels.substring(1, labels.length() - 1)
                .split("(?<=\"),"))));
    }
}
