package dev.ignis.scrape.internal.parse;

/** Token codes shared by both lexers, with the names Prometheus's errors print. */
final class Tok {
    static final int INVALID = 0;
    static final int EOF = 1;
    static final int LINEBREAK = 2;
    static final int WHITESPACE = 3;
    static final int HELP = 4;
    static final int TYPE = 5;
    static final int UNIT = 6;
    static final int EOFWORD = 7;
    static final int TEXT = 8;
    static final int COMMENT = 9;
    static final int MNAME = 10;
    static final int BOPEN = 11;
    static final int BCLOSE = 12;
    static final int LNAME = 13;
    static final int LVALUE = 14;
    static final int COMMA = 15;
    static final int EQUAL = 16;
    static final int TIMESTAMP = 17;
    static final int VALUE = 18;

    private static final String[] NAMES = {
        "INVALID", "EOF", "LINEBREAK", "WHITESPACE", "HELP", "TYPE", "UNIT", "EOFWORD", "TEXT",
        "COMMENT", "MNAME", "BOPEN", "BCLOSE", "LNAME", "LVALUE", "COMMA", "EQUAL", "TIMESTAMP", "VALUE",
    };

    private Tok() {
    }

    static String name(int tok) {
        return NAMES[tok];
    }

    static boolean isNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    static boolean isNameChar(int c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    static boolean isLabelStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isLabelChar(int c) {
        return isLabelStart(c) || (c >= '0' && c <= '9');
    }
}
