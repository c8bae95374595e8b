package dev.ignis.scrape.internal.parse;

/**
 * Tokenizer of OpenMetrics 1.0 with the rules and states of Prometheus 2.42's
 * {@code openmetricslex.l}: single spaces only, no blank lines, no free comments. Like the
 * generated lexer it never backs up: once a longer rule has been entered (" # " heading for an
 * exemplar), failing it is an invalid token rather than a shorter match.
 */
final class OpenMetricsLexer {
    static final int S_INIT = 0;
    static final int S_COMMENT = 1;
    static final int S_META1 = 2;
    static final int S_META2 = 3;
    static final int S_LABELS = 4;
    static final int S_LVALUE = 5;
    static final int S_VALUE = 6;
    static final int S_TIMESTAMP = 7;
    static final int S_EXEMPLAR = 8;
    static final int S_EVALUE = 9;
    static final int S_ETIMESTAMP = 10;

    byte[] b;
    int end;
    int i;
    int start;
    int state;

    void reset(byte[] buf, int off, int len) {
        b = buf;
        i = off;
        start = off;
        end = off + len;
        state = S_INIT;
    }

    int at(int p) {
        return p < end ? b[p] & 0xff : -1;
    }

    int lex() {
        if (i >= end) {
            start = i;
            return Tok.EOF;
        }
        start = i;
        int c = at(i);
        switch (state) {
            case S_INIT:
                if (c == '#') {
                    if (at(i + 1) != ' ') {
                        i++;
                        return Tok.INVALID;
                    }
                    i += 2;
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
                if (c != ' ') {
                    return Tok.INVALID;
                }
                int j = i + 1;
                int d;
                while ((d = at(j)) != '\n' && d >= 0) {
                    j++;
                }
                if (d < 0) {
                    i = j;
                    return Tok.INVALID;
                }
                i = j + 1;
                state = S_INIT;
                return Tok.TEXT;
            }
            case S_VALUE:
                if (c == '{') {
                    i++;
                    state = S_LABELS;
                    return Tok.BOPEN;
                }
                if (spaceRun()) {
                    state = S_TIMESTAMP;
                    return Tok.VALUE;
                }
                return Tok.INVALID;
            case S_LABELS:
            case S_EXEMPLAR:
                return labelToken(c);
            case S_LVALUE:
                return quoted(S_LABELS);
            case S_EVALUE:
                if (c == '"') {
                    return quoted(S_EXEMPLAR);
                }
                if (spaceRun()) {
                    state = S_ETIMESTAMP;
                    return Tok.VALUE;
                }
                return Tok.INVALID;
            case S_TIMESTAMP:
                if (c == '\n') {
                    i++;
                    state = S_INIT;
                    return Tok.LINEBREAK;
                }
                if (c == ' ' && at(i + 1) == '#' && at(i + 2) == ' ') {
                    if (at(i + 3) == '{') {
                        i += 4;
                        state = S_EXEMPLAR;
                        return Tok.COMMENT;
                    }
                    i += 3;
                    return Tok.INVALID;
                }
                return spaceRun() ? Tok.TIMESTAMP : Tok.INVALID;
            case S_ETIMESTAMP:
                if (c == '\n') {
                    i++;
                    state = S_INIT;
                    return Tok.LINEBREAK;
                }
                return spaceRun() ? Tok.TIMESTAMP : Tok.INVALID;
            default:
                throw new IllegalStateException("BUG: lexer state " + state);
        }
    }

    /** After "# ": HELP, TYPE or UNIT and one space, or EOF with an optional newline. */
    private int metaKeyword() {
        if (word('H', 'E', 'L', 'P') && at(i + 4) == ' ') {
            i += 5;
            state = S_META1;
            return Tok.HELP;
        }
        if (word('T', 'Y', 'P', 'E') && at(i + 4) == ' ') {
            i += 5;
            state = S_META1;
            return Tok.TYPE;
        }
        if (word('U', 'N', 'I', 'T') && at(i + 4) == ' ') {
            i += 5;
            state = S_META1;
            return Tok.UNIT;
        }
        if (at(i) == 'E' && at(i + 1) == 'O' && at(i + 2) == 'F') {
            i += 3;
            if (at(i) == '\n') {
                i++;
            }
            state = S_INIT;
            return Tok.EOFWORD;
        }
        // Step over a partly matched keyword, as the generated lexer does before giving up.
        i += Math.max(Math.max(prefix("HELP "), prefix("TYPE ")), Math.max(prefix("UNIT "), prefix("EOF")));
        return Tok.INVALID;
    }

    private int prefix(String w) {
        int k = 0;
        while (k < w.length() && at(i + k) == w.charAt(k)) {
            k++;
        }
        return k;
    }

    private boolean word(char a, char b2, char c, char d) {
        return at(i) == a && at(i + 1) == b2 && at(i + 2) == c && at(i + 3) == d;
    }

    private int labelToken(int c) {
        if (Tok.isLabelStart(c)) {
            i++;
            while (Tok.isLabelChar(at(i))) {
                i++;
            }
            return Tok.LNAME;
        }
        boolean exemplar = state == S_EXEMPLAR;
        switch (c) {
            case '}':
                i++;
                state = exemplar ? S_EVALUE : S_VALUE;
                return Tok.BCLOSE;
            case '=':
                i++;
                state = exemplar ? S_EVALUE : S_LVALUE;
                return Tok.EQUAL;
            case ',':
                i++;
                return Tok.COMMA;
            default:
                return Tok.INVALID;
        }
    }

    /** One space then a run of bytes other than space and newline; false leaves i unchanged. */
    private boolean spaceRun() {
        if (at(i) != ' ') {
            return false;
        }
        int j = i + 1;
        int d;
        while ((d = at(j)) != ' ' && d != '\n' && d >= 0) {
            j++;
        }
        if (j == i + 1) {
            i = j;
            return false;
        }
        i = j;
        return true;
    }

    private void name() {
        i++;
        while (Tok.isNameChar(at(i))) {
            i++;
        }
    }

    /** A double-quoted value on one line; a backslash escapes any byte but a newline. */
    private int quoted(int after) {
        if (at(i) != '"') {
            return Tok.INVALID;
        }
        int j = i + 1;
        for (;;) {
            int c = at(j);
            if (c < 0 || c == '\n') {
                return Tok.INVALID;
            }
            if (c == '"') {
                i = j + 1;
                state = after;
                return Tok.LVALUE;
            }
            if (c == '\\') {
                int d = at(j + 1);
                if (d < 0 || d == '\n') {
                    return Tok.INVALID;
                }
                j += 2;
            } else {
                j++;
            }
        }
    }
}
