package dev.ignis.scrape.internal.loop;

import java.lang.System.Logger.Level;

/** Logfmt-style log lines for the scrape loops and pools: a short message plus key=value pairs. */
final class Log {
    private static final System.Logger LOGGER = System.getLogger("dev.ignis.scrape.loop");

    private Log() {
    }

    static void info(String msg, Object... kv) {
        log(Level.INFO, msg, kv);
    }

    static void warn(String msg, Object... kv) {
        log(Level.WARNING, msg, kv);
    }

    static void error(String msg, Object... kv) {
        log(Level.ERROR, msg, kv);
    }

    private static void log(Level level, String msg, Object[] kv) {
        if (!LOGGER.isLoggable(level)) {
            return;
        }
        StringBuilder sb = new StringBuilder(msg);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=');
            String v = String.valueOf(kv[i + 1]);
            if (v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '=')) {
                sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
            } else {
                sb.append(v);
            }
        }
        LOGGER.log(level, sb.toString());
    }
}
