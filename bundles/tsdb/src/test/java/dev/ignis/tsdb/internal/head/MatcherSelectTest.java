package dev.ignis.tsdb.internal.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.LabelMatcher.Type;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MatcherSelectTest {

    static Head head;

    @BeforeAll
    static void fill() throws Exception {
        head = new Head(HeadOptions.defaults());
        Appender app = head.appender();
        // Names s1..s6 are in the "id" label; "env" is missing on s5 and s6.
        app.append(0, Labels.of("__name__", "m", "id", "s1", "env", "prod", "dc", "eu"), 1000, 1);
        app.append(0, Labels.of("__name__", "m", "id", "s2", "env", "prod", "dc", "us"), 1000, 1);
        app.append(0, Labels.of("__name__", "m", "id", "s3", "env", "dev", "dc", "eu"), 1000, 1);
        app.append(0, Labels.of("__name__", "m", "id", "s4", "env", "staging"), 1000, 1);
        app.append(0, Labels.of("__name__", "m", "id", "s5", "dc", "us"), 1000, 1);
        app.append(0, Labels.of("__name__", "other", "id", "s6"), 1000, 1);
        app.commit();
    }

    static LabelMatcher m(String name, Type t, String v) {
        return new LabelMatcher(t, name, v);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("equal", List.of(m("env", Type.EQUAL, "prod")), "s1 s2"),
                Arguments.of("equal empty selects series lacking the label", List.of(m("env", Type.EQUAL, "")), "s5 s6"),
                Arguments.of("not equal keeps series lacking the label", List.of(m("env", Type.NOT_EQUAL, "prod")), "s3 s4 s5 s6"),
                Arguments.of("not equal empty needs the label", List.of(m("env", Type.NOT_EQUAL, "")), "s1 s2 s3 s4"),
                Arguments.of("regex is anchored", List.of(m("env", Type.REGEX, "pro")), ""),
                Arguments.of("regex", List.of(m("env", Type.REGEX, "pro.*|dev")), "s1 s2 s3"),
                Arguments.of("literal alternation", List.of(m("env", Type.REGEX, "prod|dev")), "s1 s2 s3"),
                Arguments.of("alternation with empty matches missing", List.of(m("env", Type.REGEX, "dev|")), "s3 s5 s6"),
                Arguments.of("regex matching empty", List.of(m("env", Type.REGEX, "d.*|")), "s3 s5 s6"),
                Arguments.of("dot star matches all", List.of(m("id", Type.REGEX, ".*")), "s1 s2 s3 s4 s5 s6"),
                Arguments.of("dot plus needs the label", List.of(m("env", Type.REGEX, ".+")), "s1 s2 s3 s4"),
                Arguments.of("not regex keeps missing", List.of(m("env", Type.NOT_REGEX, "prod|dev")), "s4 s5 s6"),
                Arguments.of("not regex matching empty needs the label", List.of(m("env", Type.NOT_REGEX, "|prod")), "s3 s4"),
                Arguments.of("not regex dot star selects nothing", List.of(m("id", Type.NOT_REGEX, ".*")), ""),
                Arguments.of("intersection", List.of(m("__name__", Type.EQUAL, "m"), m("dc", Type.EQUAL, "eu")), "s1 s3"),
                Arguments.of("intersection and subtraction",
                        List.of(m("__name__", Type.EQUAL, "m"), m("dc", Type.REGEX, "eu|us"), m("env", Type.NOT_EQUAL, "dev")), "s1 s2 s5"),
                Arguments.of("only negative matchers start from all series",
                        List.of(m("env", Type.NOT_EQUAL, "prod"), m("dc", Type.NOT_REGEX, "us")), "s3 s4 s6"),
                Arguments.of("unknown label equal", List.of(m("nope", Type.EQUAL, "x")), ""),
                Arguments.of("unknown value", List.of(m("env", Type.EQUAL, "nope")), ""),
                Arguments.of("case matters", List.of(m("env", Type.REGEX, "PROD")), ""),
                Arguments.of("case insensitive flag", List.of(m("env", Type.REGEX, "(?i)PROD")), "s1 s2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void selectsSeriesLikePrometheus(String name, List<LabelMatcher> ms, String expected) {
        try (Querier q = head.querier(0, 5000)) {
            SeriesSet ss = q.select(ms.toArray(new LabelMatcher[0]));
            List<String> ids = new ArrayList<>();
            List<Labels> all = new ArrayList<>();
            while (ss.next()) {
                ids.add(ss.labels().get("id"));
                all.add(ss.labels());
            }
            List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
            assertEquals(want, ids.stream().sorted().toList());
            List<Labels> sorted = new ArrayList<>(all);
            sorted.sort(null);
            assertEquals(sorted, all, "series come sorted by labels");
        }
    }

    @Test
    void listsLabelNamesAndValues() {
        try (Querier q = head.querier(0, 5000)) {
            assertEquals(List.of("__name__", "dc", "env", "id"), q.labelNames());
            assertEquals(List.of("__name__", "id"), q.labelNames(m("__name__", Type.EQUAL, "other")));
            assertEquals(List.of("dev", "prod", "staging"), q.labelValues("env"));
            assertEquals(List.of("prod"), q.labelValues("env", m("dc", Type.EQUAL, "us")));
            assertEquals(List.of(), q.labelValues("nope"));
        }
        try (Querier q = head.querier(2000, 5000)) {
            assertEquals(List.of(), q.labelNames(), "nothing outside the head's time range");
        }
    }

    @Test
    void rejectsInvalidRegex() {
        try (Querier q = head.querier(0, 5000)) {
            assertThrows(IllegalArgumentException.class, () -> q.select(m("env", Type.REGEX, "(")));
        }
    }
}
