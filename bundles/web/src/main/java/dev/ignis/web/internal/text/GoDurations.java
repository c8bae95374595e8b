package dev.ignis.web.internal.text;

import java.util.Locale;

/**
 * Prometheus's duration and byte-size notations as its flags print them: durations like
 * {@code 15d}, {@code 1d12h}, {@code 2w} (model.Duration) and sizes like {@code 512MiB},
 * {@code 1GiB} (base-2 units, where {@code GB} also means GiB).
 */
public final class GoDurations {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long YEAR = 365 * DAY;

    private static final String[] SIZE_UNITS = {"EiB", "PiB", "TiB", "GiB", "MiB", "KiB"};

    private GoDurations() {
    }

    /**
     * Parses a Prometheus duration ({@code 1y2w3d4h5m6s7ms}, units in that order, or
     * {@code 0}) into milliseconds.
     *
     * @throws IllegalArgumentException if the text is not a duration
     */
    public static long parseDurationMillis(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int i = 0;
        int lastRank = -1;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
            }
            long n = Long.parseLong(s, start, i, 10);
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            int rank;
            long mult;
            switch (unit) {
                case "y" -> { rank = 0; mult = YEAR; }
                case "w" -> { rank = 1; mult = WEEK; }
                case "d" -> { rank = 2; mult = DAY; }
                case "h" -> { rank = 3; mult = HOUR; }
                case "m" -> { rank = 4; mult = MINUTE; }
                case "s" -> { rank = 5; mult = SECOND; }
                case "ms" -> { rank = 6; mult = 1; }
                default -> throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
            }
            if (rank <= lastRank) {
                throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
            }
            lastRank = rank;
            total = Math.addExact(total, Math.multiplyExact(n, mult));
        }
        return total;
    }

    /** Formats milliseconds as Prometheus prints durations: years and weeks only when exact. */
    public static String formatDuration(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        if (ms % YEAR == 0) {
            return sb.append(ms / YEAR).append('y').toString();
        }
        if (ms % WEEK == 0) {
            return sb.append(ms / WEEK).append('w').toString();
        }
        ms = unit(sb, ms, DAY, "d");
        ms = unit(sb, ms, HOUR, "h");
        ms = unit(sb, ms, MINUTE, "m");
        ms = unit(sb, ms, SECOND, "s");
        unit(sb, ms, 1, "ms");
        return sb.toString();
    }

    private static long unit(StringBuilder sb, long ms, long mult, String name) {
        long n = ms / mult;
        if (n > 0) {
            sb.append(n).append(name);
        }
        return ms - n * mult;
    }

    /**
     * Parses a base-2 byte size ({@code 512MB}, {@code 1GiB}, {@code 100B}, {@code 0}) into
     * bytes; {@code KB}/{@code MB}/... mean powers of 1024 as in Prometheus's flags.
     *
     * @throws IllegalArgumentException if the text is not a size
     */
    public static long parseBytes(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a valid byte size: \"" + s + "\"");
        }
        long n = Long.parseLong(t, 0, i, 10);
        String unit = t.substring(i).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "G", "GB", "GIB" -> 30;
            case "T", "TB", "TIB" -> 40;
            case "P", "PB", "PIB" -> 50;
            case "E", "EB", "EIB" -> 60;
            default -> throw new IllegalArgumentException("not a valid byte size: \"" + s + "\"");
        };
        if (shift > 0 && n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("byte size overflows: \"" + s + "\"");
        }
        return n << shift;
    }

    /** Formats bytes as {@code 1GiB512MiB}, {@code 100B}, {@code 0B}. */
    public static String formatBytes(long bytes) {
        if (bytes == 0) {
            return "0B";
        }
        StringBuilder sb = new StringBuilder();
        long rest = bytes;
        for (int i = 0; i < SIZE_UNITS.length; i++) {
            int shift = 10 * (SIZE_UNITS.length - i);
            long n = rest >>> shift;
            if (n > 0) {
                sb.append(n).append(SIZE_UNITS[i]);
                rest -= n << shift;
            }
        }
        if (rest > 0) {
            sb.append(rest).append('B');
        }
        return sb.toString();
    }
}
