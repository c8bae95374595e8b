package dev.ignis.scrape.internal.parse;

/**
 * Tokenizer of the text format 0.0.4, with the token rules and states of Prometheus's
 * {@code promlex.l}. The body is read in place; a missing final newline is supplied virtually
 * (position {@code end} reads as {@code '\n'}), so the input is never copied.
 */
final class TextLexer {
    static final int S_INIT = 0;
    static final int S_COMMENT = 1;
    static final int S_META1 = 2;
    static final int S_META2 = 3;
    static final int S_LABELS = 4;
    static final int S_LVALUE = 5;
    static final int S_VALUE = 6;
    static final int S_TIMESTAMP = 7;

    byte[] b;
    int end;   // real end of the body; b[end] is never read
    int i;     // next position to read
    int start; // start of the last token
    int state;

    void reset(byte[] buf, int off, int len) {
        b = buf;
        i = off;
        start = off;
        end = off + len;
        state = S_INIT;
    }

    private int at(int p) {
        return p < end ? b[p] & 0xff : (p == end ? '\n' : -1);
    }

    private static boolean ws(int c) {
        return c == ' ' || c == '\t';
    }

    private int whitespace() {
        while (ws(at(i))) {
            i++;
        }
        return Tok.WHITESPACE;
    }

    int lex() {
        if (i > end) {
            start = end;
            return Tok.EOF;
        }
        start = i;
        int c = at(i);
        if (ws(c) && state != S_META2) {
            return whitespace();
        }
        switch (state) {
            case S_INIT:
                if (c == 0) {
                    return Tok.EOF;
                }
                if (c == '\n') {
                    i++;
                    return Tok.LINEBREAK;
                }
                if (c == '#') {
                    i++;
                    if (!ws(at(i))) {
                        return consumeComment();
                    }
                    whitespace();
                    state = S_COMMENT;
                    return metaKeyword();
                }
                if (Tok.isNameStart(c)) {
                    name();
                    state = S_VALUE;
                    return Tok.MNAME;
                }
                return Tok.INVALID;
            case S_META1:
                if (Tok.isNameStart(c)) {
                    name();
                    state = S_META2;
                    return Tok.MNAME;
                }
                return Tok.INVALID;
            case S_META2: {
                // The text rule and the whitespace rule compete; whitespace wins a tie.
                int j = i;
                boolean allWs = true;
                for (int d; (d = at(j)) != '\n'; j++) {
                    allWs &= ws(d);
                }
                i = j;
                if (allWs && j > start) {
                    return Tok.WHITESPACE;
                }
                state = S_INIT;
                return Tok.TEXT;
            }
            case S_VALUE:
                if (c == '{') {
                    i++;
                    state = S_LABELS;
                    return Tok.BOPEN;
                }
                if (c == '\n' || c == 0) {
                    return Tok.INVALID;
                }
                while ((c = at(i)) != '{' && c != ' ' && c != '\t' && c != '\n' && c != 0) {
                    i++;
                }
                state = S_TIMESTAMP;
                return Tok.VALUE;
            case S_LABELS:
                if (Tok.isLabelStart(c)) {
                    i++;
                    while (Tok.isLabelChar(at(i))) {
                        i++;
                    }
                    return Tok.LNAME;
                }
                i++;
                switch (c) {
                    case '}':
                        state = S_VALUE;
                        return Tok.BCLOSE;
                    case '=':
                        state = S_LVALUE;
                        return Tok.EQUAL;
                    case ',':
                        return Tok.COMMA;
                    default:
                        i--;
                        return Tok.INVALID;
                }
            case S_LVALUE:
                return quoted();
            case S_TIMESTAMP:
                if (c >= '0' && c <= '9') {
                    while ((c = at(i)) >= '0' && c <= '9') {
                        i++;
                    }
                    return Tok.TIMESTAMP;
                }
                if (c == '\n') {
                    i++;
                    state = S_INIT;
                    return Tok.LINEBREAK;
                }
                return Tok.INVALID;
            default:
                throw new IllegalStateException("BUG: lexer state " + state);
        }
    }

    /** After "# ": a HELP or TYPE keyword followed by blanks, or else a plain comment. */
    private int metaKeyword() {
        if (keyword('H', 'E', 'L', 'P')) {
            i += 4;
            whitespace();
            state = S_META1;
            return Tok.HELP;
        }
        if (keyword('T', 'Y', 'P', 'E')) {
            i += 4;
            whitespace();
            state = S_META1;
            return Tok.TYPE;
        }
        return consumeComment();
    }

    private boolean keyword(char a, char b2, char c, char d) {
        return at(i) == a && at(i + 1) == b2 && at(i + 2) == c && at(i + 3) == d && ws(at(i + 4));
    }

    /** Consumes to the end of the line; the comment token spans from '#'. */
    private int consumeComment() {
        for (int c; (c = at(i)) != '\n'; i++) {
            if (c == 0 && state != S_COMMENT) {
                return Tok.EOF;
            }
        }
        state = S_INIT;
        return Tok.COMMENT;
    }

    private void name() {
        i++;
        while (Tok.isNameChar(at(i))) {
            i++;
        }
    }

    /** A double-quoted label value; newlines may occur inside, a backslash escapes any byte but a newline. */
    private int quoted() {
        if (at(i) != '"') {
            return Tok.INVALID;
        }
        int j = i + 1;
        for (;;) {
            if (j > end) {
                return Tok.INVALID;
            }
            int c = at(j);
            if (c == '"') {
                i = j + 1;
                state = S_LABELS;
                return Tok.LVALUE;
            }
            if (c == '\\') {
                if (j + 1 > end || at(j + 1) == '\n') {
                    return Tok.INVALID;
                }
                j += 2;
            } else {
                j++;
            }
        }
    }
}
