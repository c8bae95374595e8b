package dev.ignis.launcher.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * Writes one line per event in Prometheus's shape:
 * {@code ts=2023-01-31T10:00:00.000Z caller=Name level=info msg="..." key=value}, or the same
 * fields as a JSON object with --log.format=json. Key/value pairs come from SLF4J 2's fluent API.
 */
final class LogfmtLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String caller;
    private final boolean library;

    LogfmtLogger(String name) {
        this.name = name;
        this.library = name.startsWith("org.eclipse.jetty.") || name.startsWith("org.apache.felix.");
        int dot = name.lastIndexOf('.');
        this.caller = dot >= 0 ? name.substring(dot + 1) : name;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return LogConfig.enabled(Level.DEBUG, library);
    }

    @Override
    public boolean isInfoEnabled() {
        return LogConfig.enabled(Level.INFO, library);
    }

    @Override
    public boolean isWarnEnabled() {
        return LogConfig.enabled(Level.WARN, library);
    }

    @Override
    public boolean isErrorEnabled() {
        return LogConfig.enabled(Level.ERROR, library);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
            Throwable t) {
        write(level, MessageFormatter.basicArrayFormat(pattern, args), List.of(), t);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!LogConfig.enabled(event.getLevel(), library)) {
            return;
        }
        Object[] args = event.getArgumentArray();
        String msg = args == null ? event.getMessage() : MessageFormatter.basicArrayFormat(event.getMessage(), args);
        List<KeyValuePair> kvs = event.getKeyValuePairs();
        write(event.getLevel(), msg, kvs == null ? List.of() : kvs, event.getThrowable());
    }

    private void write(Level level, String msg, List<KeyValuePair> kvs, Throwable t) {
        if (level == Level.TRACE) {
            return;
        }
        String lvl = level.name().toLowerCase();
        String ts = TS.format(Instant.now());
        StringBuilder sb = new StringBuilder(128);
        if (LogConfig.json()) {
            sb.append('{');
            jsonField(sb, "caller", caller).append(',');
            jsonField(sb, "level", lvl).append(',');
            jsonField(sb, "msg", msg);
            for (KeyValuePair kv : kvs) {
                sb.append(',');
                jsonField(sb, kv.key, String.valueOf(kv.value));
            }
            if (t != null) {
                sb.append(',');
                jsonField(sb, "err", t.toString());
            }
            sb.append(',');
            jsonField(sb, "ts", ts).append('}');
        } else {
            sb.append("ts=").append(ts).append(" caller=");
            logfmtValue(sb, caller);
            sb.append(" level=").append(lvl).append(" msg=");
            logfmtValue(sb, msg);
            for (KeyValuePair kv : kvs) {
                sb.append(' ').append(kv.key).append('=');
                logfmtValue(sb, String.valueOf(kv.value));
            }
            if (t != null) {
                sb.append(" err=");
                logfmtValue(sb, t.toString());
            }
        }
        PrintStreamHolder.println(sb);
    }

    /** Quotes a value when logfmt needs it: spaces, '=', quotes, control characters, or empty. */
    static void logfmtValue(StringBuilder sb, String v) {
        boolean quote = v.isEmpty();
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            quote = c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7f;
        }
        if (!quote) {
            sb.append(v);
            return;
        }
        sb.append('"');
        escape(sb, v);
        sb.append('"');
    }

    private static StringBuilder jsonField(StringBuilder sb, String k, String v) {
        sb.append('"');
        escape(sb, k);
        sb.append("\":\"");
        escape(sb, v);
        return sb.append('"');
    }

    private static void escape(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /** One println per line keeps lines whole when threads log at once. */
    private static final class PrintStreamHolder {
        static void println(CharSequence line) {
            LogConfig.out().println(line);
        }
    }
}
