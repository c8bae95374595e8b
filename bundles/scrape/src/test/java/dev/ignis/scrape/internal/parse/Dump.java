package dev.ignis.scrape.internal.parse;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Renders a parse as one line per entry, for table-driven expectations. */
final class Dump {
    private Dump() {
    }

    /** A case named after its input, with control characters made visible. */
    static Arguments c(String input, String expected) {
        return Arguments.of(Named.of(visible(input), input), expected);
    }

    static String visible(String s) {
        if (s.isEmpty()) {
            return "(empty)";
        }
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
                .replace("\0", "\\0");
    }

    /** Entries separated by " | ", or "ERR line: reason" on a parse error. */
    static String dump(ExpositionParser p, String body) {
        return dump(p, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String dump(ExpositionParser p, byte[] body) {
        List<String> out = new ArrayList<>();
        Labels.Builder lb = Labels.builder(8);
        try {
            p.reset(body, 0, body.length);
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                out.add(switch (e) {
                    case SERIES -> series(p, lb);
                    case HELP -> "HELP " + p.metricName() + " " + Bytes.goQuote(p.help());
                    case TYPE -> "TYPE " + p.metricName() + " " + p.type().text();
                    case UNIT -> "UNIT " + p.metricName() + " " + p.unit();
                    case COMMENT -> "COMMENT " + Bytes.goQuote(p.comment());
                    case EOF -> throw new AssertionError();
                });
            }
        } catch (ParseException e) {
            return "ERR " + e.line() + ": " + e.reason();
        }
        return String.join(" | ", out);
    }

    private static String series(ExpositionParser p, Labels.Builder lb) {
        String raw = new String(p.buffer(), p.seriesOffset(), p.seriesLength(), StandardCharsets.ISO_8859_1);
        if (!raw.startsWith(p.metricName())) {
            throw new AssertionError("series bytes " + raw + " do not start with the name " + p.metricName());
        }
        StringBuilder sb = new StringBuilder();
        p.labels(lb);
        try {
            sb.append(render(lb.build()));
        } catch (IllegalArgumentException dup) {
            sb.append("!").append(dup.getMessage());
        }
        sb.append(' ').append(value(p.value()));
        if (p.hasTimestamp()) {
            sb.append(" @").append(p.timestamp());
        }
        if (p.hasExemplar()) {
            p.exemplarLabels(lb);
            sb.append(" # ").append(render(lb.build())).append(' ').append(value(p.exemplarValue()));
            if (p.exemplarHasTimestamp()) {
                sb.append(" @").append(p.exemplarTimestamp());
            }
        }
        return sb.toString();
    }

    /** {@code name{a="1",b="2"}}, values quoted as Go does; labels sorted. */
    static String render(Labels l) {
        StringBuilder sb = new StringBuilder(l.get(Labels.METRIC_NAME));
        StringBuilder rest = new StringBuilder();
        for (int i = 0; i < l.size(); i++) {
            if (l.name(i).equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (rest.length() > 0) {
                rest.append(',');
            }
            rest.append(l.name(i)).append('=').append(Bytes.goQuote(l.value(i)));
        }
        if (rest.length() > 0 || l.get(Labels.METRIC_NAME).isEmpty()) {
            sb.append('{').append(rest).append('}');
        }
        return sb.toString();
    }

    static String value(double v) {
        if (Double.isNaN(v)) {
            return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(GoFloat.NORMAL_NAN) ? "NaN" : "NaN(raw)";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return (1 / v < 0 ? "-" : "") + Long.toString(Math.abs((long) v));
        }
        return Double.toString(v);
    }
}
