package dev.ignis.api.config;

import java.math.BigDecimal;

/**
 * Byte sizes as Prometheus's {@code body_size_limit} takes them ({@code units.Base2Bytes}):
 * a number with a unit {@code B KB KiB MB MiB GB GiB TB TiB PB PiB EB EiB}, all powers of 1024,
 * possibly compound ({@code 1GB512MB}); {@code 0} alone is zero.
 */
public final class ByteSize {
    private static final String[] PREFIXES = {"", "K", "M", "G", "T", "P", "E"};

    private ByteSize() {
    }

    /**
     * Parses a size.
     *
     * @throws IllegalArgumentException with the message of Prometheus's units package
     */
    public static long parse(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("units: invalid " + s);
        }
        String orig = s;
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("units: invalid " + orig);
            }
            BigDecimal num;
            try {
                num = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("units: invalid " + orig);
            }
            int ustart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(ustart, i);
            if (unit.isEmpty()) {
                throw new IllegalArgumentException("units: missing unit in " + orig);
            }
            long mult = multiplier(unit);
            if (mult < 0) {
                throw new IllegalArgumentException("units: unknown unit " + unit + " in " + orig);
            }
            total = total.add(num.multiply(BigDecimal.valueOf(mult)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("units: overflow " + orig);
        }
        return total.longValue();
    }

    private static long multiplier(String unit) {
        for (int p = 0; p < PREFIXES.length; p++) {
            String pre = PREFIXES[p];
            if (unit.equals(pre + "B") || (!pre.isEmpty() && unit.equals(pre + "iB"))) {
                return 1L << (10 * p);
            }
        }
        return -1;
    }

    /** Formats as Prometheus does: {@code 10MiB}, {@code 1GiB512MiB}, {@code 0B}. */
    public static String format(long n) {
        if (n == 0) {
            return "0B";
        }
        String[] out = new String[PREFIXES.length];
        for (int p = 0; p < PREFIXES.length && n != 0; p++) {
            long part = n % 1024;
            if (part != 0) {
                out[p] = part + PREFIXES[p] + (p == 0 ? "B" : "iB");
            }
            n /= 1024;
        }
        StringBuilder sb = new StringBuilder();
        for (int p = out.length - 1; p >= 0; p--) {
            if (out[p] != null) {
                sb.append(out[p]);
            }
        }
        return sb.toString();
    }
}
