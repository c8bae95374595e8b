package dev.ignis.tool;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * promtool's {@code --lint} for rule files: the one check 2.42 has, rules of the same name and
 * labels ({@code duplicate-rules}), and its report.
 */
final class RuleLint {
    /** A rule as the duplicate check sees it: alert or record name, and its labels sorted by name. */
    record Key(String metric, Map<String, String> labels) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::metric).thenComparing(RuleLint::compareLabels);

    final boolean duplicateRules;
    final boolean fatal;

    private RuleLint(boolean duplicateRules, boolean fatal) {
        this.duplicateRules = duplicateRules;
        this.fatal = fatal;
    }

    /** The comma-separated {@code --lint} value; unknown options are warned about on {@code out}, as promtool does. */
    static RuleLint parse(String setting, boolean fatal, PrintWriter out) {
        boolean dup = false;
        for (String item : setting.split(",", -1)) {
            switch (item) {
                case "all", "duplicate-rules" -> dup = true;
                case "none" -> {
                }
                default -> out.println("WARNING: unknown lint option " + item);
            }
        }
        return new RuleLint(dup, fatal);
    }

    /** The lint report for these rules, or null when there is nothing to report. */
    String report(List<Key> keys) {
        if (!duplicateRules) {
            return null;
        }
        List<Key> dups = duplicates(keys);
        if (dups.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("lint error ").append(dups.size()).append(" duplicate rule(s) found.\n");
        for (Key k : dups) {
            sb.append("Metric: ").append(k.metric()).append("\nLabel(s):\n");
            k.labels().forEach((n, v) -> sb.append('\t').append(n).append(": ").append(v).append('\n'));
        }
        return sb.append("Might cause inconsistency while recording expressions").toString();
    }

    /** Each name-and-labels pair that occurs more than once, once, in order. */
    static List<Key> duplicates(List<Key> keys) {
        List<Key> sorted = new ArrayList<>(keys);
        sorted.sort(ORDER);
        List<Key> out = new ArrayList<>();
        for (int i = 1; i < sorted.size(); i++) {
            Key k = sorted.get(i);
            if (ORDER.compare(sorted.get(i - 1), k) == 0
                    && (out.isEmpty() || ORDER.compare(out.get(out.size() - 1), k) != 0)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Prometheus's labels order: pairwise by name then value, a prefix first. */
    private static int compareLabels(Key a, Key b) {
        Iterator<Map.Entry<String, String>> x = a.labels().entrySet().iterator();
        Iterator<Map.Entry<String, String>> y = b.labels().entrySet().iterator();
        while (x.hasNext() && y.hasNext()) {
            Map.Entry<String, String> l = x.next();
            Map.Entry<String, String> r = y.next();
            int c = l.getKey().compareTo(r.getKey());
            if (c == 0) {
                c = l.getValue().compareTo(r.getValue());
            }
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }
}
