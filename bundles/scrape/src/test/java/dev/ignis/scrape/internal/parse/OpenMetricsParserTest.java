package dev.ignis.scrape.internal.parse;

import static dev.ignis.scrape.internal.parse.Dump.c;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenMetrics 1.0 tables. Each error case's wording was checked against Prometheus 2.42
 * scraping the same body served as {@code application/openmetrics-text}.
 */
class OpenMetricsParserTest {

    static Stream<Arguments> valid() {
        return Stream.of(
                c("foo 1\n# EOF\n", "foo 1"),
                c("foo 1\n# EOF", "foo 1"),
                c("# EOF\n", ""),
                c("# EOF", ""),
                c("foo{} 1\n# EOF\n", "foo 1"),
                c("foo{a=\"b\",c=\"d\"} 1\n# EOF\n", "foo{a=\"b\",c=\"d\"} 1"),
                c("foo{z=\"1\",a=\"2\"} 1\n# EOF\n", "foo{a=\"2\",z=\"1\"} 1"),
                c("foo{a=\"x\\\"y\\\\z\\nw\"} 1\n# EOF\n", "foo{a=\"x\\\"y\\\\z\\nw\"} 1"),
                c("foo{a=\"\\xff\"} 1\n# EOF\n", "foo{a=\"\\\\xff\"} 1"),
                c("foo{a=\"\u00c3\u00bc\"} 1\n# EOF\n", "foo{a=\"\u00fc\"} 1"),
                c("foo 1 1520879607.789\n# EOF\n", "foo 1 @1520879607789"),
                c("foo 1 1520879607\n# EOF\n", "foo 1 @1520879607000"),
                c("foo 1 -1.5\n# EOF\n", "foo 1 @-1500"),
                c("foo 1 1e30\n# EOF\n", "foo 1 @-9223372036854775808"),
                c("foo NaN\n# EOF\n", "foo NaN"),
                c("foo +Inf\n# EOF\n", "foo +Inf"),
                c("foo -1.5e-3\n# EOF\n", "foo -0.0015"),
                c("foo_created 1.7957677402328074e+09\n# EOF\n", "foo_created 1.7957677402328074E9"),
                c("foo_total 1 # {a=\"b\"} 2 3.5\n# EOF\n", "foo_total 1 # {a=\"b\"} 2 @3500"),
                c("foo_total 1 # {a=\"b\"} 2\n# EOF\n", "foo_total 1 # {a=\"b\"} 2"),
                c("foo_total 1 # {} 2\n# EOF\n", "foo_total 1 # {} 2"),
                c("foo_total 1 2 # {a=\"b\"} 2\n# EOF\n", "foo_total 1 @2000 # {a=\"b\"} 2"),
                c("foo_bucket{le=\"1\"} 1 # {trace_id=\"x\\\\y\",span=\"1\"} 0.5 10\n# EOF\n",
                        "foo_bucket{le=\"1\"} 1 # {span=\"1\",trace_id=\"x\\\\y\"} 0.5 @10000"),
                c("foo_total 1 #x\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"#x\": invalid syntax"),
                c("# HELP foo Some help.\n# EOF\n", "HELP foo \"Some help.\""),
                c("# HELP foo \n# EOF\n", "HELP foo \"\""),
                c("# HELP foo a\\\"b\\\\c\\nd\\te\n# EOF\n", "HELP foo \"a\\\"b\\\\c\\nd\\\\te\""),
                c("# TYPE foo counter\n# EOF\n", "TYPE foo counter"),
                c("# TYPE foo gauge\n# EOF\n", "TYPE foo gauge"),
                c("# TYPE foo histogram\n# EOF\n", "TYPE foo histogram"),
                c("# TYPE foo gaugehistogram\n# EOF\n", "TYPE foo gaugehistogram"),
                c("# TYPE foo summary\n# EOF\n", "TYPE foo summary"),
                c("# TYPE foo info\n# EOF\n", "TYPE foo info"),
                c("# TYPE foo stateset\n# EOF\n", "TYPE foo stateset"),
                c("# TYPE foo unknown\n# EOF\n", "TYPE foo unknown"),
                c("# TYPE foo counter\n# TYPE foo gauge\n# EOF\n", "TYPE foo counter | TYPE foo gauge"),
                c("# UNIT foo_seconds seconds\n# EOF\n", "UNIT foo_seconds seconds"),
                c("# UNIT foo_seconds \n# EOF\n", "UNIT foo_seconds "),
                c("# TYPE s stateset\ns{s=\"a\"} 1\ns{s=\"b\"} 0\n# EOF\n", "TYPE s stateset | s{s=\"a\"} 1 | s{s=\"b\"} 0"),
                c("# TYPE b info\nb_info{version=\"1\"} 1\n# EOF\n", "TYPE b info | b_info{version=\"1\"} 1"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                c("", "ERR 1: data does not end with # EOF"),
                c("foo 1\n", "ERR 2: data does not end with # EOF"),
                c("foo 1", "ERR 1: data does not end with # EOF"),
                c("foo_total 1 # {a=\"b\"} 2", "ERR 1: data does not end with # EOF"),
                c("foo 1\n# EOF\n\n", "ERR 3: unexpected data after # EOF"),
                c("# EOF\nfoo 1\n", "ERR 2: unexpected data after # EOF"),
                c("foo 1\n# EOF \n", "ERR 2: unexpected data after # EOF"),
                c("foo 1\n\n# EOF\n", "ERR 2: \"INVALID\" \"\\n\" is not a valid start token"),
                c("# foo\n# EOF\n", "ERR 1: \"INVALID\" \"f\" is not a valid start token"),
                c("#foo\n# EOF\n", "ERR 1: \"INVALID\" \"f\" is not a valid start token"),
                c("foo 1\n#  EOF\n", "ERR 2: \"INVALID\" \" \" is not a valid start token"),
                c(" foo 1\n# EOF\n", "ERR 1: \"INVALID\" \" \" is not a valid start token"),
                c("{a=\"b\"} 1\n# EOF\n", "ERR 1: \"INVALID\" \"{\" is not a valid start token"),
                c("foo  1\n# EOF\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo\t1\n# EOF\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo{a=\"b\"}1\n# EOF\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo\n# EOF\n", "ERR 1: expected value after metric, got \"INVALID\""),
                c("foo", "ERR 1: expected value after metric, got \"EOF\""),
                c("foo{a=\"b\",} 1\n# EOF\n", "ERR 1: expected label name, got \"BCLOSE\""),
                c("foo{,a=\"b\"} 1\n# EOF\n", "ERR 1: expected label name or left brace, got \"COMMA\""),
                c("foo{a=\"b\" c=\"d\"} 1\n# EOF\n", "ERR 1: expected comma or left brace, got \"INVALID\""),
                c("foo{a=\"b\"c=\"d\"} 1\n# EOF\n", "ERR 1: expected comma, got \"LNAME\""),
                c("foo{a=b} 1\n# EOF\n", "ERR 1: expected label value, got \"INVALID\""),
                c("foo{a=\"b\nc\"} 1\n# EOF\n", "ERR 1: expected label value, got \"INVALID\""),
                c("foo{a} 1\n# EOF\n", "ERR 1: expected equal, got \"BCLOSE\""),
                c("foo{a=\"\u00ff\"} 1\n# EOF\n", "ERR 1: invalid UTF-8 label value"),
                c("# HELP foo\n# EOF\n", "ERR 1: expected text in HELP"),
                c("# TYPE foo\n# EOF\n", "ERR 1: expected text in TYPE"),
                c("# HELP foo bar", "ERR 1: expected text in HELP"),
                c("# HELP 1foo x\n# EOF\n", "ERR 1: expected metric name after HELP, got \"INVALID\""),
                c("# HELP foo \u00ff\n# EOF\n", "ERR 1: help text is not a valid utf8 string"),
                c("# TYPE foo bogus\n# EOF\n", "ERR 1: invalid metric type \"bogus\""),
                c("# TYPE foo untyped\n# EOF\n", "ERR 1: invalid metric type \"untyped\""),
                c("# UNIT foo_seconds bytes\n# EOF\n", "ERR 1: unit not a suffix of metric \"foo_seconds\""),
                c("# UNIT seconds seconds\n# EOF\n", "ERR 1: unit not a suffix of metric \"seconds\""),
                c("# UNIT fooseconds seconds\n# EOF\n", "ERR 1: unit not a suffix of metric \"fooseconds\""),
                c("foo 1 NaN\n# EOF\n", "ERR 1: invalid timestamp"),
                c("foo 1 Inf\n# EOF\n", "ERR 1: invalid timestamp"),
                c("foo 1 abc\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"abc\": invalid syntax"),
                c("foo abc\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"abc\": invalid syntax"),
                c("foo 1e400\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"1e400\": value out of range"),
                c("foo 1\r\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"1\\r\": invalid syntax"),
                c("foo 1 2 3\n# EOF\n", "ERR 1: expected next entry after timestamp, got \"TIMESTAMP\""),
                c("foo 1 2", "ERR 1: expected next entry after timestamp, got \"EOF\""),
                c("foo 1  \n# EOF\n", "ERR 1: expected timestamp or # symbol, got \"INVALID\""),
                c("foo_total 1 # a\n# EOF\n", "ERR 1: expected timestamp or # symbol, got \"INVALID\""),
                c("foo_total 1 #{a=\"b\"} 2\n# EOF\n",
                        "ERR 1: strconv.ParseFloat: parsing \"#{a=\\\"b\\\"}\": invalid syntax"),
                c("foo 1 # {a=\"b\"} 2\n# EOF\n", "ERR 1: metric name foo does not support exemplars"),
                c("foo_count 1 # {a=\"b\"} 2\n# EOF\n", "ERR 1: metric name foo_count does not support exemplars"),
                c("foo_total 1 # {a=\"b\"} 2 NaN\n# EOF\n", "ERR 1: invalid exemplar timestamp"),
                c("foo_total 1 # {a=\"b\",} 2\n# EOF\n", "ERR 1: expected label name, got \"BCLOSE\""),
                c("foo_total 1 # {a=\"b\"}\n# EOF\n", "ERR 1: expected value after exemplar labels, got \"INVALID\""),
                c("foo_total 1 # {a=\"b\"} 2 3 4\n# EOF\n",
                        "ERR 1: expected next entry after exemplar timestamp, got \"TIMESTAMP\""),
                c("foo_total 1 # {a=\"b\"} 2 3 \n# EOF\n",
                        "ERR 1: expected next entry after exemplar timestamp, got \"INVALID\""),
                c("foo_total 1 # {a=\"b\"} 2  3\n# EOF\n", "ERR 1: expected timestamp or comment, got \"INVALID\""),
                c("foo_total 1 # {a=\"b\"} x\n# EOF\n", "ERR 1: strconv.ParseFloat: parsing \"x\": invalid syntax"),
                // One exemplar per line: 2.42 reads a second one's '#' as the first one's timestamp.
                c("foo_total 1 # {a=\"b\"} 2 # {c=\"d\"} 3\n# EOF\n",
                        "ERR 1: strconv.ParseFloat: parsing \"#\": invalid syntax"),
                c("foo 1\nbar 2\nbaz\n# EOF\n", "ERR 3: expected value after metric, got \"INVALID\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidInput(String input, String expected) {
        assertEquals(expected, Dump.dump(new OpenMetricsParser(), input));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsMalformedInputAsPrometheusDoes(String input, String expected) {
        assertEquals(expected, Dump.dump(new OpenMetricsParser(), input));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        "application/openmetrics-text",
        "Application/OpenMetrics-Text;version=0.0.1",
        "application/openmetrics-text; version=1.0.0;",
        "application/openmetrics-text; charset=\"utf-8\"",
    })
    void contentTypeSelectsOpenMetrics(String contentType) {
        assertTrue(Parsers.isOpenMetrics(contentType));
        assertInstanceOf(OpenMetricsParser.class, Parsers.forContentType(contentType));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "text/plain; version=0.0.4; charset=utf-8",
        "",
        "application/json",
        "application/openmetrics-text; version",
        "application/openmetrics-text; version=1; version=2",
        "application/openmetrics-text-foo",
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited",
    })
    void otherContentTypesSelectTextFormat(String contentType) {
        assertFalse(Parsers.isOpenMetrics(contentType));
        assertInstanceOf(TextParser.class, Parsers.forContentType(contentType));
    }

    @Test
    void missingContentTypeSelectsTextFormat() {
        assertInstanceOf(TextParser.class, Parsers.forContentType(null));
    }
}
