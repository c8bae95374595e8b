package dev.ignis.promql.internal.ast;

import dev.ignis.api.config.GoQuote;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus durations ({@code 1h30m}, {@code 5m}, {@code 100ms}): units y w d h m s ms, in
 * that order, each at most once, integers only. A year is 365 days.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile(
            "(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000,
        60L * 1000, 1000L, 1L,
    };
    private static final String[] UNIT = {"y", "w", "d", "h", "m", "s", "ms"};
    // Prometheus keeps durations as Go time.Duration (int64 nanoseconds).
    private static final long MAX_MS = Long.MAX_VALUE / 1_000_000L;

    private Durations() {
    }

    /**
     * Parses a duration to milliseconds.
     *
     * @throws IllegalArgumentException with Prometheus's message if the text is not a duration
     */
    public static long parse(String text) {
        if (text.equals("0")) {
            return 0;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: " + GoQuote.quote(text));
        }
        long total = 0;
        for (int i = 0; i < UNIT_MS.length; i++) {
            String digits = m.group(i + 1);
            if (digits == null) {
                continue;
            }
            long n;
            try {
                n = Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range", e);
            }
            if (n > MAX_MS / UNIT_MS[i] || total + n * UNIT_MS[i] > MAX_MS) {
                throw new IllegalArgumentException("duration out of range");
            }
            total += n * UNIT_MS[i];
        }
        return total;
    }

    /**
     * Formats milliseconds the way Prometheus prints durations: largest units first, years and
     * weeks only when they divide the duration exactly ({@code 90d}, not {@code 12w6d}).
     */
    public static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long rest = ms;
        for (int i = 0; i < UNIT_MS.length; i++) {
            if (i < 2 && rest % UNIT_MS[i] != 0) {
                continue;
            }
            long v = rest / UNIT_MS[i];
            if (v > 0) {
                sb.append(v).append(UNIT[i]);
                rest -= v * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
