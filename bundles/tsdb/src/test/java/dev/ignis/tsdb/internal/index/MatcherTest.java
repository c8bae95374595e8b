package dev.ignis.tsdb.internal.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.LabelMatcher;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    static Stream<Arguments> prefilters() {
        return Stream.of(
                // regex, prefix, suffix, contains (null: nothing derived), a value it matches (null: none)
                Arguments.of("i-1.*", "i-1", "", List.of(), "i-10"),
                Arguments.of(".*foo.*", "", "", List.of("foo"), "xfoox"),
                Arguments.of(".*bar", "", "bar", List.of(), "abar"),
                Arguments.of("foo.*bar.*baz", "foo", "baz", List.of("bar"), "foo-bar-baz"),
                Arguments.of("^abc.*$", "abc", "", List.of(), "abcd"),
                Arguments.of("a.*a", "a", "a", List.of(), "aba"),
                Arguments.of("fo+bar", "f", "bar", List.of(), "foobar"),
                Arguments.of("ab?c", "a", "c", List.of(), "ac"),
                Arguments.of("ab*?c", "a", "c", List.of(), "abbc"),
                Arguments.of("(foo|bar)baz", "", "baz", List.of(), "barbaz"),
                Arguments.of("(?:x)y[0-9]+z", "", "z", List.of("y"), "xy12z"),
                Arguments.of("host\\.example\\..*", "host.example.", "", List.of(), "host.example.com"),
                Arguments.of("a\\-b.*", "a-b", "", List.of(), "a-bc"),
                Arguments.of("a\\-b", "a-b", "", List.of(), "a-b"),
                Arguments.of("a{2}b.*", "", "", List.of("b"), "aab"),
                Arguments.of("a^b", "a", "b", List.of(), null),
                Arguments.of("foo.*\\n", "foo", "", List.of(), "foo\n"),
                Arguments.of("\\pLx.*", "", "", List.of("x"), "éx"),
                Arguments.of("\\p{Lu}x.*", "", "", List.of("x"), "Ax"),
                Arguments.of(".*[)(|]x", "", "x", List.of(), "a(x"),
                Arguments.of("(a[)]b)c.*", "", "", List.of("c"), "a)bc"),
                Arguments.of("jöb.*", "jöb", "", List.of(), "jöb1"),
                Arguments.of("\uD83D\uDE00x*y", "\uD83D\uDE00", "y", List.of(), "\uD83D\uDE00xy"),
                Arguments.of("a\uD83D\uDE00*b", "a", "b", List.of(), "a\uD83D\uDE00\uD83D\uDE00b"),
                // Nothing proven from the structure.
                Arguments.of(".*", null, null, null, "anything"),
                Arguments.of("foo|bar.*", null, null, null, "bar1"),
                Arguments.of("foo.*|.*bar", null, null, null, "xbar"),
                Arguments.of("(?i)foo.*", null, null, null, "FOO1"),
                Arguments.of("foo.*(?i)bar", null, null, null, "fooBAR"),
                Arguments.of("foo.*(?i:bar)", null, null, null, "fooBaR"),
                Arguments.of("(?<n>a)b.*", null, null, null, "ab"),
                Arguments.of("(?=a)a.*", null, null, null, "ab"),
                Arguments.of("\\d+", null, null, null, "12"),
                Arguments.of("[ab].*", null, null, null, "bc"),
                Arguments.of("\\Qa.b\\E.*", null, null, null, "a.b"),
                Arguments.of("\\x41.*", null, null, null, "AB"),
                Arguments.of("\\u0041.*", null, null, null, "AB"),
                Arguments.of("\\cAb.*", null, null, null, "\u0001b"),
                Arguments.of("\\0101.*", null, null, null, "A1"),
                Arguments.of("(a)\\1.*", null, null, null, "aa"),
                Arguments.of("[]a]x.*", null, null, null, "]x"),
                Arguments.of("[a[b]]x.*", null, null, null, "bx"));
    }

    @ParameterizedTest
    @MethodSource("prefilters")
    void literalPrefiltersAreDerivedOnlyWhenProvenAndNeverChangeTheAnswer(String re, String prefix, String suffix,
            List<String> contains, String example) {
        Matcher m = Matcher.compile(new LabelMatcher(LabelMatcher.Type.REGEX, "l", re));
        Matcher.Literals want = prefix == null
                ? Matcher.Literals.NONE
                : new Matcher.Literals(prefix, suffix, contains);
        assertEquals(want, m.literals(), re);

        Pattern engine = Pattern.compile("(?:" + re + ")", Pattern.UNIX_LINES);
        Matcher not = m.inverse();
        int rejectedEarly = 0;
        int matched = 0;
        for (String v : probes(re, want, example)) {
            boolean regex = engine.matcher(v).matches();
            if (!m.literals().admits(v)) {
                assertFalse(regex, re + " prefilter rejected " + v + " which the regex matches");
                rejectedEarly++;
            }
            matched += regex ? 1 : 0;
            assertEquals(regex, m.matches(v), re + " on " + v);
            assertEquals(!regex, not.matches(v), "!~ " + re + " on " + v);
        }
        if (example != null) {
            assertTrue(engine.matcher(example).matches() && m.matches(example), re + " on " + example);
            assertTrue(matched > 0, re + ": the probes never match, so they prove nothing");
        }
        if (prefix != null) {
            assertTrue(rejectedEarly > 0, re + ": the prefilter never rejected a probe");
        }
    }

    /** Random strings over the regex's own characters, its literals and a few awkward ones. */
    private static List<String> probes(String re, Matcher.Literals lits, String example) {
        List<String> pieces = new ArrayList<>();
        re.codePoints().forEach(c -> pieces.add(new String(Character.toChars(c))));
        pieces.addAll(List.of("a", "A", "x", "\n", "-", ".", "é", "\uD83D\uDE00", "\uD83D", "0", "1"));
        pieces.addAll(List.of("i-1", "foo", "bar", "baz", "abc", "host.example.", "a-b", "jöb", "aa", "b"));
        if (!lits.prefix().isEmpty()) {
            pieces.add(lits.prefix());
        }
        if (!lits.suffix().isEmpty()) {
            pieces.add(lits.suffix());
        }
        pieces.addAll(lits.contains());
        Random rnd = new Random(re.hashCode());
        List<String> out = new ArrayList<>(List.of("", "\n"));
        if (example != null) {
            // The example and its near misses: every cut, and every one-character edit.
            pieces.add(example);
            for (int i = 0; i <= example.length(); i++) {
                out.add(example.substring(0, i));
                out.add(example.substring(i));
                out.add(example.substring(0, i) + "\n" + example.substring(i));
                out.add(example.substring(0, i) + "x" + example.substring(i));
                if (i < example.length()) {
                    out.add(example.substring(0, i) + example.substring(i + 1));
                    out.add(example.substring(0, i) + example.charAt(i) + example.substring(i));
                }
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            b.setLength(0);
            int len = rnd.nextInt(6);
            for (int j = 0; j < len; j++) {
                b.append(pieces.get(rnd.nextInt(pieces.size())));
            }
            out.add(b.toString());
        }
        return out;
    }
}
