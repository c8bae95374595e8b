package dev.ignis.config.parser;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.PromDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of composed YAML nodes with Go yaml.v2's error wording ({@code cannot unmarshal
 * !!str `x` into int}). Every error carries the node's file and line.
 */
final class Nodes {
    private final String file;

    Nodes(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    static int line(Node n) {
        return n == null ? 0 : n.getStartMark().getLine() + 1;
    }

    ConfigException error(Node n, String message) {
        return new ConfigException(file, line(n), message);
    }

    ConfigException error(int line, String message) {
        return new ConfigException(file, line, message);
    }

    static boolean isNull(Node n) {
        return n == null || (n instanceof ScalarNode && Tag.NULL.equals(n.getTag()));
    }

    /** Go's short tag name: {@code !!str}, {@code !!int}, {@code !!map}, ... */
    static String shortTag(Node n) {
        if (n.getNodeId() == NodeId.mapping) {
            return "!!map";
        }
        if (n.getNodeId() == NodeId.sequence) {
            return "!!seq";
        }
        String t = n.getTag().getValue();
        return t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
    }

    ConfigException typeError(Node n, String goType) {
        String value = "";
        if (n instanceof ScalarNode s) {
            String v = s.getValue();
            value = v.length() > 10 ? " `" + v.substring(0, 7) + "...`" : " `" + v + "`";
        }
        return error(n, "cannot unmarshal " + shortTag(n) + value + " into " + goType);
    }

    /** Any scalar as a string (Go's yaml.v2 accepts numbers and booleans for strings); null is "". */
    String str(Node n) throws ConfigException {
        if (isNull(n)) {
            return "";
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        throw typeError(n, "string");
    }

    boolean bool(Node n, boolean absent) throws ConfigException {
        if (n == null) {
            return absent;
        }
        if (isNull(n)) {
            return false;
        }
        if (n instanceof ScalarNode s) {
            if (Tag.BOOL.equals(s.getTag())) {
                return switch (s.getValue().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> true;
                    default -> false;
                };
            }
            // yaml.v2 (YAML 1.1) also reads y/n as booleans.
            if (s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                switch (s.getValue()) {
                    case "y", "Y" -> {
                        return true;
                    }
                    case "n", "N" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
        }
        throw typeError(n, "bool");
    }

    /**
     * An integer.
     *
     * @param goType {@code int}, {@code uint}, {@code uint64}, {@code int64} (for messages)
     */
    long integer(Node n, long absent, String goType) throws ConfigException {
        if (n == null) {
            return absent;
        }
        if (isNull(n)) {
            return 0;
        }
        if (n instanceof ScalarNode s && Tag.INT.equals(s.getTag())) {
            Long v = parseInt(s.getValue());
            if (v != null) {
                // Go's int and uint are 64-bit on the platforms Prometheus ships for.
                if (goType.startsWith("u") && v < 0) {
                    throw typeError(n, goType);
                }
                return v;
            }
        }
        throw typeError(n, goType);
    }

    static Long parseInt(String raw) {
        String s = raw.replace("_", "");
        boolean neg = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.startsWith("0x") || s.startsWith("0X")) {
            radix = 16;
            s = s.substring(2);
        } else if (s.startsWith("0b") || s.startsWith("0B")) {
            radix = 2;
            s = s.substring(2);
        } else if (s.startsWith("0o") || s.startsWith("0O")) {
            radix = 8;
            s = s.substring(2);
        } else if (s.length() > 1 && s.startsWith("0")) {
            radix = 8;
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        try {
            long v = Long.parseLong(s, radix);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    double floating(Node n, double absent) throws ConfigException {
        if (n == null) {
            return absent;
        }
        if (isNull(n)) {
            return 0;
        }
        if (n instanceof ScalarNode s && (Tag.INT.equals(s.getTag()) || Tag.FLOAT.equals(s.getTag()))) {
            String v = s.getValue().replace("_", "");
            switch (v.toLowerCase(Locale.ROOT)) {
                case ".inf", "+.inf" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-.inf" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                case ".nan" -> {
                    return Double.NaN;
                }
                default -> {
                }
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                Long l = parseInt(v);
                if (l != null) {
                    return l;
                }
            }
        }
        throw typeError(n, "float64");
    }

    /** A Prometheus duration; absent keeps the default, null is zero. */
    Duration duration(Node n, Duration absent) throws ConfigException {
        if (n == null) {
            return absent;
        }
        if (isNull(n)) {
            return Duration.ZERO;
        }
        if (!(n instanceof ScalarNode s)) {
            throw typeError(n, "string");
        }
        try {
            return PromDuration.parse(s.getValue());
        } catch (IllegalArgumentException e) {
            throw error(n, e.getMessage());
        }
    }

    /** The elements of a sequence; null or absent is empty. */
    List<Node> seq(Node n, String goType) throws ConfigException {
        if (isNull(n)) {
            return List.of();
        }
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        throw typeError(n, goType);
    }

    List<String> strList(Node n, String goType) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node e : seq(n, goType)) {
            if (e instanceof ScalarNode || isNull(e)) {
                out.add(str(e));
            } else {
                throw typeError(e, "string");
            }
        }
        return out;
    }

    /** Key/value pairs of a mapping, keys as strings, in order; null is empty. */
    List<Map.Entry<Node, Node>> pairs(Node n, String goType) throws ConfigException {
        if (isNull(n)) {
            return List.of();
        }
        if (!(n instanceof MappingNode m)) {
            throw typeError(n, goType);
        }
        List<Map.Entry<Node, Node>> out = new ArrayList<>();
        collect(m, out);
        return out;
    }

    private void collect(MappingNode m, List<Map.Entry<Node, Node>> out) throws ConfigException {
        List<Map.Entry<Node, Node>> merged = new ArrayList<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (Tag.MERGE.equals(k.getTag())) {
                Node v = t.getValueNode();
                if (v instanceof MappingNode mm) {
                    collect(mm, merged);
                } else if (v instanceof SequenceNode sn) {
                    for (Node e : sn.getValue()) {
                        if (e instanceof MappingNode mm) {
                            collect(mm, merged);
                        }
                    }
                }
                continue;
            }
            out.add(Map.entry(k, t.getValueNode()));
        }
        // Merged keys never override explicit ones.
        for (Map.Entry<Node, Node> e : merged) {
            String key = keyText(e.getKey());
            boolean present = false;
            for (Map.Entry<Node, Node> o : out) {
                if (keyText(o.getKey()).equals(key)) {
                    present = true;
                    break;
                }
            }
            if (!present) {
                out.add(e);
            }
        }
    }

    static String keyText(Node k) {
        return k instanceof ScalarNode s ? s.getValue() : "";
    }

    /** A string-to-string map in config order. */
    Map<String, String> strMap(Node n, String goType) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<Node, Node> e : pairs(n, goType)) {
            out.put(str(e.getKey()), str(e.getValue()));
        }
        return out;
    }

    /** A string-to-string-list map in config order. */
    Map<String, List<String>> strListMap(Node n, String goType) throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<Node, Node> e : pairs(n, goType)) {
            out.put(str(e.getKey()), strList(e.getValue(), "[]string"));
        }
        return out;
    }

    /** Plain Java values for a raw section: maps, lists, String, Long, Double, Boolean, null. */
    Object raw(Node n) throws ConfigException {
        if (isNull(n)) {
            return null;
        }
        if (n instanceof MappingNode) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<Node, Node> e : pairs(n, "map")) {
                m.put(str(e.getKey()), raw(e.getValue()));
            }
            return Collections.unmodifiableMap(m);
        }
        if (n instanceof SequenceNode s) {
            List<Object> l = new ArrayList<>();
            for (Node e : s.getValue()) {
                l.add(raw(e));
            }
            return Collections.unmodifiableList(l);
        }
        ScalarNode s = (ScalarNode) n;
        Tag t = s.getTag();
        if (Tag.BOOL.equals(t)) {
            return bool(s, false);
        }
        if (Tag.INT.equals(t)) {
            Long v = parseInt(s.getValue());
            return v != null ? (Object) v : s.getValue();
        }
        if (Tag.FLOAT.equals(t)) {
            return floating(s, 0);
        }
        return s.getValue();
    }
}
