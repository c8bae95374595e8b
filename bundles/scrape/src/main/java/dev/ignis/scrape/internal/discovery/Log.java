package dev.ignis.scrape.internal.discovery;

import java.lang.System.Logger.Level;

/**
 * Logfmt-style logging for the discovery manager: a short message plus key=value pairs.
 *
 * <p>Goes through {@link System.Logger} because this bundle does not depend on SLF4J yet;
 * swapping to SLF4J's fluent API only touches this class.
 */
final class Log {
    private final System.Logger logger;

    Log(Class<?> owner) {
        this.logger = System.getLogger(owner.getName());
    }

    void info(String msg, Object... kv) {
        log(Level.INFO, msg, kv);
    }

    void warn(String msg, Object... kv) {
        log(Level.WARNING, msg, kv);
    }

    void error(String msg, Object... kv) {
        log(Level.ERROR, msg, kv);
    }

    void debug(String msg, Object... kv) {
        log(Level.DEBUG, msg, kv);
    }

    private void log(Level level, String msg, Object[] kv) {
        if (!logger.isLoggable(level)) {
            return;
        }
        logger.log(level, format(msg, kv));
    }

    /** {@code msg key=value key="quoted value"}; values with spaces, quotes or '=' are quoted. */
    static String format(String msg, Object... kv) {
        StringBuilder sb = new StringBuilder(msg);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=');
            String v = String.valueOf(kv[i + 1]);
            if (v.isEmpty() || v.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '=')) {
                sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                        .append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }
}
