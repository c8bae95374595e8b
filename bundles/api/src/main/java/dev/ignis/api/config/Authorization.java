package dev.ignis.api.config;

/**
 * {@code authorization} (also what {@code bearer_token}/{@code bearer_token_file} turn into).
 *
 * @param type the scheme, {@code Bearer} by default
 * @param credentials the credentials, or empty
 * @param credentialsFile file holding them (path resolved), or ""
 */
public record Authorization(String type, Secret credentials, String credentialsFile) {
}
