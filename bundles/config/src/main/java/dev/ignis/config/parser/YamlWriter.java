package dev.ignis.config.parser;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Emits a tree of maps, lists and scalars in the layout of Go's yaml.v2 (the layout of
 * Prometheus's /api/v1/status/config): two-space indents, sequences not indented under their
 * key, strings quoted only when plain style would change their meaning.
 */
final class YamlWriter {
    /** A list written in flow style ({@code [a, b]}), as Prometheus does for source_labels. */
    record Flow(List<String> items) {
    }

    private static final Pattern BASE60 = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
    private static final Pattern GO_FLOAT =
            Pattern.compile("^[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9_]+)(?:[eE][-+]?[0-9]+)?$");
    private static final List<String> NON_STRINGS = List.of("", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes",
            "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON",
            "off", "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan",
            ".NaN", ".NAN", "<<");

    private final StringBuilder sb = new StringBuilder(1024);

    static String write(Map<String, Object> root) {
        YamlWriter w = new YamlWriter();
        if (root.isEmpty()) {
            return "{}\n";
        }
        w.map(root, 0, false);
        return w.sb.toString();
    }

    private void map(Map<?, ?> m, int indent, boolean continuesLine) {
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(first && continuesLine)) {
                sb.append(" ".repeat(indent));
            }
            first = false;
            sb.append(scalar(String.valueOf(e.getKey()), false)).append(':');
            value(e.getValue(), indent);
        }
    }

    private void value(Object v, int indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append(" {}\n");
            } else {
                sb.append('\n');
                map(m, indent + 2, false);
            }
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append(" []\n");
            } else {
                sb.append('\n');
                list(l, indent);
            }
        } else {
            sb.append(' ').append(inline(v)).append('\n');
        }
    }

    private void list(List<?> l, int indent) {
        for (Object item : l) {
            sb.append(" ".repeat(indent));
            if (item instanceof Map<?, ?> m && !m.isEmpty()) {
                sb.append("- ");
                map(m, indent + 2, true);
            } else if (item instanceof List<?> inner && !inner.isEmpty()) {
                sb.append("-\n");
                list(inner, indent + 2);
            } else if (item instanceof Map<?, ?>) {
                sb.append("- {}\n");
            } else if (item instanceof List<?>) {
                sb.append("- []\n");
            } else {
                sb.append("- ").append(inline(item)).append('\n');
            }
        }
    }

    private static String inline(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Flow f) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < f.items().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                b.append(scalar(f.items().get(i), true));
            }
            return b.append(']').toString();
        }
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        return scalar(v.toString(), false);
    }

    /** Go's strconv.FormatFloat(f, 'g', -1, 64) for the values configs hold. */
    static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+.inf" : "-.inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = b.precision() - b.scale() - 1;
        if (exp < -4 || exp >= 21) {
            String digits = b.unscaledValue().abs().toString();
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            return (d < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "")
                    + Math.abs(exp);
        }
        return b.toPlainString();
    }

    /** A string scalar: plain when safe, double-quoted when plain would read as another type, else single-quoted. */
    static String scalar(String s, boolean flow) {
        if (NON_STRINGS.contains(s) || BASE60.matcher(s).matches() || GO_FLOAT.matcher(s).matches()
                || Nodes.parseInt(s) != null && s.matches("^[-+]?[0-9a-fA-FxXoObB_]+$")) {
            return doubleQuoted(s);
        }
        if (s.indexOf('\n') >= 0 || hasSpecial(s)) {
            return doubleQuoted(s);
        }
        return plainAllowed(s, flow) ? s : "'" + s.replace("'", "''") + "'";
    }

    private static boolean hasSpecial(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c == '\uFEFF') {
                return true;
            }
        }
        return false;
    }

    private static boolean plainAllowed(String s, boolean flow) {
        if (s.startsWith("---") || s.startsWith("...")) {
            return false;
        }
        char first = s.charAt(0);
        char last = s.charAt(s.length() - 1);
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
            return false;
        }
        if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
            return false;
        }
        boolean followedByBlank0 = s.length() == 1 || s.charAt(1) == ' ' || s.charAt(1) == '\t';
        if ((first == '-' || first == '?' || first == ':') && followedByBlank0) {
            return false;
        }
        if (flow && (first == '?' || first == ':')) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean nextBlank = i + 1 >= s.length() || s.charAt(i + 1) == ' ' || s.charAt(i + 1) == '\t';
            if (c == ':' && nextBlank) {
                return false;
            }
            if (c == '#' && i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
                return false;
            }
            if (flow && (",?[]{}".indexOf(c) >= 0 || c == ':')) {
                return false;
            }
        }
        return true;
    }

    private static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
