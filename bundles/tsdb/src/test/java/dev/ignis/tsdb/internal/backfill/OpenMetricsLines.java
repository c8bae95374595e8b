package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.labels.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test fixtures' OpenMetrics: {@code name{k="v",...} value seconds} lines (no escapes), comments
 * skipped. ignistool reads real files with the scraper's parser; this only feeds tsdb tests.
 */
public final class OpenMetricsLines {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})? (\\S+) (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

    private OpenMetricsLines() {
    }

    public static BackfillSamples parse(String text) {
        BackfillSamples out = new BackfillSamples();
        Map<Labels, Integer> ids = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Labels.Builder b = Labels.builder(4).add(Labels.METRIC_NAME, m.group(1));
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    b.add(l.group(1), l.group(2));
                }
            }
            int id = ids.computeIfAbsent(b.build(), out::addSeries);
            out.add(id, (long) (Double.parseDouble(m.group(4)) * 1000), Double.parseDouble(m.group(3)));
        }
        return out;
    }
}
