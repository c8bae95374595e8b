package dev.ignis.config.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.config.ByteSize;
import dev.ignis.api.config.PromDuration;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ValuesTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"1h30m,5400000,1h30m", "5m,300000,5m", "10s,10000,10s", "100ms,100,100ms", "1d,86400000,1d",
        "1w,604800000,1w", "1y,31536000000,1y", "90d,7776000000,90d", "0,0,0s", "0s,0,0s", "1d2h,93600000,1d2h",
        "60s,60000,1m", "1500ms,1500,1s500ms"})
    void parsesAndFormatsDurations(String text, long millis, String formatted) {
        Duration d = PromDuration.parse(text);
        assertEquals(millis, d.toMillis());
        assertEquals(formatted, PromDuration.format(d));
    }

    static Stream<Arguments> badDurations() {
        return Stream.of(Arguments.of("1.5s", "not a valid duration string: \"1.5s\""),
                Arguments.of("", "empty duration string"),
                Arguments.of("-1s", "not a valid duration string: \"-1s\""),
                Arguments.of("1m1h", "not a valid duration string: \"1m1h\""),
                Arguments.of("10", "not a valid duration string: \"10\""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badDurations")
    void rejectsBadDurations(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> PromDuration.parse(text)).getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"10MB,10485760,10MiB", "10MiB,10485760,10MiB", "1KB,1024,1KiB", "1GB512MB,1610612736,1GiB512MiB",
        "0,0,0B", "100B,100,100B"})
    void parsesAndFormatsByteSizes(String text, long bytes, String formatted) {
        assertEquals(bytes, ByteSize.parse(text));
        assertEquals(formatted, ByteSize.format(bytes));
    }

    static Stream<Arguments> re2Matches() {
        return Stream.of(Arguments.of("[[:alpha:]]+", "abc", true), Arguments.of("[[:digit:]]", "a", false),
                Arguments.of("a{", "a{", true), Arguments.of("(?P<x>a)b", "ab", true),
                Arguments.of("[a[]", "[", true), Arguments.of("a.b", "a\nb", false),
                Arguments.of("a.b", "a\rb", true), Arguments.of("(?i)FOO", "foo", true),
                Arguments.of("a\\vb", "a\u000Bb", true), Arguments.of("a{2}b*?", "aab", true));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("re2Matches")
    void compilesRe2Syntax(String re, String input, boolean matches) {
        Pattern p = Re2.compileAnchored(re);
        assertEquals(matches, p.matcher(input).matches());
    }

    static Stream<Arguments> re2Errors() {
        return Stream.of(
                Arguments.of("a(?=b)", "error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                Arguments.of("(a)\\1", "error parsing regexp: invalid escape sequence: `\\1`"),
                Arguments.of("a**", "error parsing regexp: invalid nested repetition operator: `**`"),
                Arguments.of("a++", "error parsing regexp: invalid nested repetition operator: `++`"),
                Arguments.of("*a", "error parsing regexp: missing argument to repetition operator: `*`"),
                Arguments.of("a)", "error parsing regexp: unexpected ): `^(?:a))$`"),
                Arguments.of("[a", "error parsing regexp: missing closing ]: `[a)$`"),
                Arguments.of("a{2,1}", "error parsing regexp: invalid repeat count: `{2,1}`"),
                Arguments.of("x{1001}", "error parsing regexp: invalid repeat count: `{1001}`"),
                Arguments.of("[z-a]", "error parsing regexp: invalid character class range: `z-a`"),
                Arguments.of("[[:foo:]]", "error parsing regexp: invalid character class range: `[:foo:]`"),
                Arguments.of("(?<n>a)", "error parsing regexp: invalid or unsupported Perl syntax: `(?<`"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("re2Errors")
    void rejectsWhatRe2Rejects(String re, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Re2.compileAnchored(re)).getMessage());
    }

    static Stream<Arguments> scalars() {
        return Stream.of(Arguments.of("abc", "abc"), Arguments.of("y", "\"y\""), Arguments.of("true", "\"true\""),
                Arguments.of("1", "\"1\""), Arguments.of("1.5", "\"1.5\""), Arguments.of("<secret>", "<secret>"),
                Arguments.of("$1", "$1"), Arguments.of("[a-z]: x", "'[a-z]: x'"), Arguments.of("a: b", "'a: b'"),
                Arguments.of("#x", "'#x'"), Arguments.of("", "\"\""), Arguments.of("http://x", "http://x"),
                Arguments.of("(.*)", "(.*)"), Arguments.of("it's", "it's"), Arguments.of("- x", "'- x'"),
                Arguments.of("a\nb", "\"a\\nb\""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("scalars")
    void quotesScalarsLikeGoYaml(String in, String out) {
        assertEquals(out, YamlWriter.scalar(in, false));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"0.1,0.1", "1,1", "0.000001,1e-06", "2.5,2.5", "123456.789,123456.789"})
    void formatsFloatsLikeGo(double d, String s) {
        assertEquals(s, YamlWriter.formatFloat(d));
    }
}
