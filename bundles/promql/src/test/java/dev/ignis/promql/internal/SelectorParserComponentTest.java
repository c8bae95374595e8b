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
}
