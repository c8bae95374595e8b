package dev.ignis.web.internal.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Formats and parses instants in Go's {@code time.RFC3339Nano} layout, which Prometheus's API uses. */
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

    /**
     * Parses {@code s} as Go 1.19's {@code time.Parse(time.RFC3339Nano, s)} does: a four-digit
     * year, two-digit month, day, minute and second, a one- or two-digit hour, an optional
     * fraction of one to nine digits after {@code .} or {@code ,}, then {@code Z} or
     * {@code ±hh:mm}; upper-case {@code T} and {@code Z} only; dates are range-checked.
     *
     * @throws IllegalArgumentException when the text does not match
     */
    public static Instant parseRfc3339Nano(String s) {
        int[] pos = {0};
        int year = digits(s, pos, 4);
        expect(s, pos, '-');
        int month = digits(s, pos, 2);
        expect(s, pos, '-');
        int day = digits(s, pos, 2);
        expect(s, pos, 'T');
        int hour = digits(s, pos, 1);
        if (pos[0] < s.length() && isDigit(s.charAt(pos[0]))) {
            hour = hour * 10 + (s.charAt(pos[0]++) - '0');
        }
        expect(s, pos, ':');
        int minute = digits(s, pos, 2);
        expect(s, pos, ':');
        int second = digits(s, pos, 2);
        int nanos = 0;
        int i = pos[0];
        if (i + 1 < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
            int j = i + 1;
            while (j < s.length() && isDigit(s.charAt(j))) {
                j++;
            }
            if (j - i - 1 > 9) {
                throw bad(s);
            }
            nanos = Integer.parseInt(s, i + 1, j, 10);
            for (int k = j - i - 1; k < 9; k++) {
                nanos *= 10;
            }
            pos[0] = j;
        }
        long offsetSeconds;
        i = pos[0];
        if (i < s.length() && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
            pos[0] = i + 1;
        } else {
            if (s.length() - i < 6 || s.charAt(i + 3) != ':' || s.charAt(i) != '+' && s.charAt(i) != '-') {
                throw bad(s);
            }
            pos[0] = i + 1;
            int oh = digits(s, pos, 2);
            pos[0]++;
            int om = digits(s, pos, 2);
            if (oh > 24 || om > 60) {
                throw bad(s);
            }
            offsetSeconds = (oh * 3600L + om * 60L) * (s.charAt(i) == '-' ? -1 : 1);
        }
        if (pos[0] != s.length() || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
            throw bad(s);
        }
        try {
            LocalDate date = LocalDate.of(year, month, day);
            long epoch = date.toEpochDay() * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(epoch, nanos);
        } catch (DateTimeException e) {
            throw bad(s);
        }
    }

    private static int digits(String s, int[] pos, int n) {
        int i = pos[0];
        if (i + n > s.length()) {
            throw bad(s);
        }
        int v = 0;
        for (int k = i; k < i + n; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        pos[0] = i + n;
        return v;
    }

    private static void expect(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw bad(s);
        }
        pos[0]++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException("not an RFC 3339 time: " + s);
    }

    private static StringBuilder pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
