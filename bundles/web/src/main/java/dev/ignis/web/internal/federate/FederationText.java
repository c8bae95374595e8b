package dev.ignis.web.internal.federate;

import dev.ignis.api.labels.Labels;
import dev.ignis.web.internal.text.GoFloat;
import dev.ignis.web.internal.text.GoText;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * Renders federated samples as Prometheus's {@code /federate} does in the text format 0.0.4:
 * one {@code # TYPE <name> untyped} family per metric name, families in metric-name order,
 * each sample as {@code name{labels} value timestamp_ms}. The series' labels come first in
 * their order (without {@code __name__}); then every external label the series lacks, and
 * {@code instance=""} when it has no instance, in label-name order. Series without a metric
 * name are left out. Values use expfmt's notation (Go's shortest {@code 'g'}, {@code 0} for
 * negative zero).
 */
public final class FederationText {

    /** One series' federated sample. */
    public record Sample(Labels labels, long t, double v) {
    }

    private static final Comparator<Sample> BY_NAME =
            (a, b) -> GoText.compare(a.labels().get(Labels.METRIC_NAME), b.labels().get(Labels.METRIC_NAME));

    private FederationText() {
    }

    /**
     * Writes {@code samples} (in label order) sorted stably by metric name.
     *
     * @param external the configured external labels (may be empty)
     */
    public static void write(Writer w, List<Sample> samples, Labels external) throws IOException {
        TreeMap<String, String> extra = new TreeMap<>(external.toMap());
        extra.putIfAbsent("instance", "");
        String[] names = extra.keySet().toArray(new String[0]);
        String[] values = extra.values().toArray(new String[0]);

        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(BY_NAME);
        StringBuilder sb = new StringBuilder(256);
        String family = null;
        for (Sample s : sorted) {
            Labels l = s.labels();
            String name = l.get(Labels.METRIC_NAME);
            if (name.isEmpty()) {
                continue;
            }
            sb.setLength(0);
            if (!name.equals(family)) {
                family = name;
                sb.append("# TYPE ").append(name).append(" untyped\n");
            }
            sb.append(name).append('{');
            boolean first = true;
            for (int i = 0; i < l.size(); i++) {
                String ln = l.name(i);
                if (ln.equals(Labels.METRIC_NAME)) {
                    continue;
                }
                first = label(sb, first, ln, l.value(i));
            }
            for (int i = 0; i < names.length; i++) {
                if (!l.has(names[i])) {
                    first = label(sb, first, names[i], values[i]);
                }
            }
            sb.append("} ");
            if (s.v() == 0) {
                sb.append('0');
            } else {
                GoFloat.append(sb, s.v());
            }
            sb.append(' ').append(s.t()).append('\n');
            w.append(sb);
        }
    }

    private static boolean label(StringBuilder sb, boolean first, String name, String value) {
        if (!first) {
            sb.append(',');
        }
        sb.append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        sb.append('"');
        return false;
    }
}
