package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One compiled relabeling rule: the config's anchored regex, its capture-group names, and the
 * target label and replacement parsed as templates. Immutable and thread-safe; matching state
 * lives in {@link Relabeler}.
 */
final class RelabelRule {
    private static final Pattern TARGET = Pattern.compile("(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+");
    private static final String DEFAULT_REPLACEMENT = RelabelConfig.DEFAULT.replacement();

    final RelabelAction action;
    final String[] sources;
    final String separator;
    final Pattern pattern;
    final long modulus;
    final String target;
    final Template targetTemplate;
    final Template replacement;

    private RelabelRule(RelabelConfig c, List<String> groupNames) {
        action = c.action();
        sources = c.sourceLabels().toArray(new String[0]);
        separator = c.separator();
        pattern = c.regex().pattern();
        modulus = c.modulus();
        target = c.targetLabel();
        targetTemplate = Template.parse(target, groupNames);
        replacement = Template.parse(c.replacement(), groupNames);
    }

    /**
     * Compiles a rule, checking it as Prometheus 2.42 checks it on load.
     *
     * @throws IllegalArgumentException with Prometheus's message when the rule is invalid
     */
    static RelabelRule compile(RelabelConfig c) {
        validate(c);
        return new RelabelRule(c, CaptureNames.of(c.regex().text()));
    }

    static void validate(RelabelConfig c) {
        RelabelAction a = c.action();
        String name = a.text();
        String t = c.targetLabel();
        RelabelConfig d = RelabelConfig.DEFAULT;
        if (a == RelabelAction.HASHMOD && c.modulus() == 0) {
            throw new IllegalArgumentException("relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (a) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && t.isEmpty()) {
            throw new IllegalArgumentException("relabel configuration for " + name + " action requires 'target_label' value");
        }
        boolean plainTarget = a == RelabelAction.LOWERCASE || a == RelabelAction.UPPERCASE
                || a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL || a == RelabelAction.HASHMOD;
        if ((a == RelabelAction.REPLACE && !TARGET.matcher(t).matches()) || (plainTarget && !isLabelName(t))) {
            throw new IllegalArgumentException(GoQuote.quote(t) + " is invalid 'target_label' for " + name + " action");
        }
        if ((a == RelabelAction.LOWERCASE || a == RelabelAction.UPPERCASE)
                && !c.replacement().equals(DEFAULT_REPLACEMENT)) {
            throw new IllegalArgumentException("'replacement' can not be set for " + name + " action");
        }
        if (a == RelabelAction.LABELMAP && !TARGET.matcher(c.replacement()).matches()) {
            throw new IllegalArgumentException(GoQuote.quote(c.replacement()) + " is invalid 'replacement' for " + name + " action");
        }
        if ((a == RelabelAction.LABELDROP || a == RelabelAction.LABELKEEP) && (!c.sourceLabels().isEmpty()
                || !t.isEmpty() || c.modulus() != 0 || !c.separator().equals(d.separator())
                || !c.replacement().equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(name + " action requires only 'regex', and no other fields");
        }
        if ((a == RelabelAction.KEEPEQUAL || a == RelabelAction.DROPEQUAL) && (!c.regex().equals(d.regex())
                || c.modulus() != 0 || !c.separator().equals(d.separator())
                || !c.replacement().equals(DEFAULT_REPLACEMENT))) {
            throw new IllegalArgumentException(
                    name + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
    }

    /** Prometheus's label name syntax (2.42): {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
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
}
