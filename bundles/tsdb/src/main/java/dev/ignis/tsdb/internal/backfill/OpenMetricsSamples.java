package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of an OpenMetrics text, in file order, as backfill needs them: series labels
 * (metric name as {@code __name__}), timestamps (seconds in the text, ms here, truncated as
 * Prometheus's parser does: {@code int64(ts * 1000)}) and values. Comments ({@code # TYPE},
 * {@code # HELP}, {@code # UNIT}) are skipped, exemplars ignored; the text must end with
 * {@code # EOF} and every sample must carry a timestamp, as promtool requires. Not
 * thread-safe; immutable once parsed.
 */
public final class OpenMetricsSamples {

    private static final double GO_NAN = Double.longBitsToDouble(0x7FF8000000000001L);

    private final List<Labels> series = new ArrayList<>();
    private int[] seriesOf = new int[1024];
    private long[] ts = new long[1024];
    private double[] vs = new double[1024];
    private int n;
    private long minT = Long.MAX_VALUE;
    private long maxT = Long.MIN_VALUE;

    private OpenMetricsSamples() {
    }

    /**
     * Parses a whole text.
     *
     * @throws IOException with the line number if the text is malformed
     */
    public static OpenMetricsSamples parse(String text) throws IOException {
        OpenMetricsSamples s = new OpenMetricsSamples();
        Map<Labels, Integer> ids = new HashMap<>();
        // Series text as written -> series id: most lines repeat a series already seen.
        Map<String, Integer> byText = new HashMap<>();
        int line = 0;
        int pos = 0;
        boolean eof = false;
        Labels.Builder lb = Labels.builder(8);
        while (pos < text.length()) {
            int end = text.indexOf('\n', pos);
            if (end < 0) {
                end = text.length();
            }
            String l = text.substring(pos, end);
            pos = end + 1;
            line++;
            if (eof) {
                throw new IOException("line " + line + ": data after # EOF");
            }
            if (l.startsWith("#")) {
                if (l.equals("# EOF")) {
                    eof = true;
                } else if (!(l.startsWith("# TYPE ") || l.startsWith("# HELP ") || l.startsWith("# UNIT "))) {
                    throw new IOException("line " + line + ": invalid comment: " + l);
                }
                continue;
            }
            try {
                s.sampleLine(l, lb, ids, byText);
            } catch (IllegalArgumentException e) {
                throw new IOException("line " + line + ": " + e.getMessage(), e);
            }
        }
        if (!eof) {
            throw new IOException("data does not end with # EOF");
        }
        return s;
    }

    private void sampleLine(String l, Labels.Builder lb, Map<Labels, Integer> ids, Map<String, Integer> byText) {
        int end = seriesEnd(l);
        Integer id = end > 0 ? byText.get(l.substring(0, end)) : null;
        int i = end;
        if (id == null) {
            i = parseSeries(l, lb);
            Labels labels = lb.build();
            id = ids.get(labels);
            if (id == null) {
                id = series.size();
                series.add(labels);
                ids.put(labels, id);
            }
            byText.put(l.substring(0, i), id);
        }
        int len = l.length();
        if (i >= len || l.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a value: " + l);
        }
        int vEnd = l.indexOf(' ', i + 1);
        if (vEnd < 0) {
            vEnd = len;
        }
        double v = parseFloat(l.substring(i + 1, vEnd), l);
        int tEnd = vEnd < len ? l.indexOf(' ', vEnd + 1) : -1;
        if (tEnd < 0) {
            tEnd = len;
        }
        String tText = vEnd < len ? l.substring(vEnd + 1, tEnd) : "";
        if (tText.isEmpty() || tText.equals("#")) {
            throw new IllegalArgumentException("expected timestamp for series " + series.get(id) + ", got none");
        }
        double sec = parseFloat(tText, l);
        if (Double.isNaN(sec) || Double.isInfinite(sec)) {
            throw new IllegalArgumentException("invalid timestamp: " + l);
        }
        long t = (long) (sec * 1000);
        if (n == ts.length) {
            int cap = n * 2;
            seriesOf = Arrays.copyOf(seriesOf, cap);
            ts = Arrays.copyOf(ts, cap);
            vs = Arrays.copyOf(vs, cap);
        }
        seriesOf[n] = id;
        ts[n] = t;
        vs[n] = v;
        n++;
        minT = Math.min(minT, t);
        maxT = Math.max(maxT, t);
    }

    /** End of the series text (name and labels) of a well-formed line, or -1. */
    private static int seriesEnd(String l) {
        int i = 0;
        int len = l.length();
        while (i < len && isNameChar(l.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0 || i >= len || l.charAt(i) != '{') {
            return i == 0 ? -1 : i;
        }
        boolean quoted = false;
        for (i++; i < len; i++) {
            char c = l.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '}') {
                return i + 1;
            }
        }
        return -1;
    }

    /** Parses name and labels into {@code lb}; returns the index after them. */
    private static int parseSeries(String l, Labels.Builder lb) {
        int i = 0;
        int len = l.length();
        while (i < len && isNameChar(l.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("expected a metric name: " + l);
        }
        lb.reset();
        lb.add("__name__", l.substring(0, i));
        if (i < len && l.charAt(i) == '{') {
            i++;
            while (i < len && l.charAt(i) != '}') {
                int ns = i;
                while (i < len && isNameChar(l.charAt(i), i == ns)) {
                    i++;
                }
                if (i == ns || i + 1 >= len || l.charAt(i) != '=' || l.charAt(i + 1) != '"') {
                    throw new IllegalArgumentException("invalid label in: " + l);
                }
                String name = l.substring(ns, i);
                i += 2;
                StringBuilder v = new StringBuilder();
                while (true) {
                    if (i >= len) {
                        throw new IllegalArgumentException("unterminated label value: " + l);
                    }
                    char c = l.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= len) {
                            throw new IllegalArgumentException("unterminated escape: " + l);
                        }
                        char e = l.charAt(i++);
                        switch (e) {
                            case 'n' -> v.append('\n');
                            case '\\' -> v.append('\\');
                            case '"' -> v.append('"');
                            default -> throw new IllegalArgumentException("invalid escape \\" + e + ": " + l);
                        }
                    } else {
                        v.append(c);
                    }
                }
                lb.add(name, v.toString());
                if (i < len && l.charAt(i) == ',') {
                    i++;
                }
            }
            if (i >= len) {
                throw new IllegalArgumentException("expected '}': " + l);
            }
            i++;
        }
        return i;
    }

    private static double parseFloat(String s, String line) {
        switch (s) {
            case "NaN":
                // Go's math.NaN() bits, which Prometheus stores (Java's Double.NaN differs).
                return GO_NAN;
            case "+Inf", "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        // Java's parser also takes "1f" or "1d"; OpenMetrics does not.
        if (s.isEmpty() || Character.isLetter(s.charAt(s.length() - 1))) {
            throw new IllegalArgumentException("invalid number " + s + ": " + line);
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number " + s + ": " + line, e);
        }
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    /** Number of samples. */
    public int size() {
        return n;
    }

    public Labels labels(int i) {
        return series.get(seriesOf[i]);
    }

    public long t(int i) {
        return ts[i];
    }

    public double v(int i) {
        return vs[i];
    }

    /** Oldest timestamp, Long.MAX_VALUE when empty. */
    public long minTime() {
        return minT;
    }

    /** Newest timestamp, Long.MIN_VALUE when empty. */
    public long maxTime() {
        return maxT;
    }
}
