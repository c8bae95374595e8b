package dev.ignis.promql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The grammar alone (generated parser and lexer, no tree building): every form of the language is accepted. */
class GrammarTest {

    private static List<String> syntaxErrors(String input) {
        List<String> errors = new ArrayList<>();
        BaseErrorListener listener = new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> r, Object sym, int line, int col, String msg,
                    RecognitionException e) {
                errors.add(line + ":" + col + " " + msg);
            }
        };
        QueryLexer lexer = new QueryLexer(CharStreams.fromString(input));
        lexer.removeErrorListeners();
        lexer.addErrorListener(listener);
        PromQLParser parser = new PromQLParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(listener);
        parser.query();
        return errors;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "1", "0x1f", "0XfF", "1e3", "1E+3", "12.34e-6", ".5", "5.", "010", "Inf", "nAn", "-Inf",
        "\"double\\n\\x41\\u00e9\"", "'single'", "`raw\\n`",
        "foo", "foo:bar:baz", ":foo", "foo{}", "{a=\"b\"}", "foo{a=\"b\",c!=\"d\",e=~\"f\",g!~\"h\",}",
        "{__name__=\"x\"}", "foo{inf=\"1\", sum=\"2\", offset=\"3\"}",
        "sum", "by", "offset", "start", "end", "without", "avg + count",
        "foo[5m]", "foo[1h30m]", "foo[1d]", "foo[1w]", "foo[1y]", "foo[100ms]",
        "foo offset 5m", "foo offset -5m", "foo[5m] offset 1h", "foo @ 100", "foo @ -1.5",
        "foo @ start()", "foo @ end()", "foo offset 1m @ 10", "foo @ 10 offset 1m",
        "foo[5m:]", "foo[5m:1m]", "rate(foo[5m])[30m:1m] offset 1h @ end()",
        "1 + 2 * 3 ^ 4 ^ 5 - 6 / 7 % 8 atan2 9",
        "a == b != c <= d < e >= f > g", "a == bool b", "a and b or c unless d",
        "a + on(x, y) b", "a + ignoring(x) group_left(y) b", "a * on() group_right b",
        "a > bool on(x) group_left() b", "-a", "+a", "- - 1", "-a ^ 2", "a ^ -b",
        "sum(foo)", "sum by (a, b) (foo)", "sum(foo) by (a)", "sum without () (foo)",
        "topk(5, foo)", "count_values(\"v\", foo)", "quantile(0.9, foo) without (a,)",
        "SUM BY (x) (foo)", "sum by (offset, and, bool, start, on, group_left) (foo)",
        "rate(foo[5m])", "time()", "label_join(foo, \"a\", \",\", \"b\", \"c\")",
        "foo # a comment\n + bar", "(((foo)))", "avg_over_time((foo + bar)[5m:])",
    })
    void acceptsValidSyntax(String input) {
        assertEquals(List.of(), syntaxErrors(input));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "", "1 +", "foo{", "foo{a}", "foo[5m", "sum by", "(foo", "foo bar", "foo @", "foo offset",
        "\"unterminated", "foo{a:b=\"c\"}", "a + on(x) group_left b c",
    })
    void rejectsInvalidSyntax(String input) {
        assertTrue(!syntaxErrors(input).isEmpty(), "expected a syntax error");
    }
}
