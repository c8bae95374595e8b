package dev.ignis.web.internal.federate;

import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.web.internal.text.GoText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * What {@code /federate} exposes, independent of the wire format: one untyped family per
 * metric name, families in metric-name order. Each metric carries the series' labels in their
 * order (without {@code __name__}), then every external label the series lacks, and
 * {@code instance=""} when it has no instance, in label-name order. Series without a metric
 * name are left out. Also negotiates the format as Prometheus's {@code expfmt.Negotiate} does.
 */
public final class Federation {

    /** One series' federated sample. */
    public record Sample(Labels labels, long t, double v) {
    }

    /** One exposed series: label names and values in output order, timestamp and value. */
    public record Metric(String[] names, String[] values, long t, double v) {
    }

    /** All metrics of one metric name. */
    public record Family(String name, List<Metric> metrics) {
    }

    /** The exposition formats /federate answers in. */
    public enum Format {
        TEXT("text/plain; version=0.0.4; charset=utf-8"),
        PROTO_DELIMITED("application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    private static final Comparator<Sample> BY_NAME =
            (a, b) -> GoStrings.compare(a.labels().get(Labels.METRIC_NAME), b.labels().get(Labels.METRIC_NAME));

    private Federation() {
    }

    /**
     * Groups {@code samples} (in label order) into families, sorted stably by metric name.
     *
     * @param external the configured external labels (may be empty)
     */
    public static List<Family> families(List<Sample> samples, Labels external) {
        TreeMap<String, String> extra = new TreeMap<>(external.toMap());
        extra.putIfAbsent("instance", "");
        String[] extraNames = extra.keySet().toArray(new String[0]);
        String[] extraValues = extra.values().toArray(new String[0]);

        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(BY_NAME);
        List<Family> families = new ArrayList<>();
        Family family = null;
        for (Sample s : sorted) {
            Labels l = s.labels();
            String name = l.get(Labels.METRIC_NAME);
            if (name.isEmpty()) {
                continue;
            }
            if (family == null || !family.name().equals(name)) {
                family = new Family(name, new ArrayList<>());
                families.add(family);
            }
            int n = l.size() - 1;
            for (String e : extraNames) {
                if (!l.has(e)) {
                    n++;
                }
            }
            String[] names = new String[n];
            String[] values = new String[n];
            int k = 0;
            for (int i = 0; i < l.size(); i++) {
                if (!l.name(i).equals(Labels.METRIC_NAME)) {
                    names[k] = l.name(i);
                    values[k++] = l.value(i);
                }
            }
            for (int i = 0; i < extraNames.length; i++) {
                if (!l.has(extraNames[i])) {
                    names[k] = extraNames[i];
                    values[k++] = extraValues[i];
                }
            }
            family.metrics().add(new Metric(names, values, s.t(), s.v()));
        }
        return families;
    }

    /**
     * The format for an {@code Accept} header: the first acceptable entry by quality that is
     * delimited protobuf ({@code application/vnd.google.protobuf} with
     * {@code proto=io.prometheus.client.MetricFamily; encoding=delimited}) or
     * {@code text/plain} (version 0.0.4 or none); text when nothing matches.
     */
    public static Format negotiate(String accept) {
        if (accept == null || accept.isEmpty()) {
            return Format.TEXT;
        }
        record Entry(String type, String version, String proto, String encoding, double q, int order) {
        }
        List<Entry> entries = new ArrayList<>();
        for (String part : accept.split(",", -1)) {
            String[] params = part.trim().split(";", -1);
            String[] range = params[0].split("/", -1);
            String type;
            if (range.length == 2) {
                type = range[0].trim() + "/" + range[1].trim();
            } else if (range.length == 1 && range[0].trim().equals("*")) {
                type = "*/*";
            } else {
                continue;
            }
            String version = "";
            String proto = "";
            String encoding = "";
            double q = 1;
            for (int i = 1; i < params.length; i++) {
                int eq = params[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = params[i].substring(0, eq).trim();
                String value = params[i].substring(eq + 1).trim();
                switch (key) {
                    case "q" -> q = quality(params[i].substring(eq + 1));
                    case "version" -> version = value;
                    case "proto" -> proto = value;
                    case "encoding" -> encoding = value;
                    default -> {
                        // other parameters do not matter here
                    }
                }
            }
            entries.add(new Entry(type, version, proto, encoding, q, entries.size()));
        }
        entries.sort(Comparator.comparingDouble(Entry::q).reversed().thenComparingInt(Entry::order));
        for (Entry e : entries) {
            if (e.type().equals("application/vnd.google.protobuf") && e.proto().equals("io.prometheus.client.MetricFamily")
                    && e.encoding().equals("delimited")) {
                return Format.PROTO_DELIMITED;
            }
            if (e.type().equals("text/plain") && (e.version().isEmpty() || e.version().equals("0.0.4"))) {
                return Format.TEXT;
            }
        }
        return Format.TEXT;
    }

    /** goautoneg reads q as a float32 and ignores parse errors (q becomes 0). */
    private static double quality(String s) {
        try {
            return (float) GoText.parseFloat(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
