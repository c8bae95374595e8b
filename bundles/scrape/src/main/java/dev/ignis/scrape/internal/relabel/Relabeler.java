package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Applies a list of relabeling rules to label sets as Prometheus 2.42 does: rules run in order,
 * each on the result of the previous one, and a keep/drop rule that rejects ends processing.
 *
 * <p>Holds reusable matchers and buffers, so one instance serves one thread (a scrape loop);
 * {@link #copy()} gives another thread its own instance over the same compiled rules. A set that
 * no rule changed comes back as the same instance without allocation beyond the regex engine's.
 */
public final class Relabeler {
    private final RelabelRule[] rules;
    private final Matcher[] matchers;
    private final LabelScratch cur = new LabelScratch();
    private final LabelScratch snapshot = new LabelScratch();
    private final StringBuilder join = new StringBuilder();
    private final StringBuilder expandTarget = new StringBuilder();
    private final StringBuilder expandValue = new StringBuilder();
    private final Labels.Builder out = Labels.builder(16);
    private MessageDigest md5;

    private Relabeler(RelabelRule[] rules) {
        this.rules = rules;
        this.matchers = new Matcher[rules.length];
        for (int i = 0; i < rules.length; i++) {
            matchers[i] = rules[i].pattern.matcher("");
        }
    }

    /**
     * Compiles the rules.
     *
     * @throws IllegalArgumentException when a rule is invalid, with Prometheus's message
     */
    public static Relabeler of(List<RelabelConfig> configs) {
        RelabelRule[] rules = new RelabelRule[configs.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = RelabelRule.compile(configs.get(i));
        }
        return new Relabeler(rules);
    }

    /** A fresh instance over the same compiled rules, for another thread. */
    public Relabeler copy() {
        return new Relabeler(rules);
    }

    /** Whether there are no rules (processing returns its input). */
    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** The relabeled set, {@code in} itself when unchanged, or null when a rule dropped it. */
    public Labels process(Labels in) {
        if (rules.length == 0) {
            return in;
        }
        cur.load(in);
        for (int i = 0; i < rules.length; i++) {
            if (!apply(rules[i], matchers[i])) {
                return null;
            }
        }
        return cur.dirty() ? cur.build(out) : in;
    }

    private boolean apply(RelabelRule r, Matcher m) {
        String val = sourceValue(r);
        switch (r.action) {
            case DROP:
                return !m.reset(val).matches();
            case KEEP:
                return m.reset(val).matches();
            case DROPEQUAL:
                return !cur.get(r.target).equals(val);
            case KEEPEQUAL:
                return cur.get(r.target).equals(val);
            case REPLACE: {
                if (!m.reset(val).matches()) {
                    break;
                }
                String target = r.targetTemplate.expand(m, expandTarget);
                if (!RelabelRule.isLabelName(target)) {
                    cur.delete(r.target);
                    break;
                }
                String value = r.replacement.expand(m, expandValue);
                if (value.isEmpty()) {
                    cur.delete(r.target);
                    break;
                }
                cur.set(target, value);
                break;
            }
            case LOWERCASE:
                cur.set(r.target, mapCase(val, false));
                break;
            case UPPERCASE:
                cur.set(r.target, mapCase(val, true));
                break;
            case HASHMOD:
                cur.set(r.target, Long.toUnsignedString(Long.remainderUnsigned(md5Tail(val), r.modulus)));
                break;
            case LABELMAP:
                snapshot.copySorted(cur);
                for (int k = 0; k < snapshot.size(); k++) {
                    if (m.reset(snapshot.name(k)).matches()) {
                        cur.set(r.replacement.expand(m, expandValue), snapshot.value(k));
                    }
                }
                break;
            case LABELDROP:
            case LABELKEEP: {
                boolean dropMatching = r.action == dev.ignis.api.config.RelabelAction.LABELDROP;
                for (int k = cur.size() - 1; k >= 0; k--) {
                    if (m.reset(cur.name(k)).matches() == dropMatching) {
                        cur.removeAt(k);
                    }
                }
                break;
            }
            default:
                throw new IllegalStateException("BUG: unknown relabel action " + r.action);
        }
        return true;
    }

    /** The source labels' values joined by the separator; absent labels count as "". */
    private String sourceValue(RelabelRule r) {
        String[] s = r.sources;
        if (s.length == 1) {
            return cur.get(s[0]);
        }
        if (s.length == 0) {
            return "";
        }
        join.setLength(0);
        for (int k = 0; k < s.length; k++) {
            if (k > 0) {
                join.append(r.separator);
            }
            join.append(cur.get(s[k]));
        }
        return join.toString();
    }

    /** The last 8 bytes of the MD5 digest as a big-endian unsigned 64-bit number. */
    private long md5Tail(String val) {
        if (md5 == null) {
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("BUG: the JDK must provide MD5", e);
            }
        }
        byte[] d = md5.digest(val.getBytes(StandardCharsets.UTF_8));
        long s = 0;
        for (int k = 8; k < 16; k++) {
            s = (s << 8) | (d[k] & 0xff);
        }
        return s;
    }

    /** Per-code-point case mapping, as Go's strings.ToLower/ToUpper (no special casing). */
    static String mapCase(String s, boolean upper) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            int mapped = upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp);
            if (mapped != cp) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == n) {
            return s;
        }
        StringBuilder sb = new StringBuilder(n).append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
