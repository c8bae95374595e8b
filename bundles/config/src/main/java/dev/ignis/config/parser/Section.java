package dev.ignis.config.parser;

import dev.ignis.api.config.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One YAML mapping read strictly, as Go's {@code yaml.UnmarshalStrict} does: a key that the
 * section does not know, or a key given twice, is an error at the key's line.
 */
final class Section {
    private final Node node;
    private final Map<String, Node> values = new HashMap<>();
    private final Map<String, Node> keys = new HashMap<>();
    private final List<Map.Entry<Node, Node>> pairs;

    /**
     * @param goType the Go type named in errors ({@code config.plain}, {@code config.ScrapeConfig}, ...)
     * @param known the keys this section has
     * @param alsoKnown further keys accepted (e.g. any {@code *_sd_configs}); may be null
     */
    Section(Nodes nodes, Node node, String goType, Set<String> known, Predicate<String> alsoKnown)
            throws ConfigException {
        this.node = node;
        this.pairs = nodes.pairs(node, goType);
        for (Map.Entry<Node, Node> e : pairs) {
            String k = nodes.str(e.getKey());
            if (!known.contains(k) && (alsoKnown == null || !alsoKnown.test(k))) {
                throw nodes.error(e.getKey(), "field " + k + " not found in type " + goType);
            }
            if (values.containsKey(k)) {
                throw nodes.error(e.getKey(), "field " + k + " already set in type " + goType);
            }
            values.put(k, e.getValue());
            keys.put(k, e.getKey());
        }
    }

    /** The value node of {@code key}, or null when absent. */
    Node get(String key) {
        return values.get(key);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The key node of {@code key}, or null. */
    Node key(String key) {
        return keys.get(key);
    }

    /** Line of the value of {@code key} when present, else of the section. */
    int lineOf(String key) {
        Node v = values.get(key);
        return v != null ? Nodes.line(v) : line();
    }

    /** Line where the section starts. */
    int line() {
        return Nodes.line(node);
    }

    Node node() {
        return node;
    }

    /** Key and value nodes in config order. */
    List<Map.Entry<Node, Node>> pairs() {
        return pairs;
    }
}
