package dev.ignis.launcher;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus duration strings ({@code 1d12h}, {@code 5m}, {@code 100ms}): units from largest to
 * smallest, each at most once, as Prometheus's model.ParseDuration accepts them.
 */
final class Durations {
    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT_MILLIS = {
        365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};

    private Durations() {
    }

    /**
     * The duration in milliseconds.
     *
     * @throws IllegalArgumentException with Prometheus's message when {@code s} is not a duration
     */
    static long parseMillis(String s) {
        if (s.equals("0")) {
            return 0;
        }
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long total = 0;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            String n = m.group(i + 1);
            if (n != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(n), UNIT_MILLIS[i]));
            }
        }
        return total;
    }

    private static final String[] UNIT_NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    /**
     * Prints a duration as Prometheus's model.Duration does: largest units first, years and
     * weeks only when nothing smaller is left (90d rather than 12w6d), {@code 0s} for zero.
     */
    static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long left = ms;
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            boolean onlyExact = i < 2;
            if (onlyExact && left % UNIT_MILLIS[i] != 0) {
                continue;
            }
            long n = left / UNIT_MILLIS[i];
            if (n > 0) {
                sb.append(n).append(UNIT_NAMES[i]);
                left -= n * UNIT_MILLIS[i];
            }
        }
        return sb.toString();
    }
}
