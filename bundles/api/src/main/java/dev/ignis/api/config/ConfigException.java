package dev.ignis.api.config;

/**
 * A configuration that cannot be used. The message follows Prometheus's wording; file and
 * line point at the offending YAML node when known.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    /**
     * @param file the config file, or {@code null} when not from a file
     * @param line 1-based line, or 0 when unknown
     */
    public ConfigException(String file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    /** An error without a position (e.g. raised by a consumer while applying a config). */
    public ConfigException(String message) {
        this(null, 0, message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.file = null;
        this.line = 0;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    /** The bare message, without position. */
    public String reason() {
        return super.getMessage();
    }

    /** {@code file:line: reason}, leaving out what is unknown. */
    @Override
    public String getMessage() {
        if (file == null) {
            return reason();
        }
        return line > 0 ? file + ":" + line + ": " + reason() : file + ": " + reason();
    }
}
