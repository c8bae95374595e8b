package dev.ignis.tool;

import dev.ignis.api.config.GoQuote;
import dev.ignis.promql.internal.parser.ParseException;
import dev.ignis.promql.internal.parser.PromQL;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * names, {@code expr} parsed as PromQL. Go templates in labels and annotations are not checked.
 */
final class RuleFileCheck {
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern METRIC_NAME = Pattern.compile("^[a-zA-Z_:][a-zA-Z0-9_:]*$");
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "limit", "rules");
    private static final Set<String> RULE_KEYS =
            Set.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations");

    /** Rules counted, or the errors found; the name and labels of each rule for the duplicate-rules lint. */
    record Result(int rules, List<String> errors, List<RuleLint.Key> keys) {
        Result(int rules, List<String> errors) {
            this(rules, errors, List.of());
        }
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
        List<RuleLint.Key> keys = new ArrayList<>();
        List<NodeTuple> top = mapping(root, "rulefmt.RuleGroups", Set.of("groups"), unmarshal);
        int rules = 0;
        Set<String> groupNames = new HashSet<>();
        for (NodeTuple t : top) {
            if (!(t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("groups"))
                    || !(t.getValueNode() instanceof SequenceNode groups)) {
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
                    String ruleName = alert.isEmpty() ? record : alert;
                    keys.add(new RuleLint.Key(ruleName, stringMap(value(rk, "labels"))));
                    String where = "group " + GoQuote.quote(groupName) + ", rule " + i + ", "
                            + GoQuote.quote(ruleName) + ": ";
                    for (Problem problem : ruleProblems(rk, record, alert)) {
                        errors.add(name + ": " + problem.pos() + where + problem.message());
                    }
                }
            }
        }
        if (!unmarshal.isEmpty()) {
            return new Result(0, List.of(name + ": yaml: unmarshal errors:\n  " + String.join("\n  ", unmarshal)));
        }
        return new Result(rules, errors, keys);
    }

    private static Map<String, String> stringMap(Node n) {
        Map<String, String> out = new TreeMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v) {
                    out.put(k.getValue(), Tag.NULL.equals(v.getTag()) ? "" : v.getValue());
                }
            }
        }
        return out;
    }

    /** One problem of a rule, with the YAML position(s) promtool prints before it ("" for none). */
    private record Problem(String pos, String message) {
    }

    /** Rulefmt's checks of one rule, in its order, each placed at the node 2.42 names (0:0 for a missing key). */
    private static List<Problem> ruleProblems(List<NodeTuple> rk, String record, String alert) {
        List<Problem> p = new ArrayList<>();
        String recordPos = at(value(rk, "record"));
        String exprPos = at(value(rk, "expr"));
        if (!record.isEmpty() && !alert.isEmpty()) {
            p.add(new Problem(recordPos + at(value(rk, "alert")), "only one of 'record' and 'alert' must be set"));
        }
        if (record.isEmpty() && alert.isEmpty()) {
            p.add(new Problem(recordPos, "one of 'record' or 'alert' must be set"));
        }
        String expr = scalar(rk, "expr");
        if (expr.isEmpty()) {
            p.add(new Problem(exprPos, "field 'expr' must be set in rule"));
        } else {
            try {
                PromQL.parse(expr);
            } catch (ParseException e) {
                p.add(new Problem(exprPos, "could not parse expression: " + e.getMessage()));
            }
        }
        if (!record.isEmpty()) {
            for (String field : List.of("annotations", "for", "keep_firing_for")) {
                if (value(rk, field) != null) {
                    p.add(new Problem(recordPos, "invalid field '" + field + "' in recording rule"));
                }
            }
            if (!METRIC_NAME.matcher(record).matches()) {
                p.add(new Problem(recordPos, "invalid recording rule name: " + record));
            }
        }
        for (String key : List.of("labels", "annotations")) {
            if (value(rk, key) instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    String n = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
                    boolean isLabel = key.equals("labels");
                    if (!LABEL_NAME.matcher(n).matches() || (isLabel && n.equals("__name__"))) {
                        p.add(new Problem("", "invalid " + (isLabel ? "label" : "annotation") + " name: " + n));
                    }
                }
            }
        }
        return p;
    }

    /** Go yaml.v3's "line:column: " of a value node; "0:0: " for a key that is absent. */
    private static String at(Node n) {
        return n == null ? "0:0: " : pos(n);
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
