package dev.ignis.tsdb.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.storage.LabelMatcher;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The set fast path: the regexes Prometheus 2.42 matches as a set of literal values (its
 * {@code findSetMatches}), and the same answers as the regex engine for every probe value.
 */
class MatcherTest {

    static Stream<Arguments> regexes() {
        return Stream.of(
                // regex, the set (null: matched by the regex engine)
                Arguments.of("foo", List.of("foo")),
                Arguments.of("", List.of("")),
                Arguments.of("foo|bar|baz", List.of("foo", "bar", "baz")),
                Arguments.of("foo|", List.of("foo", "")),
                Arguments.of("(foo|bar)", List.of("foo", "bar")),
                Arguments.of("()", List.of("")),
                Arguments.of("host\\.example\\.com:9100|other", List.of("host.example.com:9100", "other")),
                Arguments.of("a\\|b|c", List.of("a|b", "c")),
                Arguments.of("\\(x\\)|\\[y\\]|\\{z\\}|\\^|\\$|\\*|\\+|\\?|\\\\", List.of("(x)", "[y]", "{z}", "^", "$", "*", "+", "?", "\\")),
                Arguments.of("job-1|job_2|job:3|job/4|job 5|jöb", List.of("job-1", "job_2", "job:3", "job/4", "job 5", "jöb")),
                // Not literal: the regex engine decides.
                Arguments.of("foo.*", null),
                Arguments.of("foo|ba.", null),
                Arguments.of("(foo)|(bar)", null),
                Arguments.of("(?:foo|bar)", null),
                Arguments.of("(?i)foo", null),
                Arguments.of("\\d+", null),
                Arguments.of("a\\-b", null),
                Arguments.of("[ab]", null),
                Arguments.of("^foo$", null));
    }

    static final List<String> PROBES = Arrays.asList("", "foo", "bar", "baz", "foobar", "FOO", "host.example.com:9100",
            "hostxexample.com:9100", "other", "a|b", "a", "b", "c", "(x)", "[y]", "{z}", "^", "$", "*", "+", "?", "\\",
            "job-1", "job_2", "job:3", "job/4", "job 5", "jöb", "x", "\n");

    @ParameterizedTest
    @MethodSource("regexes")
    void literalAlternationsAreMatchedAsASet(String re, List<String> set) {
        assertEquals(set, Matcher.literalAlternatives(re));
        Pattern engine = Pattern.compile("(?:" + re + ")", Pattern.UNIX_LINES);
        for (LabelMatcher.Type type : new LabelMatcher.Type[] {LabelMatcher.Type.REGEX, LabelMatcher.Type.NOT_REGEX}) {
            Matcher m = Matcher.compile(new LabelMatcher(type, "l", re));
            assertEquals(type == LabelMatcher.Type.REGEX ? set : null, m.setMatches());
            for (String v : PROBES) {
                boolean want = engine.matcher(v).matches() == (type == LabelMatcher.Type.REGEX);
                assertEquals(want, m.matches(v), type + " " + re + " on " + v);
            }
        }
    }
}
