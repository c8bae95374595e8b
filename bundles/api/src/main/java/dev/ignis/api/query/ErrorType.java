package dev.ignis.api.query;

/** Prometheus's API error types with the HTTP status each maps to. */
public enum ErrorType {
    BAD_DATA("bad_data", 400),
    EXECUTION("execution", 422),
    CANCELED("canceled", 503),
    TIMEOUT("timeout", 503),
    INTERNAL("internal", 500),
    NOT_FOUND("not_found", 404),
    UNAVAILABLE("unavailable", 500);

    private final String wire;
    private final int httpStatus;

    ErrorType(String wire, int httpStatus) {
        this.wire = wire;
        this.httpStatus = httpStatus;
    }

    /** The {@code errorType} string in API responses. */
    public String wire() {
        return wire;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
