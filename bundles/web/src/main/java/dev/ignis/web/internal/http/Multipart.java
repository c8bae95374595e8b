package dev.ignis.web.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The value fields of a {@code multipart/form-data} body, as Go's
 * {@code multipart.Reader.ReadForm} collects them for {@code Request.FormValue}: parts whose
 * {@code Content-Disposition} is {@code form-data} with a name and no file name, in order.
 * Anything malformed yields no values at all, as a failed {@code ParseMultipartForm} adds none.
 */
final class Multipart {

    private Multipart() {
    }

    /** The {@code boundary} parameter of a media type, or {@code null}. */
    static String boundary(String contentType) {
        Map<String, String> params = new LinkedHashMap<>();
        String type = mediaType(contentType, params);
        if (!"multipart/form-data".equals(type)) {
            return null;
        }
        String b = params.get("boundary");
        return b == null || b.isEmpty() ? null : b;
    }

    /** The value fields, or {@code null} when the body is not a well-formed multipart body. */
    static Map<String, List<String>> values(byte[] body, String boundary) {
        byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int pos = firstDelimiter(body, delim);
        if (pos < 0) {
            return null;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        while (true) {
            int i = pos + delim.length;
            if (startsWith(body, i, "--")) {
                // The close delimiter: only blanks, then a line break or the end of the body.
                i += 2;
                while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
                    i++;
                }
                return i == body.length || lineEnd(body, i) > 0 ? values : null;
            }
            while (i < body.length && (body[i] == ' ' || body[i] == '\t')) {
                i++;
            }
            i = lineEnd(body, i);
            if (i < 0) {
                return null;
            }
            String disposition = null;
            while (true) {
                int end = indexOfNewline(body, i);
                if (end < 0) {
                    return null;
                }
                String line = new String(body, i, end - i, StandardCharsets.UTF_8);
                i = lineEnd(body, end);
                if (line.isEmpty()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                    disposition = line.substring(colon + 1).trim();
                }
            }
            int next = nextDelimiter(body, delim, i);
            if (next < 0) {
                return null;
            }
            // The line break before the delimiter belongs to the delimiter, not the content.
            int contentEnd = next - 1;
            if (contentEnd > i && body[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            addValue(values, disposition, new String(body, i, Math.max(0, contentEnd - i), StandardCharsets.UTF_8));
            pos = next;
        }
    }

    private static void addValue(Map<String, List<String>> values, String disposition, String value) {
        if (disposition == null) {
            return;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (!"form-data".equals(mediaType(disposition, params))) {
            return;
        }
        String name = params.get("name");
        String filename = params.get("filename");
        if (name == null || name.isEmpty() || (filename != null && !filename.isEmpty())) {
            return;
        }
        values.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
    }

    /** The delimiter at the start of the body or of a line; -1 when there is none. */
    private static int firstDelimiter(byte[] body, byte[] delim) {
        if (startsWith(body, 0, delim)) {
            return 0;
        }
        return nextDelimiter(body, delim, 0);
    }

    /** The next delimiter that starts a line at or after {@code from}; -1 when there is none. */
    private static int nextDelimiter(byte[] body, byte[] delim, int from) {
        for (int i = Math.max(from, 1); i + delim.length <= body.length; i++) {
            if (body[i - 1] == '\n' && startsWith(body, i, delim)) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOfNewline(byte[] body, int from) {
        for (int i = from; i < body.length; i++) {
            if (body[i] == '\n') {
                return i > from && body[i - 1] == '\r' ? i - 1 : i;
            }
        }
        return -1;
    }

    /** The index after the line break at {@code i} ({@code \r\n} or {@code \n}); -1 when none is there. */
    private static int lineEnd(byte[] body, int i) {
        if (i < body.length && body[i] == '\n') {
            return i + 1;
        }
        if (i + 1 < body.length && body[i] == '\r' && body[i + 1] == '\n') {
            return i + 2;
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int at, String s) {
        return startsWith(body, at, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Go's {@code mime.ParseMediaType}, simplified: the lower-cased type before the first
     * {@code ;}, and {@code key=value} parameters (token or quoted string, keys lower-cased)
     * into {@code params}; {@code null} on a syntax error.
     */
    static String mediaType(String v, Map<String, String> params) {
        int semi = v.indexOf(';');
        String type = (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        int i = semi < 0 ? v.length() : semi + 1;
        while (i < v.length()) {
            while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
                i++;
            }
            if (i >= v.length()) {
                break;
            }
            int eq = v.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < v.length() && v.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < v.length()) {
                    char c = v.charAt(i++);
                    if (c == '\\' && i < v.length()) {
                        value.append(v.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    return null;
                }
            } else {
                while (i < v.length() && v.charAt(i) != ';' && v.charAt(i) != ' ' && v.charAt(i) != '\t') {
                    value.append(v.charAt(i++));
                }
            }
            if (key.isEmpty() || params.putIfAbsent(key, value.toString()) != null) {
                return null;
            }
            while (i < v.length() && (v.charAt(i) == ' ' || v.charAt(i) == '\t')) {
                i++;
            }
            if (i < v.length()) {
                if (v.charAt(i) != ';') {
                    return null;
                }
                i++;
            }
        }
        return type;
    }
}
