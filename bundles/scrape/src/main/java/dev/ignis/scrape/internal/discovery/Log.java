package dev.ignis.scrape.internal.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Log lines for the discovery manager: a short message plus key=value pairs, through SLF4J's
 * fluent API so that the launcher's provider prints them as logfmt.
 */
final class Log {
    private final Logger logger;

    Log(Class<?> owner) {
        this.logger = LoggerFactory.getLogger(owner);
    }

    void info(String msg, Object... kv) {
        if (logger.isInfoEnabled()) {
            log(logger.atInfo(), msg, kv);
        }
    }

    void warn(String msg, Object... kv) {
        if (logger.isWarnEnabled()) {
            log(logger.atWarn(), msg, kv);
        }
    }

    void error(String msg, Object... kv) {
        if (logger.isErrorEnabled()) {
            log(logger.atError(), msg, kv);
        }
    }

    void debug(String msg, Object... kv) {
        if (logger.isDebugEnabled()) {
            log(logger.atDebug(), msg, kv);
        }
    }

    private static void log(LoggingEventBuilder b, String msg, Object[] kv) {
        for (int i = 0; i + 1 < kv.length; i += 2) {
            b = b.addKeyValue(String.valueOf(kv[i]), kv[i + 1]);
        }
        b.log(msg);
    }
}
