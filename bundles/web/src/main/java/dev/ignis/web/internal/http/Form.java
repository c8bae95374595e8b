package dev.ignis.web.internal.http;

import dev.ignis.api.config.GoQuote;
import dev.ignis.web.internal.text.GoText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request's form values as Go's {@code Request.ParseForm} sees them: the URL-encoded body
 * of a POST, PUT or PATCH with {@code Content-Type: application/x-www-form-urlencoded} first,
 * then the query string; {@code +} is a space; a pair with a bad escape is skipped and
 * reported as the parse error, so is a pair containing {@code ;} (Go 1.17+).
 *
 * <p>Read from the raw query string and body, never through {@code getParameter}, so that
 * the servlet container's own ordering (query first) and method rules do not apply.
 */
public final class Form {

    /** Go's cap on a form body (10 MiB). */
    static final int MAX_BODY = 10 << 20;
    /** Go's {@code ParseMultipartForm} limit for value fields: 32 MiB of memory plus 10 MiB. */
    static final int MAX_MULTIPART = 42 << 20;

    private final Map<String, List<String>> values;
    private final String error;

    private Form(Map<String, List<String>> values, String error) {
        this.values = values;
        this.error = error;
    }

    /** Parses the request's body (if a form) and query string. Reads the body. */
    public static Form of(HttpServletRequest req) throws IOException {
        return read(req, false);
    }

    /**
     * The form as Go's {@code Request.FormValue} sees it: as {@link #of}, and a
     * {@code multipart/form-data} body's value fields ({@link Multipart}) after the query's
     * values ({@code ParseMultipartForm} appends them); a malformed multipart body adds nothing
     * and is no error.
     */
    public static Form ofFormValue(HttpServletRequest req) throws IOException {
        return read(req, true);
    }

    private static Form read(HttpServletRequest req, boolean multipart) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String bodyError = null;
        String method = req.getMethod();
        Map<String, List<String>> parts = null;
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            String ct = req.getContentType();
            String boundary = multipart && ct != null ? Multipart.boundary(ct) : null;
            if (boundary != null) {
                byte[] body = readBody(req.getInputStream(), MAX_MULTIPART);
                parts = body == null ? null : Multipart.values(body, boundary);
            } else if (ct != null && mediaType(ct).equals("application/x-www-form-urlencoded")) {
                byte[] body = readBody(req.getInputStream(), MAX_BODY);
                if (body == null) {
                    bodyError = "http: POST too large";
                } else {
                    bodyError = parse(new String(body, StandardCharsets.ISO_8859_1), values);
                }
            }
        }
        String queryError = null;
        String query = req.getQueryString();
        if (query != null) {
            // Jetty hands out the query with any raw non-ASCII bytes already decoded as UTF-8.
            queryError = parse(new String(query.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                    values);
        }
        if (parts != null) {
            for (Map.Entry<String, List<String>> e : parts.entrySet()) {
                values.computeIfAbsent(e.getKey(), k -> new ArrayList<>(e.getValue().size())).addAll(e.getValue());
            }
        }
        return new Form(values, bodyError != null ? bodyError : queryError);
    }

    /** A form from a query string alone (tests). */
    static Form ofQuery(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        String error = parse(new String(query.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1), values);
        return new Form(values, error);
    }

    /** The first parse error as Go words it, or {@code null}. */
    public String error() {
        return error;
    }

    /** All values of {@code name}, body values first; empty when absent. */
    public List<String> values(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : v;
    }

    /** The first value of {@code name}, or {@code ""} (Go's {@code FormValue}). */
    public String value(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        String t = semi < 0 ? contentType : contentType.substring(0, semi);
        return t.trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] readBody(InputStream in, int max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > max) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /**
     * Adds the pairs of a URL-encoded string to {@code into}; returns the error Go's
     * {@code url.ParseQuery} would report, or {@code null}. The input holds one char per byte.
     */
    private static String parse(String query, Map<String, List<String>> into) {
        String err = null;
        int i = 0;
        int len = query.length();
        while (i < len) {
            int amp = query.indexOf('&', i);
            int end = amp < 0 ? len : amp;
            String pair = query.substring(i, end);
            i = end + 1;
            if (pair.indexOf(';') >= 0) {
                err = "invalid semicolon separator in query";
            } else if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String rawKey = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String[] failure = new String[1];
                String key = unescape(rawKey, failure);
                String value = key == null ? null : unescape(rawValue, failure);
                if (value == null) {
                    if (err == null) {
                        err = "invalid URL escape " + GoQuote.quote(failure[0]);
                    }
                } else {
                    into.computeIfAbsent(key, k -> new ArrayList<>(2)).add(value);
                }
            }
        }
        return err;
    }

    /** Go's {@code QueryUnescape}; null with the bad escape in {@code failure[0]} on error. */
    private static String unescape(String s, String[] failure) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    String bad = s.substring(i, Math.min(s.length(), i + 3));
                    failure[0] = new String(bad.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                    return null;
                }
                out.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
