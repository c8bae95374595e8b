package dev.ignis.scrape.internal.append;

import dev.ignis.api.config.GoQuote;
import dev.ignis.api.labels.Labels;

/** Prometheus 2.42's checks on a sample's final labels, with its error wording. */
final class LabelChecks {
    private LabelChecks() {
    }

    /** Metric name {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}, values without lone surrogates. */
    static boolean isValid(Labels l) {
        for (int i = 0; i < l.size(); i++) {
            String n = l.name(i);
            if (n.equals(Labels.METRIC_NAME) && !isMetricName(l.value(i))) {
                return false;
            }
            if (!isLabelName(n) || !isWellFormed(l.value(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isMetricName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isLabelName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The label-limit error for {@code l}, or null when within the limits. Lengths are UTF-8 bytes. */
    static String limitError(Labels l, AppendOptions o) {
        String met = l.get(Labels.METRIC_NAME);
        if (o.labelLimit() > 0 && l.size() > o.labelLimit()) {
            return "label_limit exceeded (metric: " + runes(met, 50) + ", number of labels: " + l.size()
                    + ", limit: " + o.labelLimit() + ")";
        }
        if (o.labelNameLengthLimit() <= 0 && o.labelValueLengthLimit() <= 0) {
            return null;
        }
        for (int i = 0; i < l.size(); i++) {
            String n = l.name(i);
            String v = l.value(i);
            if (o.labelNameLengthLimit() > 0 && utf8Length(n) > o.labelNameLengthLimit()) {
                return "label_name_length_limit exceeded (metric: " + runes(met, 50) + ", label name: " + runes(n, 50)
                        + ", length: " + utf8Length(n) + ", limit: " + o.labelNameLengthLimit() + ")";
            }
            if (o.labelValueLengthLimit() > 0 && utf8Length(v) > o.labelValueLengthLimit()) {
                return "label_value_length_limit exceeded (metric: " + runes(met, 50) + ", label name: " + runes(n, 50)
                        + ", value: " + GoQuote.quote(runes(v, 50)) + ", length: " + utf8Length(v) + ", limit: "
                        + o.labelValueLengthLimit() + ")";
            }
        }
        return null;
    }

    /** The first {@code max} code points, as Go's {@code %.50s} prints. */
    private static String runes(String s, int max) {
        int count = s.codePointCount(0, s.length());
        return count <= max ? s : s.substring(0, s.offsetByCodePoints(0, max));
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
