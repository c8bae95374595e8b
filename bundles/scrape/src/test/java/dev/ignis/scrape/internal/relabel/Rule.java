package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.Regex;
import java.util.List;
import java.util.regex.Pattern;

/** Fluent RelabelConfig for tables; fields default as Prometheus does. */
final class Rule {
    private List<String> sources = List.of();
    private String separator = ";";
    private String regex = "(.*)";
    private long modulus;
    private String target = "";
    private String replacement = "$1";
    private final RelabelAction action;

    private Rule(RelabelAction action) {
        this.action = action;
    }

    static Rule of(RelabelAction action) {
        return new Rule(action);
    }

    Rule src(String... names) {
        sources = List.of(names);
        return this;
    }

    Rule sep(String s) {
        separator = s;
        return this;
    }

    Rule regex(String re) {
        regex = re;
        return this;
    }

    Rule mod(long m) {
        modulus = m;
        return this;
    }

    Rule target(String t) {
        target = t;
        return this;
    }

    Rule repl(String r) {
        replacement = r;
        return this;
    }

    RelabelConfig config() {
        // Test expressions use Go's (?P<name>) for named groups; Java spells it (?<name>).
        Pattern p = Pattern.compile("^(?:" + regex.replace("(?P<", "(?<") + ")$");
        Regex r = regex.equals("(.*)") ? Regex.DEFAULT : new Regex(regex, p);
        return new RelabelConfig(sources, separator, r, modulus, target, replacement, action);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(action.text());
        if (!sources.isEmpty()) {
            sb.append(" src=").append(String.join(separator, sources));
        }
        if (!regex.equals("(.*)")) {
            sb.append(" re=").append(regex);
        }
        if (!target.isEmpty()) {
            sb.append(" target=").append(target);
        }
        if (!replacement.equals("$1")) {
            sb.append(" repl=").append(replacement);
        }
        if (modulus != 0) {
            sb.append(" mod=").append(modulus);
        }
        return sb.toString();
    }
}
