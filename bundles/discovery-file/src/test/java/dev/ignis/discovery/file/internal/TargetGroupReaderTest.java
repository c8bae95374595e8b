package dev.ignis.discovery.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.discovery.TargetGroup;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * File contents and what Prometheus 2.42 makes of them. The error messages are those its file
 * discovery logged for the same files (except syntax errors, which are worded by the parsers).
 */
class TargetGroupReaderTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("jsonGroups", "sd/good.json",
                        "[{\"targets\": [\"a:1\",\"b:2\"], \"labels\": {\"env\": \"x\"}}, {\"Targets\": [\"c:3\"]}]",
                        List.of("sd/good.json:0 [a:1, b:2] {__meta_filepath=\"sd/good.json\", env=\"x\"}",
                                "sd/good.json:1 [c:3] {__meta_filepath=\"sd/good.json\"}")),
                Arguments.of("jsonNullFile", "n.json", "null", List.of()),
                Arguments.of("jsonEmptyList", "n.json", " [ ] ", List.of()),
                Arguments.of("jsonNullTargetAndLabel", "n.json", "[{\"targets\": [null], \"labels\": {\"a\": null}}]",
                        List.of("n.json:0 [] {__meta_filepath=\"n.json\"}")),
                Arguments.of("jsonRepeatedFieldLastWins", "r.json",
                        "[{\"targets\": [\"a:1\"], \"labels\": null, \"targets\": [\"b:1\"]}]",
                        List.of("r.json:0 [b:1] {__meta_filepath=\"r.json\"}")),
                Arguments.of("jsonFileLabelWins", "f.json",
                        "[{\"targets\": [\"a:1\"], \"labels\": {\"__meta_filepath\": \"other\"}}]",
                        List.of("f.json:0 [a:1] {__meta_filepath=\"f.json\"}")),
                Arguments.of("jsonUpperCaseExtension", "F.JSON", "[{\"targets\": [\"a:1\"]}]",
                        List.of("F.JSON:0 [a:1] {__meta_filepath=\"F.JSON\"}")),
                Arguments.of("yamlGroups", "/sd/t.yml", "- targets: [a:1, 'b:2']\n  labels: {env: prod, n: 5}\n"
                        + "- targets:\n  - c:3\n", List.of(
                        "/sd/t.yml:0 [a:1, b:2] {__meta_filepath=\"/sd/t.yml\", env=\"prod\", n=\"5\"}",
                        "/sd/t.yml:1 [c:3] {__meta_filepath=\"/sd/t.yml\"}")),
                Arguments.of("yamlScalarsAsWritten", "t.yaml", "- targets: [5, true, ~, 0x10]\n",
                        List.of("t.yaml:0 [5, true, , 0x10] {__meta_filepath=\"t.yaml\"}")),
                Arguments.of("yamlEmptyFile", "e.yml", "", List.of()),
                Arguments.of("yamlFirstDocumentOnly", "d.yml", "- targets: [a:1]\n---\n- targets: [b:1]\n",
                        List.of("d.yml:0 [a:1] {__meta_filepath=\"d.yml\"}")),
                Arguments.of("yamlEmptyGroup", "g.yml", "- {}\n", List.of("g.yml:0 [] {__meta_filepath=\"g.yml\"}")),
                Arguments.of("yamlMergeKey", "m.yml", "- labels: &l {a: x}\n  targets: [a:1]\n"
                        + "- labels: {<<: *l, b: y}\n  targets: [b:1]\n", List.of(
                        "m.yml:0 [a:1] {__meta_filepath=\"m.yml\", a=\"x\"}",
                        "m.yml:1 [b:1] {__meta_filepath=\"m.yml\", a=\"x\", b=\"y\"}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void readsTargetGroups(String name, String file, String content, List<String> expected) throws Exception {
        List<String> got = new ArrayList<>();
        for (TargetGroup g : TargetGroupReader.parse(file, content.getBytes(StandardCharsets.UTF_8))) {
            List<String> addrs = new ArrayList<>();
            g.targets().forEach(t -> addrs.add(t.get("__address__")));
            got.add(g.source() + " " + addrs + " " + g.labels());
        }
        assertEquals(expected, got);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("jsonBadLabelName", "b.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"1a\": \"x\"}}]",
                        "\"1a\" is not a valid label name"),
                Arguments.of("jsonEmptyFile", "e.json", "", "unexpected end of JSON input"),
                Arguments.of("jsonLabelValueNumber", "l.json", "[{\"targets\": [\"a:1\"], \"labels\": {\"a\": 1}}]",
                        "json: cannot unmarshal number into Go struct field .labels of type model.LabelValue"),
                Arguments.of("jsonNullGroup", "n.json", "[null]", "nil target group item found"),
                Arguments.of("jsonTargetNumber", "n.json", "[{\"targets\": [1]}]",
                        "json: cannot unmarshal number into Go struct field .targets of type string"),
                Arguments.of("jsonObjectAtTop", "o.json", "{\"targets\": []}",
                        "json: cannot unmarshal object into Go value of type []*targetgroup.Group"),
                Arguments.of("jsonUnknownField", "u.json", "[{\"targets\": [\"a:1\"], \"foo\": 1}]",
                        "json: unknown field \"foo\""),
                Arguments.of("jsonLabelErrorBeatsEarlierTypeError", "u.json",
                        "[{\"targets\": [1], \"labels\": {\"-\": \"x\"}}]", "\"-\" is not a valid label name"),
                Arguments.of("jsonTypeErrorBeatsLaterNullGroup", "u.json", "[null, {\"targets\": [1]}]",
                        "json: cannot unmarshal number into Go struct field .targets of type string"),
                Arguments.of("jsonSyntax", "s.json", "[{\"targets\": [\"a:1\",}]",
                        "invalid JSON at line 1, column 21: Unexpected character ('}' (code 125)): expected a value"),
                Arguments.of("jsonTrailingData", "t.json", "[] x", "invalid JSON at line 1, column 5: "
                        + "Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or token 'null', "
                        + "'true' or 'false')"),
                Arguments.of("jsonUnclosedArray", "u.json", "[",
                        "invalid JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Array"),
                Arguments.of("jsonGroupString", "g.json", "[\"x\"]", "json: cannot unmarshal string into Go value of "
                        + "type struct { Targets []string \"json:\\\"targets\\\"\"; Labels model.LabelSet "
                        + "\"json:\\\"labels\\\"\" }"),
                Arguments.of("jsonLabelsArray", "l.json", "[{\"targets\": [\"a:1\"], \"labels\": []}]",
                        "json: cannot unmarshal array into Go struct field .labels of type "
                                + "map[model.LabelName]model.LabelValue"),
                Arguments.of("jsonTargetsString", "t.json", "[{\"targets\": \"a:1\"}]",
                        "json: cannot unmarshal string into Go struct field .targets of type []string"),
                Arguments.of("jsonStringAtTop", "s.json", "\"x\"",
                        "json: cannot unmarshal string into Go value of type []*targetgroup.Group"),
                Arguments.of("yamlScalarGroup", "s.yml", "- foo\n", "yaml: unmarshal errors:\n  line 1: cannot "
                        + "unmarshal !!str `foo` into struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels "
                        + "model.LabelSet \"yaml:\\\"labels\\\"\" }"),
                Arguments.of("yamlMapLabelValue", "m.yml", "- targets: [a:1]\n  labels: {a: {b: 1}}\n",
                        "yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into model.LabelValue"),
                Arguments.of("yamlRepeatedField", "r.yml", "- targets: [a:1]\n  targets: [b:1]\n",
                        "yaml: unmarshal errors:\n  line 2: field targets already set in type struct { Targets "
                                + "[]string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet "
                                + "\"yaml:\\\"labels\\\"\" }"),
                Arguments.of("yamlBadLabelName", "b.yml", "- targets: [a:1]\n  labels: {\"1a\": x}\n",
                        "\"1a\" is not a valid label name"),
                Arguments.of("yamlDuplicateLabel", "d.yml", "- targets: [a:1]\n  labels: {a: 1, a: 2}\n",
                        "yaml: unmarshal errors:\n  line 2: key \"a\" already set in map"),
                Arguments.of("yamlMapAtTop", "m.yml", "targets: []\n",
                        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into []*targetgroup.Group"),
                Arguments.of("yamlNullGroup", "n.yml", "- ~\n", "nil target group item found"),
                Arguments.of("yamlMapTarget", "t.yml", "- targets: [{a: 1}]\n",
                        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!map into string"),
                Arguments.of("yamlUnknownField", "u.yml", "- targets: [a:1]\n  foo: 1\n",
                        "yaml: unmarshal errors:\n  line 2: field foo not found in type struct { Targets []string "
                                + "\"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }"),
                Arguments.of("yamlErrorsCollected", "c.yml", "- targets: a:1\n- labels: [x]\n",
                        "yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `a:1` into []string\n"
                                + "  line 2: cannot unmarshal !!seq into model.LabelSet"),
                Arguments.of("yamlSyntax", "s.yml", "- targets: [a:1\n",
                        "yaml: line 2: expected ',' or ']', but got <stream end>"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsMalformedFiles(String name, String file, String content, String message) {
        TargetGroupReader.ReadException e = assertThrows(TargetGroupReader.ReadException.class,
                () -> TargetGroupReader.parse(file, content.getBytes(StandardCharsets.UTF_8)));
        assertEquals(message, e.getMessage());
    }
}
