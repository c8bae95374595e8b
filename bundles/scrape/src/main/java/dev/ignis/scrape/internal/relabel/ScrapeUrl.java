package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A target's scrape URL as Prometheus 2.42 builds it ({@code Target.URL()}, printed by Go's
 * {@code url.URL.String()}): scheme from {@code __scheme__}, host from {@code __address__},
 * path from {@code __metrics_path__}, and the query from the config's params with each
 * {@code __param_<name>} label replacing that param's first value (or adding it), encoded with
 * keys sorted. This is the targets API's {@code scrapeUrl} and the URL the loop requests.
 */
public final class ScrapeUrl {
    private static final String PARAM_PREFIX = "__param_";

    private ScrapeUrl() {
    }

    public static String of(Labels target, Map<String, List<String>> configParams) {
        Map<String, List<String>> params = new TreeMap<>();
        configParams.forEach((k, v) -> params.put(k, new ArrayList<>(v)));
        for (int i = 0; i < target.size(); i++) {
            String n = target.name(i);
            if (n.startsWith(PARAM_PREFIX)) {
                List<String> vs = params.computeIfAbsent(n.substring(PARAM_PREFIX.length()), k -> new ArrayList<>());
                if (vs.isEmpty()) {
                    vs.add(target.value(i));
                } else {
                    vs.set(0, target.value(i));
                }
            }
        }
        String scheme = target.get("__scheme__");
        String host = target.get("__address__");
        String path = target.get("__metrics_path__");
        StringBuilder sb = new StringBuilder(64);
        if (!scheme.isEmpty()) {
            sb.append(scheme).append(':');
        }
        if (!scheme.isEmpty() || !host.isEmpty()) {
            if (!host.isEmpty() || !path.isEmpty()) {
                sb.append("//");
            }
            escape(sb, host, Mode.HOST);
        }
        if (!path.isEmpty() && path.charAt(0) != '/' && !host.isEmpty()) {
            sb.append('/');
        }
        escape(sb, path, Mode.PATH);
        boolean first = true;
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            for (String v : e.getValue()) {
                sb.append(first ? '?' : '&');
                first = false;
                escape(sb, e.getKey(), Mode.QUERY);
                sb.append('=');
                escape(sb, v, Mode.QUERY);
            }
        }
        return sb.toString();
    }

    private enum Mode { HOST, PATH, QUERY }

    /** Go's {@code url.shouldEscape} for the three parts used here. */
    private static boolean keep(int c, Mode m) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        if (m == Mode.HOST && "!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
            return true;
        }
        if ("-_.~".indexOf(c) >= 0) {
            return true;
        }
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return m == Mode.PATH && c != '?';
        }
        return false;
    }

    private static void escape(StringBuilder sb, String s, Mode m) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == ' ' && m == Mode.QUERY) {
                sb.append('+');
            } else if (c < 0x80 && keep(c, m)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
    }
}
