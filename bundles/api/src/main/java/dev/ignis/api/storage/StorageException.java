package dev.ignis.api.storage;

/** A rejected append or a failed storage operation, with Prometheus's error kind. */
public final class StorageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Prometheus's storage error kinds. */
    public enum Kind {
        /** "out of order sample" */
        OUT_OF_ORDER("out of order sample"),
        /** "out of bounds" */
        OUT_OF_BOUNDS("out of bounds"),
        /** "duplicate sample for timestamp" */
        DUPLICATE_SAMPLE("duplicate sample for timestamp"),
        /** "too old sample" */
        TOO_OLD("too old sample"),
        /** "out of order exemplar": not newer than the series' newest exemplar */
        OUT_OF_ORDER_EXEMPLAR("out of order exemplar"),
        /** the exemplar's label names and values exceed 128 UTF-8 characters */
        EXEMPLAR_LABEL_LENGTH("label length for exemplar exceeds maximum of 128 UTF-8 characters"),
        /** an I/O or internal failure */
        INTERNAL("internal error");

        private final String message;

        Kind(String message) {
            this.message = message;
        }

        /** Prometheus's wording for this kind. */
        public String message() {
            return message;
        }
    }

    private final Kind kind;

    public StorageException(Kind kind) {
        super(kind.message(), null, false, false); // no stack trace: rejects are common on hot paths
        this.kind = kind;
    }

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
