package dev.ignis.web.internal.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt hashes of {@code basic_auth_users}: the start-up check of Go's {@code bcrypt.Cost}
 * (with its messages) and password verification through {@code at.favre.lib:bcrypt}, which
 * reads the {@code $2a$}, {@code $2b$} and {@code $2y$} forms {@code htpasswd} and Go write.
 */
final class Bcrypt {
    private static final int MIN_HASH_SIZE = 59;
    private static final int MIN_COST = 4;
    private static final int MAX_COST = 31;

    // Passwords over 72 bytes are cut, as Go's bcrypt (x/crypto 0.4) does.
    private static final BCrypt.Verifyer VERIFYER =
            BCrypt.verifyer(BCrypt.Version.VERSION_2A, LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

    private Bcrypt() {
    }

    /**
     * Checks that {@code hash} is a bcrypt hash Go accepts.
     *
     * @throws WebConfigException worded as Go's {@code bcrypt.Cost} errors
     */
    static void checkCost(String hash) throws WebConfigException {
        byte[] b = hash.getBytes(StandardCharsets.UTF_8);
        if (b.length < MIN_HASH_SIZE) {
            throw new WebConfigException("crypto/bcrypt: hashedSecret too short to be a bcrypted password");
        }
        if (b[0] != '$') {
            throw new WebConfigException("crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '"
                    + (char) (b[0] & 0xff) + "'");
        }
        if (b[1] > '2') {
            throw new WebConfigException("crypto/bcrypt: bcrypt algorithm version '" + (char) (b[1] & 0xff)
                    + "' requested is newer than current version '2'");
        }
        int n = b[2] != '$' ? 4 : 3;
        String costText = new String(b, n, 2, StandardCharsets.ISO_8859_1);
        int cost;
        try {
            cost = Integer.parseInt(costText);
        } catch (NumberFormatException e) {
            throw new WebConfigException("strconv.Atoi: parsing \"" + costText + "\": invalid syntax");
        }
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new WebConfigException("crypto/bcrypt: cost " + cost + " is outside allowed range (" + MIN_COST + ","
                    + MAX_COST + ")");
        }
    }

    /** Whether {@code password} matches {@code hash}; a malformed hash matches nothing. */
    static boolean matches(String password, String hash) {
        try {
            return VERIFYER.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8)).verified;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
