package dev.ignis.api.config;

/**
 * A password, token or key from the config. {@link #toString()} never shows the value: it
 * renders as {@code <secret>}, as Prometheus does on /api/v1/status/config.
 *
 * @param value the secret text, never null ({@code ""} when unset)
 */
public record Secret(String value) {
    /** The unset secret. */
    public static final Secret EMPTY = new Secret("");

    public Secret {
        value = value == null ? "" : value;
    }

    /** Whether no secret was given. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
