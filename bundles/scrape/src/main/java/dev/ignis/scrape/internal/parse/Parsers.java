package dev.ignis.scrape.internal.parse;

/** Picks the exposition parser for a response's Content-Type, as Prometheus 2.42 does. */
public final class Parsers {
    /** The media type that selects OpenMetrics. */
    public static final String OPENMETRICS_MEDIA_TYPE = "application/openmetrics-text";

    private Parsers() {
    }

    /**
     * Whether the Content-Type selects OpenMetrics: it parses as a media type (Go's
     * {@code mime.ParseMediaType} rules: {@code type/subtype} tokens, {@code key=value}
     * parameters, value a token or a quoted string, no repeated key) and its media type,
     * case-insensitively, is {@code application/openmetrics-text}. Anything else, including a
     * missing or malformed header, selects the text format 0.0.4, as Prometheus falls back.
     */
    public static boolean isOpenMetrics(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        if (!media.equalsIgnoreCase(OPENMETRICS_MEDIA_TYPE)) {
            return false;
        }
        return semi < 0 || validParams(contentType, semi);
    }

    private static boolean validParams(String s, int semi) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        int i = semi;
        int n = s.length();
        while (i < n) {
            // i is at ';'
            i++;
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i == n) {
                return true; // trailing semicolon
            }
            int k = i;
            while (i < n && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == k || i == n || s.charAt(i) != '=') {
                return s.substring(k).trim().equals(";") || s.substring(k).isBlank();
            }
            String key = s.substring(k, i).toLowerCase(java.util.Locale.ROOT);
            i++;
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    i += s.charAt(i) == '\\' ? 2 : 1;
                }
                if (i >= n) {
                    return false;
                }
                i++;
            } else {
                int v = i;
                while (i < n && isTokenChar(s.charAt(i))) {
                    i++;
                }
                if (i == v) {
                    return false;
                }
            }
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i < n && s.charAt(i) != ';') {
                return false;
            }
            if (!keys.add(key)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?=".indexOf(c) < 0;
    }

    /** A new parser for the Content-Type (callers keep one of each kind and reuse them). */
    public static ExpositionParser forContentType(String contentType) {
        return isOpenMetrics(contentType) ? new OpenMetricsParser() : new TextParser();
    }
}
