package dev.ignis.scrape.internal.parse;

/** Byte-level helpers for the parsers: UTF-8 validation, escapes, Go-style quoting. */
final class Bytes {
    private Bytes() {
    }

    /** Whether {@code b[off, off+len)} is valid UTF-8 as Go's {@code utf8.Valid} defines it. */
    static boolean validUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n = utf8SeqLen(b, i, end);
            if (n < 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /**
     * Length of the valid multi-byte sequence starting at {@code i}, or -1 (overlong forms,
     * surrogates and code points above U+10FFFF are invalid).
     */
    static int utf8SeqLen(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int lo = 0x80;
        int hi = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            if (c == 0xe0) {
                lo = 0xa0;
            } else if (c == 0xed) {
                hi = 0x9f;
            }
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            if (c == 0xf0) {
                lo = 0x90;
            } else if (c == 0xf4) {
                hi = 0x8f;
            }
        } else {
            return -1;
        }
        if (i + n > end) {
            return -1;
        }
        int c1 = b[i + 1] & 0xff;
        if (c1 < lo || c1 > hi) {
            return -1;
        }
        for (int k = 2; k < n; k++) {
            int ck = b[i + k] & 0xff;
            if (ck < 0x80 || ck > 0xbf) {
                return -1;
            }
        }
        return n;
    }

    /** Whether the range contains a byte. */
    static boolean contains(byte[] b, int off, int len, byte x) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decodes escapes left to right: {@code \\} always, {@code \"} when {@code quotes}, {@code \n}
     * always; any other backslash is kept with the byte after it, as Go's strings.Replacer does.
     * Returns the decoded length written to {@code out} (which must hold {@code len} bytes).
     */
    static int unescape(byte[] b, int off, int len, boolean quotes, byte[] out) {
        int n = 0;
        int end = off + len;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < end) {
                byte d = b[i + 1];
                if (d == '\\' || (d == '"' && quotes)) {
                    out[n++] = d;
                    i++;
                    continue;
                }
                if (d == 'n') {
                    out[n++] = '\n';
                    i++;
                    continue;
                }
            }
            out[n++] = c;
        }
        return n;
    }

    /** Go's {@code %q} of the bytes as a string (valid UTF-8 kept, the rest escaped). */
    static String goQuote(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len + 2).append('"');
        int end = off + len;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                appendAscii(sb, c);
                i++;
                continue;
            }
            int n = utf8SeqLen(b, i, end);
            if (n < 0) {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                i++;
                continue;
            }
            int cp = new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
            if (isPrint(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp < 0x10000) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
            i += n;
        }
        return sb.append('"').toString();
    }

    /** Go's {@code %q} of a Java string. */
    static String goQuote(String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return goQuote(b, 0, b.length);
    }

    private static void appendAscii(StringBuilder sb, int c) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case 7 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 11 -> sb.append("\\v");
            default -> {
                if (c < 0x20 || c == 0x7f) {
                    sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                } else {
                    sb.append((char) c);
                }
            }
        }
    }

    private static boolean isPrint(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.SURROGATE,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
