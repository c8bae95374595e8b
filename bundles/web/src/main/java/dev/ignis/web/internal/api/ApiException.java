package dev.ignis.web.internal.api;

import dev.ignis.api.query.ErrorType;

/**
 * An API call that failed with one of Prometheus's error types; answered as
 * {@code {"status":"error","errorType":...,"error":...}} with the type's HTTP status.
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorType type;
    private final transient JsonBody data;

    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    /** An error that still carries data (Prometheus does this for some query errors). */
    public ApiException(ErrorType type, String message, JsonBody data) {
        super(message, null, false, false);
        this.type = type;
        this.data = data;
    }

    public ErrorType type() {
        return type;
    }

    /** Data to include in the error response, or {@code null}. */
    public JsonBody data() {
        return data;
    }
}
