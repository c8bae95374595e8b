package dev.ignis.promql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.query.ErrorType;
import dev.ignis.api.query.QueryException;
import dev.ignis.api.storage.LabelMatcher;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expectations are what Prometheus 2.42 answers for /api/v1/series?match[]=... */
class SelectorParserComponentTest {

    private final SelectorParserComponent parser = new SelectorParserComponent();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "up                         | [__name__=\"up\"]",
        "{}                         | []",
        "{a=\"b\",}                 | [a=\"b\"]",
        "up{job=~\"a.+\",x!=\"\"}  | [job=~\"a.+\", x!=\"\", __name__=\"up\"]",
        "{__name__=~\"a.*\"}        | [__name__=~\"a.*\"]",
    })
    void parsesSelectors(String input, String matchers) throws QueryException {
        List<LabelMatcher> parsed = parser.parseSelector(input);
        assertEquals(matchers, parsed.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "foo+bar       | 1:4: parse error: unexpected <op:+>",
        "foo offset 5m | 1:5: parse error: unexpected <offset>",
        "rate(x[5m])   | 1:5: parse error: unexpected \"(\"",
        "foo[5m]       | 1:4: parse error: unexpected \"[\"",
        "foo @ 10      | 1:5: parse error: unexpected \"<Item 57385>\" <op:@>",
        "1             | 1:1: parse error: unexpected number \"1\"",
    })
    void rejectsWhatIsNotABareSelectorAsPrometheusDoes(String input, String message) {
        QueryException e = assertThrows(QueryException.class, () -> parser.parseSelector(input));
        assertEquals(ErrorType.BAD_DATA, e.type());
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "up                                        | [[__name__=\"up\"]]",
        "1 + 2                                     | []",
        "time()                                    | []",
        "rate(a_total{x=\"1\"}[5m]) / b           | [[x=\"1\", __name__=\"a_total\"], [__name__=\"b\"]]",
        "topk(scalar(k), c)                        | [[__name__=\"k\"], [__name__=\"c\"]]",
        "max_over_time((-d offset 1m)[10m:1m])     | [[__name__=\"d\"]]",
        "{job=~\"a.*\"} and on (job) e             | [[job=~\"a.*\"], [__name__=\"e\"]]",
    })
    void extractsTheSelectorsOfAnExpression(String expr, String selectors) throws QueryException {
        assertEquals(selectors, parser.extractSelectors(expr).toString());
    }

    @org.junit.jupiter.api.Test
    void extractSelectorsReportsParseErrors() {
        QueryException e = assertThrows(QueryException.class, () -> parser.extractSelectors("foo{"));
        assertEquals(ErrorType.BAD_DATA, e.type());
    }

    /** Whether 2.42's /api/v1/query_exemplars answered 200 (selectors found) or 204 (none). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "up | true", "rate(http_requests_total[5m]) | true", "{job=\"a\"} | true", "1 | false", "'\"a\"' | false",
        "time() | false", "vector(1) + on(job) group_left(instance) vector(2) | false",
        "sum by (job) (vector(1)) | false", "absent(nothing) | true", "vector(1)[5m:1m] # up | false",
        "Inf + NaN | false", "sum(vector(1)) without (a) and on() vector(2) | false",
        "'label_replace(vector(1), \"a\", \"$1\", \"b\", \"(.*)\")' | false", "count_values(\"v\", up) | true",
        "sum without (a) (up) | true", "topk(3, vector(1)) | false", "quantile by (a) (0.5, vector(1)) | false",
        "vector(1) > bool vector(2) unless vector(3) | false", "vector(1)[5m:1m] @ start() | false",
        "rate(up[5m] offset 1m) | true",
    })
    void findsSelectorsWherePrometheusDoes(String expr, boolean selects) throws QueryException {
        assertEquals(selects, !parser.extractSelectors(expr).isEmpty());
    }
}
