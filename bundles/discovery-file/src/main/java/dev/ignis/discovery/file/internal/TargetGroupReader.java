package dev.ignis.discovery.file.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a file_sd file: a JSON or YAML list of {@code {targets: [...], labels: {...}}}, as
 * Prometheus 2.42 does. Each group gets source {@code <file>:<index>} and label
 * {@code __meta_filepath} = the file name; each target is an {@code __address__}. Type errors,
 * unknown fields, invalid label names and null groups are rejected with Prometheus's messages
 * (Go {@code encoding/json} / {@code yaml.v2} wording); JSON and YAML syntax errors are
 * described in the parsers' own words.
 */
final class TargetGroupReader {
    static final String FILEPATH_LABEL = "__meta_filepath";
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final String YAML_GROUP_TYPE =
            "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }";
    private static final String JSON_GROUP_TYPE =
            "struct { Targets []string \"json:\\\"targets\\\"\"; Labels model.LabelSet \"json:\\\"labels\\\"\" }";
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A file that cannot be used; the message is what Prometheus logs as {@code err}. */
    static final class ReadException extends Exception {
        private static final long serialVersionUID = 1L;

        ReadException(String message) {
            super(message);
        }
    }

    private TargetGroupReader() {
    }

    /** Whether a name has an extension file_sd reads. */
    static boolean readable(String filename) {
        String ext = extension(filename);
        return ext.equals(".json") || ext.equals(".yml") || ext.equals(".yaml");
    }

    /**
     * Parses {@code content} of the file named {@code filename}, by its extension.
     *
     * @throws ReadException when the content is not a valid target group list
     */
    static List<TargetGroup> parse(String filename, byte[] content) throws ReadException {
        List<Group> groups = switch (extension(filename)) {
            case ".json" -> new JsonRead().read(content);
            case ".yml", ".yaml" -> new YamlRead().read(content);
            default -> throw new ReadException("unhandled file extension " + GoQuote.quote(extension(filename)));
        };
        List<TargetGroup> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            if (g == null) {
                throw new ReadException("nil target group item found");
            }
            Labels.Builder b = Labels.builder(g.labelPairs.size() / 2 + 1);
            for (int j = 0; j < g.labelPairs.size(); j += 2) {
                b.set(g.labelPairs.get(j), g.labelPairs.get(j + 1));
            }
            b.set(FILEPATH_LABEL, filename);
            List<Labels> targets = new ArrayList<>(g.targets.size());
            for (String t : g.targets) {
                targets.add(Labels.of("__address__", t));
            }
            out.add(new TargetGroup(filename + ":" + i, targets, b.build()));
        }
        return out;
    }

    /** Go's filepath.Ext, lower-cased. */
    private static String extension(String filename) {
        int slash = filename.lastIndexOf('/');
        int dot = filename.lastIndexOf('.');
        return dot > slash ? filename.substring(dot).toLowerCase(Locale.ROOT) : "";
    }

    /** A decoded group before sources and the file label are added; label pairs in file order, later wins. */
    private static final class Group {
        final List<String> targets = new ArrayList<>();
        final List<String> labelPairs = new ArrayList<>();
    }

    private static void checkLabelName(String name) throws ReadException {
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new ReadException(GoQuote.quote(name) + " is not a valid label name");
        }
    }

    // ------------------------------------------------------------------ JSON

    /**
     * encoding/json semantics: syntax is checked first; type errors and unknown fields are
     * remembered and the first one is reported once decoding ends, while label errors stop
     * decoding at once; field names match case-insensitively.
     */
    private static final class JsonRead {
        private String saved;

        List<Group> read(byte[] content) throws ReadException {
            JsonNode root;
            try {
                root = JSON.readTree(content);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
                String why = e.getOriginalMessage();
                int marker = why.indexOf(" (start marker at");
                throw new ReadException("invalid JSON" + where + ": " + (marker < 0 ? why : why.substring(0, marker)));
            } catch (IOException e) {
                throw new ReadException(e.getMessage());
            }
            if (root == null || root.isMissingNode()) {
                throw new ReadException("unexpected end of JSON input");
            }
            List<Group> out = new ArrayList<>();
            if (root.isNull()) {
                return out;
            }
            if (!root.isArray()) {
                throw new ReadException("json: cannot unmarshal " + kind(root)
                        + " into Go value of type []*targetgroup.Group");
            }
            for (JsonNode e : root) {
                out.add(e.isNull() ? null : group(e));
            }
            if (saved != null) {
                throw new ReadException(saved);
            }
            return out;
        }

        private Group group(JsonNode n) throws ReadException {
            if (!n.isObject()) {
                throw new ReadException("json: cannot unmarshal " + kind(n) + " into Go value of type "
                        + JSON_GROUP_TYPE);
            }
            Group g = new Group();
            JsonNode targets = null;
            JsonNode labels = null;
            for (Map.Entry<String, JsonNode> f : n.properties()) {
                if (f.getKey().equalsIgnoreCase("targets")) {
                    targets = f.getValue();
                } else if (f.getKey().equalsIgnoreCase("labels")) {
                    labels = f.getValue();
                } else {
                    save("json: unknown field " + GoQuote.quote(f.getKey()));
                }
            }
            if (targets != null && !targets.isNull()) {
                if (!targets.isArray()) {
                    save("json: cannot unmarshal " + kind(targets) + " into Go struct field .targets of type []string");
                } else {
                    for (JsonNode t : targets) {
                        if (t.isNull()) {
                            g.targets.add("");
                        } else if (t.isTextual()) {
                            g.targets.add(t.textValue());
                        } else {
                            save("json: cannot unmarshal " + kind(t) + " into Go struct field .targets of type string");
                        }
                    }
                }
            }
            if (labels != null && !labels.isNull()) {
                if (!labels.isObject()) {
                    throw new ReadException("json: cannot unmarshal " + kind(labels)
                            + " into Go struct field .labels of type map[model.LabelName]model.LabelValue");
                }
                for (Map.Entry<String, JsonNode> l : labels.properties()) {
                    JsonNode v = l.getValue();
                    if (!v.isNull() && !v.isTextual()) {
                        throw new ReadException("json: cannot unmarshal " + kind(v)
                                + " into Go struct field .labels of type model.LabelValue");
                    }
                }
                for (Map.Entry<String, JsonNode> l : labels.properties()) {
                    checkLabelName(l.getKey());
                    g.labelPairs.add(l.getKey());
                    g.labelPairs.add(l.getValue().isNull() ? "" : l.getValue().textValue());
                }
            }
            return g;
        }

        private void save(String message) {
            if (saved == null) {
                saved = message;
            }
        }

        private static String kind(JsonNode n) {
            if (n.isObject()) {
                return "object";
            }
            if (n.isArray()) {
                return "array";
            }
            if (n.isTextual()) {
                return "string";
            }
            if (n.isBoolean()) {
                return "bool";
            }
            return "number";
        }
    }

    // ------------------------------------------------------------------ YAML

    /**
     * yaml.v2 {@code UnmarshalStrict} semantics: the first document only; type errors, unknown
     * and repeated keys collected with their lines as {@code yaml: unmarshal errors:}; an invalid
     * label name stops at once; scalars read into strings as written, null as "".
     */
    private static final class YamlRead {
        private final List<String> errors = new ArrayList<>();

        List<Group> read(byte[] content) throws ReadException {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Integer.MAX_VALUE);
            options.setAllowDuplicateKeys(true);
            options.setMaxAliasesForCollections(1000);
            Node root;
            try {
                Iterator<Node> docs = new Yaml(options)
                        .composeAll(new StringReader(new String(content, StandardCharsets.UTF_8))).iterator();
                root = docs.hasNext() ? docs.next() : null;
            } catch (MarkedYAMLException e) {
                int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
                throw new ReadException("yaml: line " + line + ": " + e.getProblem());
            } catch (YAMLException e) {
                throw new ReadException("yaml: " + e.getMessage());
            }
            List<Group> out = new ArrayList<>();
            if (root != null && !isNull(root)) {
                if (root instanceof SequenceNode seq) {
                    for (Node e : seq.getValue()) {
                        out.add(isNull(e) ? null : group(e));
                    }
                } else {
                    typeError(root, "[]*targetgroup.Group");
                }
            }
            if (!errors.isEmpty()) {
                throw new ReadException("yaml: unmarshal errors:\n  " + String.join("\n  ", errors));
            }
            return out;
        }

        private Group group(Node n) throws ReadException {
            Group g = new Group();
            if (!(n instanceof MappingNode m)) {
                typeError(n, YAML_GROUP_TYPE);
                return g;
            }
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : pairs(m)) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                if (!key.equals("targets") && !key.equals("labels")) {
                    errors.add("line " + line(t.getKeyNode()) + ": field " + key + " not found in type "
                            + YAML_GROUP_TYPE);
                    continue;
                }
                if (!seen.add(key)) {
                    errors.add("line " + line(t.getKeyNode()) + ": field " + key + " already set in type "
                            + YAML_GROUP_TYPE);
                    continue;
                }
                Node v = t.getValueNode();
                if (key.equals("targets")) {
                    targets(v, g);
                } else {
                    labels(v, g);
                }
            }
            return g;
        }

        private void targets(Node v, Group g) {
            if (isNull(v)) {
                return;
            }
            if (!(v instanceof SequenceNode seq)) {
                typeError(v, "[]string");
                return;
            }
            for (Node t : seq.getValue()) {
                if (isNull(t)) {
                    g.targets.add("");
                } else if (t instanceof ScalarNode s) {
                    g.targets.add(s.getValue());
                } else {
                    typeError(t, "string");
                }
            }
        }

        private void labels(Node v, Group g) throws ReadException {
            if (isNull(v)) {
                return;
            }
            if (!(v instanceof MappingNode m)) {
                typeError(v, "model.LabelSet");
                return;
            }
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : pairs(m)) {
                Node k = t.getKeyNode();
                String name = k instanceof ScalarNode s && !isNull(s) ? s.getValue() : "";
                if (!(k instanceof ScalarNode)) {
                    typeError(k, "model.LabelName");
                    continue;
                }
                checkLabelName(name);
                if (!seen.add(name)) {
                    errors.add("line " + line(k) + ": key " + GoQuote.quote(name) + " already set in map");
                    continue;
                }
                Node val = t.getValueNode();
                if (isNull(val)) {
                    g.labelPairs.add(name);
                    g.labelPairs.add("");
                } else if (val instanceof ScalarNode s) {
                    g.labelPairs.add(name);
                    g.labelPairs.add(s.getValue());
                } else {
                    typeError(val, "model.LabelValue");
                }
            }
        }

        /** Key/value pairs with merge keys ({@code <<}) expanded; explicit keys win. */
        private static List<NodeTuple> pairs(MappingNode m) {
            List<NodeTuple> out = new ArrayList<>();
            List<NodeTuple> merged = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                if (Tag.MERGE.equals(t.getKeyNode().getTag())) {
                    Node v = t.getValueNode();
                    if (v instanceof MappingNode mm) {
                        merged.addAll(pairs(mm));
                    } else if (v instanceof SequenceNode s) {
                        for (Node e : s.getValue()) {
                            if (e instanceof MappingNode mm) {
                                merged.addAll(pairs(mm));
                            }
                        }
                    }
                } else {
                    out.add(t);
                }
            }
            for (NodeTuple t : merged) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                boolean present = false;
                for (NodeTuple o : out) {
                    if (o.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                        present = true;
                        break;
                    }
                }
                if (!present) {
                    out.add(t);
                }
            }
            return out;
        }

        private void typeError(Node n, String goType) {
            String tag;
            String value = "";
            if (n.getNodeId() == NodeId.mapping) {
                tag = "!!map";
            } else if (n.getNodeId() == NodeId.sequence) {
                tag = "!!seq";
            } else {
                String t = n.getTag().getValue();
                tag = t.startsWith(Tag.PREFIX) ? "!!" + t.substring(Tag.PREFIX.length()) : t;
                String v = ((ScalarNode) n).getValue();
                value = v.length() > 10 ? " `" + v.substring(0, 7) + "...`" : " `" + v + "`";
            }
            errors.add("line " + line(n) + ": cannot unmarshal " + tag + value + " into " + goType);
        }

        private static boolean isNull(Node n) {
            return n instanceof ScalarNode && Tag.NULL.equals(n.getTag());
        }

        private static int line(Node n) {
            return n.getStartMark().getLine() + 1;
        }
    }
}
