package dev.ignis.scrape.internal.parse;

/**
 * Parser of OpenMetrics 1.0 text, accepting and rejecting what Prometheus 2.42 does (its
 * {@code openmetricsparse.go}), with the same error wording. The body must end with
 * {@code # EOF}; timestamps are float seconds, truncated to milliseconds; an exemplar may follow
 * samples whose name ends in {@code _total} or {@code _bucket}. {@code _created} samples are
 * ordinary series, as in 2.42.
 */
public final class OpenMetricsParser extends ExpositionParser {
    private static final MetricKind[] KINDS = MetricKind.values();
    private final OpenMetricsLexer lx = new OpenMetricsLexer();
    private boolean done;
    private boolean reuseRepeats;
    /** Whether {@link #seriesStart}.. and {@link #lbl} describe the last SERIES entry returned. */
    private boolean lastWasSeries;
    private int lastLblLen;
    private boolean repeated;

    @Override
    public void reset(byte[] body, int off, int len) {
        super.reset(body, off, len);
        lx.reset(body, off, len);
        done = false;
        lastWasSeries = false;
        repeated = false;
    }

    /**
     * Whether a sample line that starts with the same series text as the sample line before it
     * (then a space) takes that line's name and labels instead of lexing them again: the same
     * bytes lex to the same tokens, so the outcome is the same. Pays off where a series' samples
     * follow each other (backfill files); off by default.
     */
    public void reuseRepeatedSeries(boolean on) {
        reuseRepeats = on;
    }

    /**
     * SERIES: whether this entry's series text is byte for byte the previous entry's, which was
     * a sample too (only known with {@link #reuseRepeatedSeries}; false otherwise).
     */
    public boolean seriesRepeated() {
        return repeated;
    }

    @Override
    protected boolean helpUnescapesQuotes() {
        return true;
    }

    @Override
    public Entry next() throws ParseException {
        if (done) {
            return Entry.EOF;
        }
        if (reuseRepeats && lastWasSeries && repeatsLastSeries()) {
            lastWasSeries = false;
            Entry e = suffix(lx.lex());
            lastWasSeries = true;
            repeated = true;
            return e;
        }
        lastWasSeries = false;
        repeated = false;
        lblLen = 0;
        exLblLen = 0;
        hasExemplar = false;
        exHasTs = false;
        exValue = 0;
        int t = lx.lex();
        switch (t) {
            case Tok.EOFWORD:
                if (lx.lex() != Tok.EOF) {
                    throw error("unexpected data after # EOF", lx.start);
                }
                done = true;
                return Entry.EOF;
            case Tok.EOF:
                throw error("data does not end with # EOF", lx.start);
            case Tok.HELP:
            case Tok.TYPE:
            case Tok.UNIT:
                return meta(t);
            case Tok.MNAME: {
                nameStart = lx.start;
                nameEnd = lx.i;
                seriesStart = lx.start;
                seriesEnd = lx.i;
                int t2 = lx.lex();
                if (t2 == Tok.BOPEN) {
                    labelSet(false);
                    seriesEnd = lx.i;
                    t2 = lx.lex();
                }
                Entry e = suffix(t2);
                lastWasSeries = true;
                lastLblLen = lblLen;
                return e;
            }
            default: {
                int c = lx.at(lx.i);
                String ch = c < 0 ? "\"\"" : Bytes.goQuote(Character.toString(c));
                throw error("\"" + Tok.name(t) + "\" " + ch + " is not a valid start token", lx.start);
            }
        }
    }

    /**
     * At the start of a line that repeats the last sample's series text followed by a space:
     * moves the name and label offsets to this line, leaves the lexer after the series text
     * as lexing it would, and clears the exemplar. False (nothing changed) otherwise.
     */
    private boolean repeatsLastSeries() {
        int at = lx.i;
        int n = seriesEnd - seriesStart;
        if (lx.state != OpenMetricsLexer.S_INIT || at + n >= limit || buf[at + n] != ' '
                || !java.util.Arrays.equals(buf, at, at + n, buf, seriesStart, seriesEnd)) {
            return false;
        }
        int delta = at - seriesStart;
        seriesStart = at;
        seriesEnd += delta;
        nameStart += delta;
        nameEnd += delta;
        lblLen = lastLblLen;
        for (int k = 0; k < lblLen; k++) {
            lbl[k] += delta;
        }
        exLblLen = 0;
        hasExemplar = false;
        exHasTs = false;
        exValue = 0;
        lx.i = seriesEnd;
        lx.state = OpenMetricsLexer.S_VALUE;
        return true;
    }

    private Entry meta(int t) throws ParseException {
        int t2 = lx.lex();
        if (t2 != Tok.MNAME) {
            throw expected("expected metric name after " + Tok.name(t), t2, lx.start);
        }
        nameStart = lx.start;
        nameEnd = lx.i;
        if (lx.lex() != Tok.TEXT) {
            throw error("expected text in " + Tok.name(t), lx.start);
        }
        textStart = lx.start + 1;
        textEnd = lx.i - 1;
        int n = textEnd - textStart;
        switch (t) {
            case Tok.TYPE:
                kind = typeOf(buf, textStart, n);
                if (kind == null) {
                    throw error("invalid metric type " + Bytes.goQuote(buf, textStart, n), textStart);
                }
                return Entry.TYPE;
            case Tok.HELP:
                if (!Bytes.validUtf8(buf, textStart, n)) {
                    throw error("help text is not a valid utf8 string", textStart);
                }
                return Entry.HELP;
            default:
                if (n > 0 && !unitIsSuffix(n)) {
                    throw error("unit not a suffix of metric " + Bytes.goQuote(buf, nameStart, nameEnd - nameStart),
                            textStart);
                }
                return Entry.UNIT;
        }
    }

    private boolean unitIsSuffix(int n) {
        int m = nameEnd - nameStart;
        if (m < n + 1 || buf[nameEnd - n - 1] != '_') {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (buf[nameEnd - n + k] != buf[textStart + k]) {
                return false;
            }
        }
        return true;
    }

    private static MetricKind typeOf(byte[] b, int from, int n) {
        for (MetricKind k : KINDS) {
            if (TextParser.eq(b, from, n, k.text())) {
                return k;
            }
        }
        return null;
    }

    /** Labels after '{' (series) or " # {" (exemplar), through '}'. */
    private void labelSet(boolean exemplar) throws ParseException {
        boolean first = true;
        for (;;) {
            int t = lx.lex();
            switch (t) {
                case Tok.BCLOSE:
                    return;
                case Tok.COMMA:
                    if (first) {
                        throw expected("expected label name or left brace", t, lx.start);
                    }
                    t = lx.lex();
                    if (t != Tok.LNAME) {
                        throw expected("expected label name", t, lx.start);
                    }
                    break;
                case Tok.LNAME:
                    if (!first) {
                        throw expected("expected comma", t, lx.start);
                    }
                    break;
                default:
                    throw expected(first ? "expected label name or left brace" : "expected comma or left brace",
                            t, lx.start);
            }
            first = false;
            int ns = lx.start;
            int ne = lx.i;
            t = lx.lex();
            if (t != Tok.EQUAL) {
                throw expected("expected equal", t, lx.start);
            }
            t = lx.lex();
            if (t != Tok.LVALUE) {
                throw expected("expected label value", t, lx.start);
            }
            if (!Bytes.validUtf8(buf, lx.start + 1, lx.i - lx.start - 2)) {
                throw error("invalid UTF-8 label value", lx.start);
            }
            pushLabel(exemplar, ns, ne, lx.start + 1, lx.i - 1);
        }
    }

    private double floatToken(int t, String after) throws ParseException {
        if (t != Tok.VALUE) {
            throw expected("expected value after " + after, t, lx.start);
        }
        return parseFloat();
    }

    private double parseFloat() throws ParseException {
        try {
            // The token starts with its separating space.
            return GoFloat.parse(buf, lx.start + 1, lx.i - lx.start - 1);
        } catch (GoFloat.Invalid e) {
            throw error(e.getMessage(), lx.start);
        }
    }

    private Entry suffix(int t) throws ParseException {
        value = floatToken(t, "metric");
        hasTs = false;
        t = lx.lex();
        switch (t) {
            case Tok.EOF:
                throw error("data does not end with # EOF", lx.start);
            case Tok.LINEBREAK:
                return Entry.SERIES;
            case Tok.COMMENT:
                exemplar();
                return Entry.SERIES;
            case Tok.TIMESTAMP: {
                ts = GoFloat.plainSecondsToMillis(buf, lx.start + 1, lx.i - lx.start - 1);
                if (ts == GoFloat.NOT_PLAIN) {
                    double s = parseFloat();
                    if (Double.isNaN(s) || Double.isInfinite(s)) {
                        throw error("invalid timestamp", lx.start);
                    }
                    ts = GoFloat.toMillis(s);
                }
                hasTs = true;
                t = lx.lex();
                if (t == Tok.COMMENT) {
                    exemplar();
                } else if (t != Tok.LINEBREAK) {
                    throw expected("expected next entry after timestamp", t, lx.start);
                }
                return Entry.SERIES;
            }
            default:
                throw expected("expected timestamp or # symbol", t, lx.start);
        }
    }

    private void exemplar() throws ParseException {
        if (!endsWith("_total") && !endsWith("_bucket")) {
            throw error("metric name " + metricName() + " does not support exemplars", lx.start);
        }
        labelSet(true);
        exValue = floatToken(lx.lex(), "exemplar labels");
        hasExemplar = true;
        int t = lx.lex();
        switch (t) {
            case Tok.EOF:
                throw error("data does not end with # EOF", lx.start);
            case Tok.LINEBREAK:
                return;
            case Tok.TIMESTAMP: {
                double s = parseFloat();
                if (Double.isNaN(s) || Double.isInfinite(s)) {
                    throw error("invalid exemplar timestamp", lx.start);
                }
                exTs = GoFloat.toMillis(s);
                exHasTs = true;
                t = lx.lex();
                if (t != Tok.LINEBREAK) {
                    throw expected("expected next entry after exemplar timestamp", t, lx.start);
                }
                return;
            }
            default:
                throw expected("expected timestamp or comment", t, lx.start);
        }
    }

    private boolean endsWith(String suffix) {
        int n = suffix.length();
        return nameEnd - nameStart >= n && TextParser.eq(buf, nameEnd - n, n, suffix);
    }
}
