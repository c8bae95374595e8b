package dev.ignis.promql.internal.parser;

/**
 * Go-style string literals: unquoting and the quoting of runes in messages.
 */
final class Strings {

    private Strings() {
    }

    /** An invalid escape, with its code point offset inside the literal. */
    static final class BadEscape extends Exception {
        private static final long serialVersionUID = 1L;

        BadEscape(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Unquotes a literal as the lexer matched it (with its quotes). Back-quoted strings are
     * raw; the others accept Go's escapes, the enclosing quote being the only quote that may be
     * escaped.
     */
    static String unquote(String literal) throws BadEscape {
        char quote = literal.charAt(0);
        String body = literal.substring(1, literal.length() - 1);
        if (quote == '`' || body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        // \x and octal escapes give bytes (Go strings are bytes); runs of them are decoded as
        // UTF-8, and bytes that form no valid UTF-8 become U+FFFD since a Java string cannot hold
        // them.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c != '\\') {
                flush(bytes, sb);
                sb.append(c);
                i++;
                continue;
            }
            int e = body.codePointAt(i + 1);
            i += 1 + Character.charCount(e);
            if (e != 'x' && (e < '0' || e > '7')) {
                flush(bytes, sb);
            }
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = digits(body, i - 1, 3, 8);
                    if (v > 255) {
                        throw new BadEscape("octal escape value > 255: " + v);
                    }
                    bytes.write(v);
                    i += 2;
                }
                case 'x' -> {
                    bytes.write(digits(body, i, 2, 16));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(checkCodePoint(digits(body, i, 4, 16)));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(checkCodePoint(digits(body, i, 8, 16)));
                    i += 8;
                }
                default -> {
                    if (e == quote) {
                        sb.append(quote);
                    } else {
                        throw new BadEscape("unknown escape sequence " + goUnicode(e));
                    }
                }
            }
        }
        flush(bytes, sb);
        return sb.toString();
    }

    private static void flush(java.io.ByteArrayOutputStream bytes, StringBuilder sb) {
        if (bytes.size() > 0) {
            sb.append(new String(bytes.toByteArray(), java.nio.charset.StandardCharsets.UTF_8));
            bytes.reset();
        }
    }

    private static int digits(String s, int from, int count, int radix) throws BadEscape {
        int v = 0;
        for (int k = 0; k < count; k++) {
            int d = from + k < s.length() ? Character.digit(s.charAt(from + k), radix) : -1;
            if (d < 0) {
                int cp = from + k < s.length() ? s.codePointAt(from + k) : -1;
                throw new BadEscape(cp < 0 ? "escape sequence not terminated"
                        : "illegal character " + goUnicode(cp) + " in escape sequence");
            }
            v = v * radix + d;
        }
        return v;
    }

    private static int checkCodePoint(int cp) throws BadEscape {
        if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp < 0xE000)) {
            throw new BadEscape("escape sequence is invalid Unicode code point");
        }
        return cp;
    }

    /** Go's {@code %#U}: {@code U+0071 'q'}. */
    static String goUnicode(int cp) {
        String hex = String.format(java.util.Locale.ROOT, "U+%04X", cp);
        return Character.isISOControl(cp) ? hex : hex + " '" + new String(Character.toChars(cp)) + "'";
    }

    /** Go's {@code %q} of a rune: {@code 'x'}, {@code '\n'}, {@code '\''}. */
    static String quoteRune(int cp) {
        String inner = switch (cp) {
            case '\'' -> "\\'";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\r' -> "\\r";
            case 0 -> "\\x00";
            default -> Character.isISOControl(cp)
                    ? String.format(java.util.Locale.ROOT, "\\x%02x", cp)
                    : new String(Character.toChars(cp));
        };
        return "'" + inner + "'";
    }
}
