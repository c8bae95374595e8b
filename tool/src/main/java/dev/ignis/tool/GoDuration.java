package dev.ignis.tool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Millisecond durations in Go's notation: printed as time.Duration.String, parsed as Prometheus model durations. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|y|w|d|h|m|s)");

    private GoDuration() {
    }

    /** Go's time.Duration.String of a whole number of milliseconds: "2h0m0s", "15.001s", "1ms", "0s". */
    static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        String sign = ms < 0 ? "-" : "";
        long a = Math.abs(ms);
        if (a < 1000) {
            return sign + a + "ms";
        }
        long h = a / 3_600_000;
        long m = a / 60_000 % 60;
        long s = a / 1000 % 60;
        long frac = a % 1000;
        StringBuilder sb = new StringBuilder(sign);
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(s);
        if (frac > 0) {
            String f = String.format("%03d", frac);
            sb.append('.').append(f.replaceAll("0+$", ""));
        }
        return sb.append('s').toString();
    }

    /** Parses "2h", "1d12h", "90m", "0s" into milliseconds. */
    static long parse(String text) {
        if (text.equals("0")) {
            return 0;
        }
        Matcher m = PART.matcher(text);
        long total = 0;
        int pos = 0;
        while (pos < text.length() && m.find(pos) && m.start() == pos) {
            long n = Long.parseLong(m.group(1));
            total += n * switch (m.group(2)) {
                case "y" -> 365L * 86_400_000;
                case "w" -> 7L * 86_400_000;
                case "d" -> 86_400_000L;
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1000L;
                default -> 1L;
            };
            pos = m.end();
        }
        if (pos != text.length() || text.isEmpty()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + text + "\"");
        }
        return total;
    }

    /** picocli converter for duration options. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
