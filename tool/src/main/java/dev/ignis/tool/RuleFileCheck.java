package dev.ignis.tool;

import dev.ignis.api.config.GoQuote;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Structural check of a rule file (Prometheus's rulefmt): strict keys, group names unique
 * and non-empty, each rule either {@code record} or {@code alert} with an {@code expr}, valid
 * names. PromQL in {@code expr} is not parsed here.
 */
final class RuleFileCheck {
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "limit", "rules");
    private static final Set<String> RULE_KEYS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    /** Rules counted, or the errors found. */
    record Result(int rules, List<String> errors) {
    }

    private RuleFileCheck() {
    }

    static Result check(Path file) {
        List<String> errors = new ArrayList<>();
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new Result(0, List.of(name + ": open " + name + ": no such file or directory"));
        }
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            return new Result(0, List.of(name + ": yaml: line " + line + ": " + e.getProblem()));
        } catch (YAMLException e) {
            return new Result(0, List.of(name + ": yaml: " + e.getMessage()));
        }
        if (root == null) {
            return new Result(0, List.of());
        }
        List<String> unmarshal = new ArrayList<>();
        List<NodeTuple> top = mapping(root, "rulefmt.RuleGroups", Set.of("groups"), unmarshal);
        int rules = 0;
        Set<String> groupNames = new HashSet<>();
        for (NodeTuple t : top) {
            if (!(t.getValueNode() instanceof SequenceNode groups)) {
                continue;
            }
            for (Node g : groups.getValue()) {
                List<NodeTuple> gk = mapping(g, "rulefmt.RuleGroup", GROUP_KEYS, unmarshal);
                String groupName = scalar(gk, "name");
                String pos = pos(g);
                if (groupName.isEmpty()) {
                    errors.add(name + ": " + pos + "Groupname must not be empty");
                } else if (!groupNames.add(groupName)) {
                    errors.add(name + ": " + pos + "groupname: " + GoQuote.quote(groupName)
                            + " is repeated in the same file");
                }
                Node rulesNode = value(gk, "rules");
                if (!(rulesNode instanceof SequenceNode rs)) {
                    continue;
                }
                int i = 0;
                for (Node r : rs.getValue()) {
                    i++;
                    rules++;
                    List<NodeTuple> rk = mapping(r, "rulefmt.RuleNode", RULE_KEYS, unmarshal);
                    String record = scalar(rk, "record");
                    String alert = scalar(rk, "alert");
                    String ruleName = record.isEmpty() ? alert : record;
                    String prefix = name + ": " + pos(r) + "group " + GoQuote.quote(groupName) + ", rule " + i + ", "
                            + GoQuote.quote(ruleName) + ": ";
                    for (String problem : ruleProblems(rk, record, alert)) {
                        errors.add(prefix + problem);
                    }
                }
            }
        }
        if (!unmarshal.isEmpty()) {
            return new Result(0, List.of(name + ": yaml: unmarshal errors:\n  " + String.join("\n  ", unmarshal)));
        }
        return new Result(rules, errors);
    }

    private static List<String> ruleProblems(List<NodeTuple> rk, String record, String alert) {
        List<String> p = new ArrayList<>();
        boolean hasRecord = value(rk, "record") != null;
        boolean hasAlert = value(rk, "alert") != null;
        if (hasRecord && hasAlert) {
            p.add("only one of 'record' and 'alert' must be set");
        }
        if (record.isEmpty() && alert.isEmpty()) {
            p.add(hasRecord ? "field 'record' must be set in rule" : hasAlert ? "field 'alert' must be set in rule"
                    : "one of 'record' or 'alert' must be set");
        }
        if (scalar(rk, "expr").isEmpty()) {
            p.add("field 'expr' must be set in rule");
        }
        if (!record.isEmpty()) {
            if (value(rk, "annotations") != null) {
                p.add("invalid field 'annotations' in recording rule");
            }
            if (value(rk, "for") != null) {
                p.add("invalid field 'for' in recording rule");
            }
            if (value(rk, "keep_firing_for") != null) {
                p.add("invalid field 'keep_firing_for' in recording rule");
            }
            if (!METRIC_NAME.matcher(record).matches()) {
                p.add("invalid recording rule name: " + record);
            }
        }
        for (String key : List.of("labels", "annotations")) {
            if (value(rk, key) instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String n = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                    if (!LABEL_NAME.matcher(n).matches()) {
                        p.add("invalid " + (key.equals("labels") ? "label" : "annotation") + " name: " + n);
                    }
                }
            }
        }
        return p;
    }

    private static String pos(Node n) {
        return (n.getStartMark().getLine() + 1) + ":" + (n.getStartMark().getColumn() + 1) + ": ";
    }

    private static List<NodeTuple> mapping(Node n, String goType, Set<String> keys, List<String> unmarshal) {
        if (n == null || (n instanceof ScalarNode && Tag.NULL.equals(n.getTag()))) {
            return List.of();
        }
        if (!(n instanceof MappingNode m)) {
            unmarshal.add("line " + (n.getStartMark().getLine() + 1) + ": cannot unmarshal "
                    + (n instanceof SequenceNode ? "!!seq" : "!!str") + " into " + goType);
            return List.of();
        }
        for (NodeTuple t : m.getValue()) {
            String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
            if (!keys.contains(k)) {
                unmarshal.add("line " + (t.getKeyNode().getStartMark().getLine() + 1) + ": field " + k
                        + " not found in type " + goType);
            }
        }
        return m.getValue();
    }

    private static Node value(List<NodeTuple> pairs, String key) {
        for (NodeTuple t : pairs) {
            if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(List<NodeTuple> pairs, String key) {
        return value(pairs, key) instanceof ScalarNode s && !Tag.NULL.equals(s.getTag()) ? s.getValue() : "";
    }
}
