package dev.ignis.scrape.internal.parse;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;

/**
 * A pull parser over one exposition body held in a {@code byte[]}, reusable across bodies via
 * {@link #reset}. {@link #next()} advances to the next entry; the accessors describe the
 * current entry and are valid until the next call to {@code next()} or {@code reset}.
 *
 * <p>On the steady path nothing is allocated: the series is handed out as a slice of the input
 * ({@link #seriesOffset()}/{@link #seriesLength()}, the raw {@code name{labels}} bytes, usable
 * as a cache key), the value as a double and the timestamp as a long. Strings are only made
 * when asked for ({@link #labels}, {@link #help()}, ...), which a scrape loop does on a cache
 * miss or for metadata.
 *
 * <p>Malformed input makes {@code next()} throw {@link ParseException}; no other exception
 * escapes, and after an error or {@link Entry#EOF} the parser must be reset before reuse.
 * Not thread-safe.
 */
public abstract class ExpositionParser {
    protected byte[] buf = new byte[0];
    protected int base;
    protected int limit;

    protected int seriesStart;
    protected int seriesEnd;
    protected int nameStart;
    protected int nameEnd;
    /** Per label four offsets into {@link #buf}: name start/end, raw value start/end. */
    protected int[] lbl = new int[64];
    protected int lblLen;
    protected double value;
    protected boolean hasTs;
    protected long ts;
    /** SERIES: the {@link KnownSeries} slot of the series part, or {@link KnownSeries#UNKNOWN}. */
    protected int knownSlot = KnownSeries.UNKNOWN;

    protected int textStart;
    protected int textEnd;
    protected MetricKind kind = MetricKind.UNKNOWN;

    protected boolean hasExemplar;
    protected int[] exLbl = new int[16];
    protected int exLblLen;
    protected double exValue;
    protected boolean exHasTs;
    protected long exTs;

    private byte[] scratch = new byte[64];

    /** Starts parsing {@code len} bytes of {@code body} from {@code off}. */
    public void reset(byte[] body, int off, int len) {
        if (off < 0 || len < 0 || off + len > body.length) {
            throw new IllegalArgumentException("range " + off + "+" + len + " outside body of " + body.length);
        }
        buf = body;
        base = off;
        limit = off + len;
        lblLen = 0;
        exLblLen = 0;
        hasExemplar = false;
        kind = MetricKind.UNKNOWN;
    }

    /** Advances to the next entry; {@link Entry#EOF} at the end (and on every later call). */
    public abstract Entry next() throws ParseException;

    /** The body the offsets refer to. */
    public final byte[] buffer() {
        return buf;
    }

    /** SERIES: offset of the raw {@code name{labels}} bytes in {@link #buffer()}. */
    public final int seriesOffset() {
        return seriesStart;
    }

    /** SERIES: length of the raw series bytes. */
    public final int seriesLength() {
        return seriesEnd - seriesStart;
    }

    /**
     * SERIES: the slot that the parser's {@link KnownSeries} gave the series part, when the line
     * was read past it without reading its labels ({@link #labels} then has none to give), or
     * {@link KnownSeries#UNKNOWN} when the labels were read.
     */
    public final int knownSlot() {
        return knownSlot;
    }

    /** SERIES: the value (NaN is Prometheus's canonical NaN). */
    public final double value() {
        return value;
    }

    /** SERIES: whether the sample had a timestamp. */
    public final boolean hasTimestamp() {
        return hasTs;
    }

    /** SERIES: the timestamp in milliseconds, when {@link #hasTimestamp()}. */
    public final long timestamp() {
        return ts;
    }

    /** SERIES, HELP, TYPE, UNIT: the metric (family) name. Allocates. */
    public final String metricName() {
        return new String(buf, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
    }

    /** SERIES, HELP, TYPE, UNIT: offset of the metric (family) name in {@link #buffer()}. */
    public final int nameOffset() {
        return nameStart;
    }

    /** SERIES, HELP, TYPE, UNIT: length of the metric (family) name. */
    public final int nameLength() {
        return nameEnd - nameStart;
    }

    /** HELP, UNIT, COMMENT: offset of the raw (still escaped) text in {@link #buffer()}. */
    public final int textOffset() {
        return textStart;
    }

    /** HELP, UNIT, COMMENT: length of the raw text. */
    public final int textLength() {
        return textEnd - textStart;
    }

    /** SERIES: number of labels written in the series (the metric name not counted). */
    public final int labelCount() {
        return lblLen >> 2;
    }

    /**
     * SERIES: resets {@code b} and fills it with {@code __name__} and the decoded labels, in the
     * order written. Empty values are skipped by the builder; a repeated name makes
     * {@link Labels.Builder#build()} fail, which the caller reports as an invalid sample.
     */
    public final void labels(Labels.Builder b) {
        b.reset();
        b.add(Labels.METRIC_NAME, metricName());
        addLabels(b, lbl, lblLen);
    }

    /** TYPE: the declared type. */
    public final MetricKind type() {
        return kind;
    }

    /** HELP: the decoded help text. Allocates. */
    public final String help() {
        return decode(textStart, textEnd, helpUnescapesQuotes());
    }

    /** UNIT: the unit text. Allocates. */
    public final String unit() {
        return new String(buf, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    /** COMMENT: the whole comment line from its {@code #}. Allocates. */
    public final String comment() {
        return new String(buf, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    /** SERIES: whether the sample carries an exemplar (OpenMetrics only). */
    public final boolean hasExemplar() {
        return hasExemplar;
    }

    /** SERIES with exemplar: resets {@code b} and fills it with the exemplar's labels. */
    public final void exemplarLabels(Labels.Builder b) {
        b.reset();
        addLabels(b, exLbl, exLblLen);
    }

    /** SERIES with exemplar: the exemplar value. */
    public final double exemplarValue() {
        return exValue;
    }

    /** SERIES with exemplar: whether the exemplar had a timestamp. */
    public final boolean exemplarHasTimestamp() {
        return exHasTs;
    }

    /** SERIES with exemplar: the exemplar timestamp in milliseconds. */
    public final long exemplarTimestamp() {
        return exTs;
    }

    /** Whether HELP text decodes {@code \"} (OpenMetrics) besides {@code \\} and {@code \n}. */
    protected abstract boolean helpUnescapesQuotes();

    private void addLabels(Labels.Builder b, int[] offs, int n) {
        for (int k = 0; k < n; k += 4) {
            String name = new String(buf, offs[k], offs[k + 1] - offs[k], StandardCharsets.ISO_8859_1);
            b.add(name, decode(offs[k + 2], offs[k + 3], true));
        }
    }

    private String decode(int from, int to, boolean quotes) {
        int len = to - from;
        if (!Bytes.contains(buf, from, len, (byte) '\\')) {
            return new String(buf, from, len, StandardCharsets.UTF_8);
        }
        if (scratch.length < len) {
            scratch = new byte[Math.max(len, scratch.length * 2)];
        }
        int n = Bytes.unescape(buf, from, len, quotes, scratch);
        return new String(scratch, 0, n, StandardCharsets.UTF_8);
    }

    /** Appends a label's four offsets to the series or exemplar offset list. */
    protected final void pushLabel(boolean exemplar, int ns, int ne, int vs, int ve) {
        int[] a = exemplar ? exLbl : lbl;
        int n = exemplar ? exLblLen : lblLen;
        if (n + 4 > a.length) {
            a = java.util.Arrays.copyOf(a, a.length * 2);
            if (exemplar) {
                exLbl = a;
            } else {
                lbl = a;
            }
        }
        a[n] = ns;
        a[n + 1] = ne;
        a[n + 2] = vs;
        a[n + 3] = ve;
        if (exemplar) {
            exLblLen = n + 4;
        } else {
            lblLen = n + 4;
        }
    }

    /** 1-based line number of position {@code pos} in the current body. */
    protected final int lineOf(int pos) {
        int line = 1;
        int to = Math.min(pos, limit);
        for (int k = base; k < to; k++) {
            if (buf[k] == '\n') {
                line++;
            }
        }
        return line;
    }

    protected final ParseException error(String reason, int pos) {
        return new ParseException(reason, lineOf(pos));
    }

    /** Prometheus's {@code "<what>, got \"TOKEN\""} error. */
    protected final ParseException expected(String what, int tok, int pos) {
        return error(what + ", got \"" + Tok.name(tok) + "\"", pos);
    }
}
