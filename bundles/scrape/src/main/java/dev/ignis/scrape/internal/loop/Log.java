package dev.ignis.scrape.internal.loop;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Log lines for the scrape loops and pools: a short message plus key=value pairs, through
 * SLF4J's fluent API so that the launcher's provider prints them as logfmt.
 */
final class Log {
    private static final Logger LOGGER = LoggerFactory.getLogger("dev.ignis.scrape.loop");

    private Log() {
    }

    static void info(String msg, Object... kv) {
        if (LOGGER.isInfoEnabled()) {
            log(LOGGER.atInfo(), msg, kv);
        }
    }

    static void warn(String msg, Object... kv) {
        if (LOGGER.isWarnEnabled()) {
            log(LOGGER.atWarn(), msg, kv);
        }
    }

    static void error(String msg, Object... kv) {
        if (LOGGER.isErrorEnabled()) {
            log(LOGGER.atError(), msg, kv);
        }
    }

    private static void log(LoggingEventBuilder b, String msg, Object[] kv) {
        for (int i = 0; i + 1 < kv.length; i += 2) {
            b = b.addKeyValue(String.valueOf(kv[i]), kv[i + 1]);
        }
        b.log(msg);
    }
}
