package dev.ignis.scrape.internal.loop;

/** Go's {@code time.Duration.String()} for whole milliseconds: {@code 15s}, {@code 1m0s}, {@code 100ms}, {@code 1.5s}. */
final class GoDuration {
    private GoDuration() {
    }

    static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        if (ms < 1000) {
            return sb.append(ms).append("ms").toString();
        }
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long frac = ms % 1000;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        sb.append(s);
        if (frac > 0) {
            String f = String.format("%03d", frac);
            int end = f.length();
            while (f.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(f, 0, end);
        }
        return sb.append('s').toString();
    }
}
