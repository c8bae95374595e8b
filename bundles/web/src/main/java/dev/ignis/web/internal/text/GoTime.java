package dev.ignis.web.internal.text;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Formats instants as Go's {@code time.RFC3339Nano} layout, which Prometheus's JSON uses. */
public final class GoTime {

    private GoTime() {
    }

    /**
     * {@code 2023-01-31T10:00:00.123456789Z}: trailing zeros of the fraction dropped (no
     * fraction at all for whole seconds), {@code Z} for UTC or a {@code +hh:mm} offset.
     */
    public static String rfc3339Nano(Instant t, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(t);
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, offset);
        StringBuilder sb = new StringBuilder(35);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append('T');
        pad(sb, d.getHour(), 2).append(':');
        pad(sb, d.getMinute(), 2).append(':');
        pad(sb, d.getSecond(), 2);
        int nanos = t.getNano();
        if (nanos != 0) {
            int digits = 9;
            while (nanos % 10 == 0) {
                nanos /= 10;
                digits--;
            }
            sb.append('.');
            pad(sb, nanos, digits);
        }
        int secs = offset.getTotalSeconds();
        if (secs == 0) {
            return sb.append('Z').toString();
        }
        sb.append(secs < 0 ? '-' : '+');
        int abs = Math.abs(secs);
        pad(sb, abs / 3600, 2).append(':');
        return pad(sb, abs / 60 % 60, 2).toString();
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
