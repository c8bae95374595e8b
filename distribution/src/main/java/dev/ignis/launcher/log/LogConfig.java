package dev.ignis.launcher.log;

import java.io.PrintStream;
import org.slf4j.event.Level;

/**
 * Process-wide logging settings from --log.level and --log.format. Set once at start-up, before
 * the framework starts; read by every logger on each call (two volatile reads).
 */
public final class LogConfig {
    private static volatile Level threshold = Level.INFO;
    private static volatile boolean json;
    private static volatile PrintStream out = System.err;

    private LogConfig() {
    }

    /**
     * @param level one of debug, info, warn, error
     * @param format logfmt or json
     */
    public static void configure(String level, String format) {
        threshold = switch (level) {
            case "debug" -> Level.DEBUG;
            case "warn" -> Level.WARN;
            case "error" -> Level.ERROR;
            default -> Level.INFO;
        };
        json = format.equals("json");
    }

    /** Redirects output (tests). */
    public static void output(PrintStream stream) {
        out = stream;
    }

    static boolean enabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    /**
     * Libraries (Jetty, Felix) chat at info level about their own start and stop; Prometheus's
     * log has none of that, so they show from warn up unless --log.level=debug.
     */
    static boolean enabled(Level level, boolean library) {
        if (library && threshold != Level.DEBUG) {
            return level.toInt() >= Level.WARN.toInt();
        }
        return enabled(level);
    }

    static boolean json() {
        return json;
    }

    static PrintStream out() {
        return out;
    }
}
