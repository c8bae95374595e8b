package dev.ignis.api.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's duration syntax ({@code model.Duration}): units {@code y w d h m s ms}, each at
 * most once and in that order, integers only ({@code 1h30m}, {@code 100ms}, {@code 1w}); a
 * year is 365 days. {@code "0"} is zero; fractions, signs and empty strings are rejected.
 */
public final class PromDuration {
    private static final Pattern SYNTAX = Pattern.compile(
            "^(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?$");
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L,
    };
    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException with Prometheus's message ({@code empty duration string},
     *         {@code not a valid duration string: "1.5s"}, {@code duration out of range})
     */
    public static Duration parse(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(s));
        }
        long total = 0;
        for (int i = 0; i < UNIT_MS.length; i++) {
            String g = m.group(i + 1);
            if (g == null) {
                continue;
            }
            try {
                long v = Long.parseLong(g);
                total = Math.addExact(total, Math.multiplyExact(v, UNIT_MS[i]));
                // Go durations are int64 nanoseconds.
                Math.multiplyExact(total, 1_000_000L);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return Duration.ofMillis(total);
    }

    /** Formats as Prometheus does: {@code 1m}, {@code 1h30m}, {@code 90d}, {@code 0s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            // Not produced by parse; kept readable for computed values.
            sb.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNIT_MS.length; i++) {
            long unit = UNIT_MS[i];
            // Years and weeks only when they divide exactly: 90d reads better than 12w6d.
            if (i < 2 && ms % unit != 0) {
                continue;
            }
            long v = ms / unit;
            if (v > 0) {
                sb.append(v).append(UNIT_NAMES[i]);
                ms -= v * unit;
            }
        }
        return sb.toString();
    }
}
