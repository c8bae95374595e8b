package dev.ignis.api.config;

/**
 * {@code tls_config}. Paths are resolved against the config file's directory; "" = unset.
 *
 * @param minVersion e.g. {@code TLS12}, "" for the client default
 * @param maxVersion e.g. {@code TLS13}, "" for the client default
 */
public record TlsConfig(String caFile, String certFile, String keyFile, String serverName,
        boolean insecureSkipVerify, String minVersion, String maxVersion) {
    /** No TLS settings. */
    public static final TlsConfig DEFAULT = new TlsConfig("", "", "", "", false, "", "");

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(DEFAULT);
    }
}
