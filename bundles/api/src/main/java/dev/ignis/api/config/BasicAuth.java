package dev.ignis.api.config;

/** {@code basic_auth}: a password or a file holding it (path resolved), not both. */
public record BasicAuth(String username, Secret password, String passwordFile) {
}
