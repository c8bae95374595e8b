package dev.ignis.tsdb.internal.block;

import java.security.SecureRandom;

/**
 * ULIDs as Prometheus names blocks with them (github.com/oklog/ulid): 48 bits of Unix time in
 * ms, then 80 random bits, as 26 Crockford base32 characters. Thread-safe.
 */
public final class Ulid {

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ulid() {
    }

    /** A new ULID for the current time. */
    public static String next() {
        return of(System.currentTimeMillis(), RANDOM);
    }

    /** The ULID of time {@code ms} with entropy from {@code random}. */
    public static String of(long ms, java.util.Random random) {
        byte[] entropy = new byte[10];
        random.nextBytes(entropy);
        return encode(ms, entropy);
    }

    /** Encodes 6 bytes of time and 10 of entropy (128 bits, 2 leading zero bits) as 26 chars. */
    static String encode(long ms, byte[] entropy) {
        if (ms < 0 || ms >= 1L << 48) {
            throw new IllegalArgumentException("ULID time out of range: " + ms);
        }
        byte[] id = new byte[16];
        for (int i = 0; i < 6; i++) {
            id[i] = (byte) (ms >>> (8 * (5 - i)));
        }
        System.arraycopy(entropy, 0, id, 6, 10);
        char[] out = new char[26];
        // 130 bits of output for 128 of input: the first character carries 3 bits.
        for (int c = 0; c < 26; c++) {
            int bit = c * 5 - 2;
            int v = 0;
            for (int k = 0; k < 5; k++, bit++) {
                v <<= 1;
                if (bit >= 0 && ((id[bit >> 3] >> (7 - (bit & 7))) & 1) != 0) {
                    v |= 1;
                }
            }
            out[c] = CROCKFORD[v];
        }
        return new String(out);
    }

    /** The time in ms of a ULID string. */
    public static long time(String ulid) {
        long t = 0;
        for (int c = 0; c < 10; c++) {
            int v = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(ulid.charAt(c));
            if (v < 0) {
                throw new IllegalArgumentException("not a ULID: " + ulid);
            }
            t = (t << 5) | v;
        }
        return t;
    }
}
