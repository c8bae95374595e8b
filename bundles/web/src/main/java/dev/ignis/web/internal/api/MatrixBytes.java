package dev.ignis.web.internal.api;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryResult.Series;
import dev.ignis.web.internal.text.GoFloat;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A matrix result's {@code [{"metric":{...},"values":[[t,"v"],...]},...]} as ASCII/UTF-8 bytes
 * in one reused buffer, handed to the response stream in large parts: no characters, no
 * Jackson call and no object per series or point. Strings are escaped as jsoniter's
 * standard-library configuration does (see {@link GoJson}), with lower-case hex digits.
 */
final class MatrixBytes {

    // Large writes: each one is a trip through the servlet stream and usually a system call.
    private static final int SIZE = 1 << 16;
    // A point is at most ",[", the time (21), ",\"", the value and "\"]".
    private static final int POINT_MAX = 32 + GoFloat.API_MAX_BYTES;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    // Per ASCII character: 0 as is, 1 a short escape (\" \\ \n \r \t), 2 a \\u00XX escape.
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPE[c] = 2;
        }
        ESCAPE['"'] = 1;
        ESCAPE['\\'] = 1;
        ESCAPE['\n'] = 1;
        ESCAPE['\r'] = 1;
        ESCAPE['\t'] = 1;
        ESCAPE['<'] = 2;
        ESCAPE['>'] = 2;
        ESCAPE['&'] = 2;
    }

    private final OutputStream out;
    private final byte[] b = new byte[SIZE];
    private int pos;
    private final long[] scratch = new long[2];
    private final StringBuilder rare = new StringBuilder();

    // The series of a range result share their steps' timestamps: each one's "[secs,\"" is
    // kept in a direct-mapped cache, as three longs stored whole (past the end too, which the
    // next bytes overwrite), and copied instead of formatted again for every series.
    private static final int SLOTS = 512;
    private static final int SLOT_BYTES = 24;
    private final long[] cachedT = new long[SLOTS];
    private final byte[] cachedLen = new byte[SLOTS];
    private final long[] cached = new long[SLOTS * 3];

    MatrixBytes(OutputStream out) {
        this.out = out;
    }

    /** Writes the series array and hands everything to the stream. */
    void write(List<Series> series) throws IOException {
        b[pos++] = '[';
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            room(16);
            if (i > 0) {
                b[pos++] = ',';
            }
            ascii("{\"metric\":");
            labels(s.labels());
            ascii(",\"values\":");
            points(s.ts(), s.vs(), s.count());
            room(1);
            b[pos++] = '}';
        }
        room(1);
        b[pos++] = ']';
        flush();
    }

    private void flush() throws IOException {
        if (pos > 0) {
            out.write(b, 0, pos);
            pos = 0;
        }
    }

    private void room(int n) throws IOException {
        if (pos > SIZE - n) {
            flush();
        }
    }

    private void ascii(String s) throws IOException {
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            b[pos++] = (byte) s.charAt(i);
        }
    }

    private void labels(Labels l) throws IOException {
        room(1);
        b[pos++] = '{';
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                room(1);
                b[pos++] = ',';
            }
            string(l.name(i));
            room(1);
            b[pos++] = ':';
            string(l.value(i));
        }
        room(1);
        b[pos++] = '}';
    }

    /** A JSON string, quoted and escaped; unpaired surrogates become U+FFFD, as Go writes invalid UTF-8. */
    void string(String s) throws IOException {
        int n = s.length();
        // Six bytes per character at most (an escape), three for any UTF-16 unit otherwise.
        if (6L * n + 2 <= SIZE) {
            stringPart(s, 0, n, true, true);
            return;
        }
        // Long strings in parts, never between the two halves of a surrogate pair.
        for (int i = 0; i < n; ) {
            int end = Math.min(n, i + 1024);
            if (end < n && Character.isHighSurrogate(s.charAt(end - 1))) {
                end++;
            }
            stringPart(s, i, end, i == 0, end == n);
            i = end;
        }
    }

    private void stringPart(String s, int from, int to, boolean open, boolean close) throws IOException {
        room(6 * (to - from) + 2);
        byte[] b = this.b;
        int p = pos;
        if (open) {
            b[p++] = '"';
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else if (e == 1) {
                    b[p++] = '\\';
                    b[p++] = (byte) switch (c) {
                        case '\n' -> 'n';
                        case '\r' -> 'r';
                        case '\t' -> 't';
                        default -> c;
                    };
                } else {
                    p = unicodeEscape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (c == 0x2028 || c == 0x2029) {
                p = unicodeEscape(b, p, c);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xF0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    b[p++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    p = unicodeEscape(b, p, 0xFFFD);
                }
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        if (close) {
            b[p++] = '"';
        }
        pos = p;
    }

    private static int unicodeEscape(byte[] b, int p, int c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xF];
        b[p++] = HEX[c >> 8 & 0xF];
        b[p++] = HEX[c >> 4 & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** {@code [[t,"v"],...]}; a value equal to the one before copies that one's bytes. */
    private void points(long[] ts, double[] vs, int n) throws IOException {
        room(2);
        b[pos++] = '[';
        byte[] b = this.b;
        int p = pos;
        int lastAt = -1;
        int lastLen = 0;
        long lastBits = 0;
        for (int j = 0; j < n; j++) {
            if (p > SIZE - POINT_MAX) {
                pos = p;
                flush();
                p = 0;
                lastAt = -1;
            }
            if (j > 0) {
                b[p++] = ',';
            }
            p = time(b, p, ts[j]);
            double v = vs[j];
            long bits = Double.doubleToRawLongBits(v);
            if (bits == lastBits && lastAt >= 0) {
                // The earlier value's bytes are whole in the buffer, with room after them.
                long w0 = (long) LONGS.get(b, lastAt);
                long w1 = (long) LONGS.get(b, lastAt + 8);
                long w2 = (long) LONGS.get(b, lastAt + 16);
                long w3 = (long) LONGS.get(b, lastAt + 24);
                LONGS.set(b, p, w0);
                LONGS.set(b, p + 8, w1);
                LONGS.set(b, p + 16, w2);
                LONGS.set(b, p + 24, w3);
                p += lastLen;
            } else {
                int at = p;
                p = GoFloat.appendApi(b, p, v, scratch);
                lastAt = at;
                lastLen = p - at;
                lastBits = bits;
            }
            b[p++] = '"';
            b[p++] = ']';
        }
        pos = p;
        room(1);
        this.b[pos++] = ']';
    }

    /** {@code [secs,"} for a point's time. */
    private int time(byte[] b, int p, long t) {
        int slot = (int) ((t * 0x9E3779B97F4A7C15L) >>> 55);
        int len = cachedLen[slot];
        int from = slot * 3;
        if (len != 0 && cachedT[slot] == t) {
            LONGS.set(b, p, cached[from]);
            LONGS.set(b, p + 8, cached[from + 1]);
            LONGS.set(b, p + 16, cached[from + 2]);
            return p + len;
        }
        int end = seconds(b, p, t);
        len = end - p;
        if (len <= SLOT_BYTES) {
            cached[from] = (long) LONGS.get(b, p);
            cached[from + 1] = (long) LONGS.get(b, p + 8);
            cached[from + 2] = (long) LONGS.get(b, p + 16);
            cachedT[slot] = t;
            cachedLen[slot] = (byte) len;
        }
        return end;
    }

    /** {@code [}, {@link QueryJson#pointSeconds} in bytes, {@code ,"}. */
    private int seconds(byte[] b, int p, long t) {
        b[p++] = '[';
        if (t == Long.MIN_VALUE) {
            rare.setLength(0);
            QueryJson.pointSeconds(rare, t);
            for (int i = 0; i < rare.length(); i++) {
                b[p++] = (byte) rare.charAt(i);
            }
        } else {
            if (t < 0) {
                b[p++] = '-';
                t = -t;
            }
            long secs = t / 1000;
            int frac = (int) (t % 1000);
            p = GoFloat.digits(b, p, secs, GoFloat.digitCount(secs));
            if (frac != 0) {
                b[p++] = '.';
                b[p++] = (byte) ('0' + frac / 100);
                b[p++] = (byte) ('0' + frac / 10 % 10);
                b[p++] = (byte) ('0' + frac % 10);
            }
        }
        b[p++] = ',';
        b[p++] = '"';
        return p;
    }
}
