package dev.ignis.tsdb.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Families (name -> "type help"), series (name{labels}) and their values of one exposition:
 * what Ignis writes to a {@link MetricWriter}, or a text capture of a real Prometheus's
 * {@code /metrics}, so the two compare with {@code assertEquals}.
 */
public record MetricFamilies(Map<String, String> families, Set<String> series, Map<String, Double> values) {

    /** What {@code source} writes; a family written twice fails. */
    public static MetricFamilies collect(Consumer<MetricWriter> source) {
        Map<String, String> families = new TreeMap<>();
        Map<String, Double> values = new TreeMap<>();
        source.accept(new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                if (families.put(name, type.text() + " " + help) != null) {
                    throw new AssertionError("family written twice: " + name);
                }
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                StringBuilder key = new StringBuilder(name);
                if (!labels.isEmpty()) {
                    key.append('{');
                    for (int i = 0; i < labels.size(); i++) {
                        key.append(i > 0 ? "," : "").append(labels.name(i)).append("=\"").append(labels.value(i))
                                .append('"');
                    }
                    key.append('}');
                }
                values.put(key.toString(), value);
            }
        });
        return new MetricFamilies(families, new TreeSet<>(values.keySet()), values);
    }

    /** The families and series (no values) of a text capture on the test class path. */
    public static MetricFamilies capture(String resource) throws IOException {
        String text;
        try (InputStream in = MetricFamilies.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> help = new TreeMap<>();
        Map<String, String> families = new TreeMap<>();
        Set<String> series = new TreeSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String[] p = line.split(" ", 4);
                help.put(p[2], p.length > 3 ? p[3] : "");
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                families.put(p[2], p[3] + " " + help.get(p[2]));
            } else if (!line.isEmpty()) {
                series.add(line.substring(0, line.lastIndexOf(' ')));
            }
        }
        return new MetricFamilies(families, series, Map.of());
    }

    /** These families and their series left out. */
    public MetricFamilies without(Set<String> names) {
        Map<String, String> f = new TreeMap<>(families);
        f.keySet().removeAll(names);
        Set<String> s = new TreeSet<>(series);
        s.removeIf(x -> names.contains(x.replaceFirst("\\{.*", "")));
        return new MetricFamilies(f, s, values);
    }
}
