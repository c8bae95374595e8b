package dev.ignis.web.internal.federate;

import dev.ignis.web.internal.text.GoFloat;
import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Federated families in the text format 0.0.4 as expfmt writes them: {@code # TYPE <name>
 * untyped}, then {@code name{labels} value timestamp_ms} per metric; label values escape
 * {@code \\ \" \n}; values in Go's shortest {@code 'g'} notation with {@code 0} for negative zero.
 */
public final class FederationText {

    private FederationText() {
    }

    public static void write(Writer w, List<Federation.Family> families) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        for (Federation.Family f : families) {
            sb.setLength(0);
            sb.append("# TYPE ").append(f.name()).append(" untyped\n");
            w.append(sb);
            for (Federation.Metric m : f.metrics()) {
                sb.setLength(0);
                sb.append(f.name()).append('{');
                for (int i = 0; i < m.names().length; i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(m.names()[i]).append("=\"");
                    escape(sb, m.values()[i]);
                    sb.append('"');
                }
                sb.append("} ");
                if (m.v() == 0) {
                    sb.append('0');
                } else {
                    GoFloat.append(sb, m.v());
                }
                sb.append(' ').append(m.t()).append('\n');
                w.append(sb);
            }
        }
    }

    private static void escape(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }
}
