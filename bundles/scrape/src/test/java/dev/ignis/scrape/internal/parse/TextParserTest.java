package dev.ignis.scrape.internal.parse;

import static dev.ignis.scrape.internal.parse.Dump.c;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text format 0.0.4 tables. Each error case's wording was checked against Prometheus 2.42
 * scraping the same body (the {@code lastError} of its target).
 */
class TextParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                c("foo 1\n", "foo 1"),
                c("foo 1", "foo 1"),
                c("foo{a=\"b\"} 1 2\n", "foo{a=\"b\"} 1 @2"),
                c("foo{a=\"b\"} 1 2 ", "foo{a=\"b\"} 1 @2"),
                c("foo{} 1\n", "foo 1"),
                c("foo{a=\"b\",} 1\n", "foo{a=\"b\"} 1"),
                c("foo{a=\"b\" c=\"d\"} 1\n", "foo{a=\"b\",c=\"d\"} 1"),
                c("foo{ a = \"b\" , c=\"d\" } 1\n", "foo{a=\"b\",c=\"d\"} 1"),
                c("foo{a=\"b\"}1\n", "foo{a=\"b\"} 1"),
                c("foo\t1\t2\n", "foo 1 @2"),
                c("foo   1   2\n", "foo 1 @2"),
                c(" foo 1\n", " foo 1"),
                c("foo:bar 1\n", "foo:bar 1"),
                c(":foo_1 1\n", ":foo_1 1"),
                c("\n\nfoo 1\n\n\nbar 2\n", "foo 1 | bar 2"),
                c("foo{z=\"1\",a=\"2\"} 1\n", "foo{a=\"2\",z=\"1\"} 1"),
                c("foo{a=\"\"} 1\n", "foo 1"),
                c("foo{a=\"x\\\"y\\\\z\\nw\"} 1\n", "foo{a=\"x\\\"y\\\\z\\nw\"} 1"),
                c("foo{a=\"t\\tab\"} 1\n", "foo{a=\"t\\\\tab\"} 1"),
                c("foo{a=\"\\xff\"} 1\n", "foo{a=\"\\\\xff\"} 1"),
                c("foo{a=\"b\nc\"} 1\n", "foo{a=\"b\\nc\"} 1"),
                c("foo{a=\"\u00c3\u00bc\"} 1\n", "foo{a=\"\u00fc\"} 1"),
                c("foo{a=\"1\",a=\"2\"} 1\n", "!label name \"a\" is not unique 1"),
                c("foo{__name__=\"bar\"} 1\n", "!label name \"__name__\" is not unique 1"),
                c("foo 1\nfoo 2\n", "foo 1 | foo 2"),
                c("foo NaN\n", "foo NaN"),
                c("foo nan\n", "foo NaN"),
                c("foo +Inf\n", "foo +Inf"),
                c("foo -Inf\n", "foo -Inf"),
                c("foo inf\n", "foo +Inf"),
                c("foo -infinity\n", "foo -Inf"),
                c("foo .5\n", "foo 0.5"),
                c("foo 5.\n", "foo 5"),
                c("foo -1.5e-3\n", "foo -0.0015"),
                c("foo 1E+2\n", "foo 100"),
                c("foo +3\n", "foo 3"),
                c("foo -0\n", "foo -0"),
                c("foo 0.1\n", "foo 0.1"),
                c("foo 1.7957677402328074e+09\n", "foo 1.7957677402328074E9"),
                c("foo 123456789012345678901234567890\n", "foo 1.2345678901234568E29"),
                c("foo 1e-400\n", "foo 0"),
                c("foo 1.7976931348623157e308\n", "foo 1.7976931348623157E308"),
                c("foo 1 9223372036854775807\n", "foo 1 @9223372036854775807"),
                c("foo 1 000\n", "foo 1 @0"),
                c("foo 1\n\0garbage\n", "foo 1"),
                c("# HELP foo Some help.\n", "HELP foo \"Some help.\""),
                c("# HELP foo\n", "HELP foo \"\""),
                c("# HELP foo   \n", "HELP foo \"\""),
                c("# HELP foo  two spaces\n", "HELP foo \" two spaces\""),
                c("# HELP foo a\\\\b\\nc\\td\\\"e\n", "HELP foo \"a\\\\b\\nc\\\\td\\\\\\\"e\""),
                c("#\tHELP\tfoo\ttab\n", "HELP foo \"tab\""),
                c("  # HELP foo x\n", "HELP foo \"x\""),
                c("# TYPE foo counter\n", "TYPE foo counter"),
                c("# TYPE foo gauge\n", "TYPE foo gauge"),
                c("# TYPE foo histogram\n", "TYPE foo histogram"),
                c("# TYPE foo summary\n", "TYPE foo summary"),
                c("# TYPE foo untyped\n", "TYPE foo unknown"),
                c("#HELP foo x\nfoo 1\n", "COMMENT \"#HELP foo x\" | foo 1"),
                c("# TYPE\n", "COMMENT \"# TYPE\""),
                c("# HELPER foo\n", "COMMENT \"# HELPER foo\""),
                c("# just a comment\n", "COMMENT \"# just a comment\""),
                c("#\n", "COMMENT \"#\""),
                c("# TYPE foo_seconds histogram\nfoo_seconds_bucket{le=\"0.1\"} 1\nfoo_seconds_bucket{le=\"+Inf\"} 2\n"
                        + "foo_seconds_sum 0.3\nfoo_seconds_count 2\n",
                        "TYPE foo_seconds histogram | foo_seconds_bucket{le=\"0.1\"} 1 | foo_seconds_bucket{le=\"+Inf\"} 2"
                                + " | foo_seconds_sum 0.3 | foo_seconds_count 2"),
                c("", ""),
                c("\n", ""));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                c("foo\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo{a=\"b\"}\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("fo\0o 1\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo{a=\"b\"}{c=\"d\"} 1\n", "ERR 1: expected value after metric, got \"BOPEN\""),
                c("foo{,a=\"b\"} 1\n", "ERR 1: expected label name, got \"COMMA\""),
                c("foo{a=\"b\",,} 1\n", "ERR 1: expected label name, got \"COMMA\""),
                c("foo{1a=\"b\"} 1\n", "ERR 1: expected label name, got \"INVALID\""),
                c("foo{a=\"b\"", "ERR 1: expected label name, got \"INVALID\""),
                c("foo{a=b} 1\n", "ERR 1: expected label value, got \"INVALID\""),
                c("foo{a=\"b\\\nc\"} 1\n", "ERR 1: expected label value, got \"INVALID\""),
                c("foo{a=\"b} 1\n", "ERR 1: expected label value, got \"INVALID\""),
                c("foo{a} 1\n", "ERR 1: expected equal, got \"BCLOSE\""),
                c("foo{a:b=\"c\"} 1\n", "ERR 1: expected equal, got \"INVALID\""),
                c("foo{a=\"\u00ff\"} 1\n", "ERR 1: invalid UTF-8 label value"),
                c("foo 1 -2\n", "ERR 1: expected timestamp or new record, got \"INVALID\""),
                c("foo{a=\"b\"} 1 #c\n", "ERR 1: expected timestamp or new record, got \"INVALID\""),
                c("foo 1 2 3\n", "ERR 1: expected next entry after timestamp, got \"TIMESTAMP\""),
                c("foo 1 2x\n", "ERR 1: expected next entry after timestamp, got \"INVALID\""),
                c("foo 1 1.5\n", "ERR 1: expected next entry after timestamp, got \"INVALID\""),
                c("foo 1 99999999999999999999\n",
                        "ERR 1: strconv.ParseInt: parsing \"99999999999999999999\": value out of range"),
                c("foo abc\n", "ERR 1: strconv.ParseFloat: parsing \"abc\": invalid syntax"),
                c("foo 1e400\n", "ERR 1: strconv.ParseFloat: parsing \"1e400\": value out of range"),
                c("foo -1e400\n", "ERR 1: strconv.ParseFloat: parsing \"-1e400\": value out of range"),
                c("foo 0x1p3\n", "ERR 1: unsupported character in float"),
                c("foo 1_000\n", "ERR 1: unsupported character in float"),
                c("foo 0x10\n", "ERR 1: strconv.ParseFloat: parsing \"0x10\": invalid syntax"),
                c("foo +NaN\n", "ERR 1: strconv.ParseFloat: parsing \"+NaN\": invalid syntax"),
                c("foo -nan\n", "ERR 1: strconv.ParseFloat: parsing \"-nan\": invalid syntax"),
                c("foo infinit\n", "ERR 1: strconv.ParseFloat: parsing \"infinit\": invalid syntax"),
                c("foo 1.5.5\n", "ERR 1: strconv.ParseFloat: parsing \"1.5.5\": invalid syntax"),
                c("foo .\n", "ERR 1: strconv.ParseFloat: parsing \".\": invalid syntax"),
                c("foo 1e\n", "ERR 1: strconv.ParseFloat: parsing \"1e\": invalid syntax"),
                c("foo 1d\n", "ERR 1: strconv.ParseFloat: parsing \"1d\": invalid syntax"),
                c("foo 1\r\n", "ERR 1: strconv.ParseFloat: parsing \"1\\r\": invalid syntax"),
                c("# TYPE foo counter \n", "ERR 1: invalid metric type \"counter \""),
                c("# TYPE foo  counter\n", "ERR 1: invalid metric type \" counter\""),
                c("# TYPE foo bogus\n", "ERR 1: invalid metric type \"bogus\""),
                c("# TYPE foo Counter\n", "ERR 1: invalid metric type \"Counter\""),
                c("# TYPE foo\n", "ERR 1: invalid metric type \"\""),
                c("# HELP 1foo x\n", "ERR 1: expected metric name after HELP, got \"INVALID\""),
                c("# TYPE {foo counter\n", "ERR 1: expected metric name after TYPE, got \"INVALID\""),
                c("foo 1\n# HELP foo \u00ff\n", "ERR 2: help text is not a valid utf8 string"),
                c("{a=\"b\"} 1\n", "ERR 1: \"INVALID\" is not a valid start token"),
                c("1foo 1\n", "ERR 1: \"INVALID\" is not a valid start token"),
                c("foo 1\nbar 2\nbaz\n", "ERR 3: expected value after metric, got \"INVALID\""),
                c("foo{a=\"x\ny\"} 1\nbar{,} 1\n", "ERR 3: expected label name, got \"COMMA\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidInput(String input, String expected) {
        assertEquals(expected, Dump.dump(new TextParser(), input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsMalformedInputAsPrometheusDoes(String input, String expected) {
        assertEquals(expected, Dump.dump(new TextParser(), input));
    }
}
