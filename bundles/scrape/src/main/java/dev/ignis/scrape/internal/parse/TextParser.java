package dev.ignis.scrape.internal.parse;

/**
 * Parser of the Prometheus text exposition format 0.0.4, accepting and rejecting what
 * Prometheus 2.42 does (its {@code promparse.go}), with the same error wording. Notable
 * leniencies kept for compatibility: blank lines, a missing final newline, a trailing comma
 * and missing commas between labels, blanks around label tokens, newlines inside label
 * values, and a NUL byte at a line start ending the body. Leading blanks before a metric name
 * become part of the name, which the scrape loop then rejects as Prometheus does.
 */
public final class TextParser extends ExpositionParser {
    private final TextLexer lx = new TextLexer();
    private boolean done;
    private KnownSeries known;
    private int candidateNameEnd;

    /**
     * Series parts validated in earlier bodies, or null. A line that starts with one, followed
     * by what may follow a series part, has only its value and timestamp read: the lexer would
     * read those bytes exactly as it did when it validated them, so the result, errors
     * included, is the same as reading the whole line ({@link #knownSlot()} tells which way a
     * line was read). Every part must come from this parser type: OpenMetrics accepts other
     * lines.
     */
    public void knownSeries(KnownSeries k) {
        known = k;
    }

    @Override
    public void reset(byte[] body, int off, int len) {
        super.reset(body, off, len);
        lx.reset(body, off, len);
        done = false;
    }

    @Override
    protected boolean helpUnescapesQuotes() {
        return false;
    }

    private int nextToken() {
        int t;
        do {
            t = lx.lex();
        } while (t == Tok.WHITESPACE);
        return t;
    }

    @Override
    public Entry next() throws ParseException {
        if (done) {
            return Entry.EOF;
        }
        hasExemplar = false;
        for (;;) {
            int entryStart = lx.i;
            lblLen = 0;
            knownSlot = KnownSeries.UNKNOWN;
            if (known != null && lx.state == TextLexer.S_INIT) {
                int end = candidateEnd(entryStart);
                if (end > 0) {
                    int slot = known.find(buf, entryStart, end - entryStart);
                    if (slot != KnownSeries.UNKNOWN) {
                        knownSlot = slot;
                        nameStart = entryStart;
                        nameEnd = candidateNameEnd;
                        seriesStart = entryStart;
                        seriesEnd = end;
                        // Where the lexer stands after a series part: past its name (the next
                        // token not a '{', see candidateEnd) or its closing brace.
                        lx.i = end;
                        lx.state = TextLexer.S_VALUE;
                        return suffix(nextToken());
                    }
                }
            }
            int t = nextToken();
            switch (t) {
                case Tok.EOF:
                    done = true;
                    return Entry.EOF;
                case Tok.LINEBREAK:
                    continue;
                case Tok.HELP:
                case Tok.TYPE:
                    return meta(t);
                case Tok.COMMENT: {
                    textStart = lx.start;
                    textEnd = lx.i;
                    int t2 = nextToken();
                    if (t2 != Tok.LINEBREAK) {
                        throw expected("linebreak expected after comment", t2, lx.start);
                    }
                    return Entry.COMMENT;
                }
                case Tok.MNAME: {
                    // Prometheus takes the name from the line start, blanks included.
                    nameStart = entryStart;
                    nameEnd = lx.i;
                    seriesStart = entryStart;
                    seriesEnd = lx.i;
                    int t2 = nextToken();
                    if (t2 == Tok.BOPEN) {
                        labelSet();
                        seriesEnd = lx.i;
                        t2 = nextToken();
                    }
                    return suffix(t2);
                }
                default:
                    throw error("\"" + Tok.name(t) + "\" is not a valid start token", lx.start);
            }
        }
    }

    private static final boolean[] NAME_CHAR = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            NAME_CHAR[c] = Tok.isNameChar(c);
        }
    }

    /**
     * The end of what may be the series part of the line at {@code s}: a name followed by
     * blanks and no '{', or a name and a label set up to the first '}' outside quotes; -1 when
     * neither (a comment, a blank line, a body ending early). Only a guess: a known part
     * confirms it. Sets {@link #candidateNameEnd}.
     */
    private int candidateEnd(int s) {
        byte[] b = buf;
        int end = lx.end;
        if (s >= end || !Tok.isNameStart(b[s] & 0xff)) {
            return -1;
        }
        int j = s + 1;
        while (j < end && NAME_CHAR[b[j] & 0xff]) {
            j++;
        }
        candidateNameEnd = j;
        int k = j;
        while (k < end && (b[k] == ' ' || b[k] == '\t')) {
            k++;
        }
        if (k >= end) {
            return -1;
        }
        if (b[k] != '{') {
            return k > j ? j : -1;
        }
        for (k++; k < end; k++) {
            byte c = b[k];
            if (c == '}') {
                return k + 1;
            }
            if (c == '"') {
                for (k++; k < end && b[k] != '"'; k++) {
                    if (b[k] == '\\') {
                        k++;
                    }
                }
            }
        }
        return -1;
    }

    private Entry meta(int t) throws ParseException {
        int t2 = nextToken();
        if (t2 != Tok.MNAME) {
            throw expected("expected metric name after " + Tok.name(t), t2, lx.start);
        }
        nameStart = lx.start;
        nameEnd = lx.i;
        t2 = nextToken();
        if (t2 != Tok.TEXT) {
            throw error("expected text in " + Tok.name(t), lx.start);
        }
        textStart = lx.i - lx.start > 1 ? lx.start + 1 : lx.i;
        textEnd = lx.i;
        if (t == Tok.TYPE) {
            kind = typeOf(buf, textStart, textEnd);
            if (kind == null) {
                throw error("invalid metric type " + Bytes.goQuote(buf, textStart, textEnd - textStart), textStart);
            }
        } else if (!Bytes.validUtf8(buf, textStart, textEnd - textStart)) {
            throw error("help text is not a valid utf8 string", textStart);
        }
        t2 = nextToken();
        if (t2 != Tok.LINEBREAK) {
            throw expected("linebreak expected after metadata", t2, lx.start);
        }
        return t == Tok.TYPE ? Entry.TYPE : Entry.HELP;
    }

    private static MetricKind typeOf(byte[] b, int from, int to) {
        int n = to - from;
        if (eq(b, from, n, "counter")) {
            return MetricKind.COUNTER;
        }
        if (eq(b, from, n, "gauge")) {
            return MetricKind.GAUGE;
        }
        if (eq(b, from, n, "histogram")) {
            return MetricKind.HISTOGRAM;
        }
        if (eq(b, from, n, "summary")) {
            return MetricKind.SUMMARY;
        }
        if (eq(b, from, n, "untyped")) {
            return MetricKind.UNKNOWN;
        }
        return null;
    }

    static boolean eq(byte[] b, int from, int n, String s) {
        if (n != s.length()) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[from + k] != s.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The label set after '{', up to and including '}'. */
    private void labelSet() throws ParseException {
        int t = nextToken();
        for (;;) {
            if (t == Tok.BCLOSE) {
                return;
            }
            if (t != Tok.LNAME) {
                throw expected("expected label name", t, lx.start);
            }
            int ns = lx.start;
            int ne = lx.i;
            t = nextToken();
            if (t != Tok.EQUAL) {
                throw expected("expected equal", t, lx.start);
            }
            t = nextToken();
            if (t != Tok.LVALUE) {
                throw expected("expected label value", t, lx.start);
            }
            if (!Bytes.validUtf8(buf, lx.start + 1, lx.i - lx.start - 2)) {
                throw error("invalid UTF-8 label value", lx.start);
            }
            pushLabel(false, ns, ne, lx.start + 1, lx.i - 1);
            t = nextToken();
            if (t == Tok.COMMA) {
                t = nextToken();
            }
        }
    }

    private Entry suffix(int t) throws ParseException {
        if (t != Tok.VALUE) {
            throw expected("expected value after metric", t, lx.start);
        }
        try {
            value = GoFloat.parse(buf, lx.start, lx.i - lx.start);
        } catch (GoFloat.Invalid e) {
            throw error(e.getMessage(), lx.start);
        }
        hasTs = false;
        t = nextToken();
        if (t == Tok.LINEBREAK) {
            return Entry.SERIES;
        }
        if (t != Tok.TIMESTAMP) {
            throw expected("expected timestamp or new record", t, lx.start);
        }
        try {
            ts = GoFloat.parseDigits(buf, lx.start, lx.i - lx.start);
        } catch (GoFloat.Invalid e) {
            throw error(e.getMessage(), lx.start);
        }
        hasTs = true;
        t = nextToken();
        if (t != Tok.LINEBREAK) {
            throw expected("expected next entry after timestamp", t, lx.start);
        }
        return Entry.SERIES;
    }
}
