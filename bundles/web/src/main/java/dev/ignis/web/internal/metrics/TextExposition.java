package dev.ignis.web.internal.metrics;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.web.internal.text.GoFloat;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders metric families in the Prometheus text format 0.0.4, as client_golang does: families
 * sorted by name, each with {@code # HELP} and {@code # TYPE}, values in Go's float notation,
 * label values escaped ({@code \\ \" \n}), HELP text escaped ({@code \\ \n}).
 *
 * <p>Samples keep the order their exporter wrote them in. A family name that a second exporter
 * (or the same one) announces again is dropped with a warning; families without samples are
 * left out. Not thread-safe; reusable: {@link #reset()} keeps the buffers, so a pooled
 * instance renders a scrape without growing garbage beyond the value strings.
 */
public final class TextExposition implements MetricWriter {
    private static final Logger LOG = LoggerFactory.getLogger(TextExposition.class);
    private static final Comparator<Family> BY_NAME = Comparator.comparing(f -> f.name);

    private final List<Family> families = new ArrayList<>();
    private final List<Family> spare = new ArrayList<>();
    private final Map<String, Family> byName = new HashMap<>();
    private final StringBuilder out = new StringBuilder(16384);
    private final char[] chunk = new char[8192];
    private Family current;
    private Object exporter;

    /** Forgets the previous scrape, keeping buffers. */
    public void reset() {
        for (Family f : families) {
            f.samples.setLength(0);
            spare.add(f);
        }
        families.clear();
        byName.clear();
        out.setLength(0);
        current = null;
        exporter = null;
    }

    /** Collects one exporter's families; an exporter that throws loses the families it started. */
    public void collect(Exporter e) {
        exporter = e;
        int before = families.size();
        try {
            e.collect(this);
        } catch (RuntimeException ex) {
            LOG.atError().addKeyValue("exporter", e.getClass().getName()).addKeyValue("err", ex.toString())
                    .setCause(ex).log("Exporter failed");
            while (families.size() > before) {
                Family f = families.remove(families.size() - 1);
                byName.remove(f.name);
                f.samples.setLength(0);
                spare.add(f);
            }
        }
        current = null;
    }

    @Override
    public void family(String name, MetricType type, String help) {
        Family existing = byName.get(name);
        if (existing != null) {
            LOG.atWarn().addKeyValue("name", name)
                    .addKeyValue("exporter", exporter == null ? "?" : exporter.getClass().getName())
                    .log("Duplicate metric family dropped");
            current = null;
            return;
        }
        Family f = spare.isEmpty() ? new Family() : spare.remove(spare.size() - 1);
        f.name = name;
        f.type = type;
        f.help = help;
        families.add(f);
        byName.put(name, f);
        current = f;
    }

    @Override
    public void sample(String name, Labels labels, double value) {
        Family f = current;
        if (f == null) {
            return; // inside a dropped duplicate family, or no family announced
        }
        StringBuilder sb = f.samples;
        sb.append(name);
        int n = labels.size();
        if (n > 0) {
            sb.append('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(labels.name(i)).append("=\"");
                escapeLabelValue(sb, labels.value(i));
                sb.append('"');
            }
            sb.append('}');
        }
        sb.append(' ');
        GoFloat.append(sb, value).append('\n');
    }

    /** Renders all collected families, sorted by name, into the internal buffer and returns it. */
    public CharSequence render() {
        families.sort(BY_NAME);
        out.setLength(0);
        for (Family f : families) {
            if (f.samples.length() == 0) {
                continue;
            }
            if (f.help != null) {
                out.append("# HELP ").append(f.name).append(' ');
                escapeHelp(out, f.help);
                out.append('\n');
            }
            out.append("# TYPE ").append(f.name).append(' ').append(f.type.text()).append('\n');
            out.append(f.samples);
        }
        return out;
    }

    /** Renders and writes everything to {@code w} in chunks, without an intermediate String. */
    public void writeTo(Writer w) throws IOException {
        StringBuilder sb = (StringBuilder) render();
        int len = sb.length();
        for (int off = 0; off < len; off += chunk.length) {
            int n = Math.min(chunk.length, len - off);
            sb.getChars(off, off + n, chunk, 0);
            w.write(chunk, 0, n);
        }
    }

    /** Label value escaping of the text format: backslash, double quote, newline. */
    static void escapeLabelValue(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /** HELP escaping of the text format: backslash and newline. */
    static void escapeHelp(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    private static final class Family {
        String name;
        MetricType type;
        String help;
        final StringBuilder samples = new StringBuilder(256);
    }
}
