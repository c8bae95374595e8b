package dev.ignis.api.query;

/** A query that could not be parsed or evaluated; the message is Prometheus's wording. */
public final class QueryException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorType type;

    public QueryException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public QueryException(ErrorType type, String message, Throwable cause) {
        super(message, cause);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }
}
