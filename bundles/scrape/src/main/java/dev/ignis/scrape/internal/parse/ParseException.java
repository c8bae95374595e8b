package dev.ignis.scrape.internal.parse;

/**
 * A malformed exposition body. {@link #reason()} is worded as Prometheus 2.42 words the same
 * failure (what the targets API shows as {@code lastError}); {@link #line()} is the 1-based line
 * of the offending token, or 0 when unknown.
 */
public final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final int line;

    public ParseException(String reason, int line) {
        super(line > 0 ? "line " + line + ": " + reason : reason, null, false, false);
        this.reason = reason;
        this.line = line;
    }

    /** The failure as Prometheus reports it, without position. */
    public String reason() {
        return reason;
    }

    /** 1-based line number of the offending token, 0 when unknown. */
    public int line() {
        return line;
    }
}
