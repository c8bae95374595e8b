package dev.ignis.promql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.promql.internal.ast.AggregateExpr;
import dev.ignis.promql.internal.ast.BinaryExpr;
import dev.ignis.promql.internal.ast.Call;
import dev.ignis.promql.internal.ast.Expr;
import dev.ignis.promql.internal.ast.MatrixSelector;
import dev.ignis.promql.internal.ast.ParenExpr;
import dev.ignis.promql.internal.ast.PosRange;
import dev.ignis.promql.internal.ast.SubqueryExpr;
import dev.ignis.promql.internal.ast.UnaryExpr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Position ranges of nodes, as Prometheus's parser tests (parse_test.go) expect them:
 * half-open offsets; folded signs belong to the literal; modifiers extend the node they
 * modify; a range selector's inner selector keeps its own range.
 */
class PositionsTest {

    @ParameterizedTest(name = "{0} at \"{1}\" is [{2}, {3})")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        1                                          |                  | 0  | 1
        +Inf                                       |                  | 0  | 4
        -0755                                      |                  | 0  | 5
        +5.5e-3                                    |                  | 0  | 7
        -1*2                                       | lhs              | 0  | 2
        -1*2                                       | rhs              | 3  | 4
        -1^-2                                      |                  | 0  | 5
        -1^-2                                      | expr.lhs         | 1  | 2
        -1^-2                                      | expr.rhs         | 3  | 5
        1 + 2/(3*1)                                | rhs.rhs          | 6  | 11
        1 + 2/(3*1)                                | rhs.rhs.expr.rhs | 9  | 10
        -some_metric                               | expr             | 1  | 12
        ' +some_metric'                            |                  | 1  | 13
        ' +some_metric'                            | expr             | 2  | 13
        foo == bool 1                              | rhs              | 12 | 13
        foo offset 5m                              |                  | 0  | 13
        foo offset -7m                             |                  | 0  | 14
        foo @ 1603774568                           |                  | 0  | 16
        foo:bar{a="bc"}                            |                  | 0  | 15
        test[5m]                                   |                  | 0  | 8
        test[5m]                                   | selector         | 0  | 4
        test[5h] OFFSET 5m                         |                  | 0  | 18
        test[5h] OFFSET 5m                         | selector         | 0  | 4
        sum by (foo)(some_metric)                  |                  | 0  | 25
        sum by (foo)(some_metric)                  | expr             | 13 | 24
        sum (some_metric) without (foo)            |                  | 0  | 31
        topk(5, some_metric)                       | param            | 5  | 6
        topk(5, some_metric)                       | expr             | 8  | 19
        'count_values("value", some_metric)'       | param            | 13 | 20
        rate(some_metric[5m])                      |                  | 0  | 21
        rate(some_metric[5m])                      | arg0             | 5  | 20
        rate(some_metric[5m])                      | arg0.selector    | 5  | 16
        'foo{bar="baz"}[10m:6s]'                   |                  | 0  | 22
        'min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]' |        | 0  | 61
        'min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]' | expr   | 0  | 54
        'min_over_time(rate(foo{bar="baz"}[2s])[5m:] offset 4m)[4m:3s]' | expr.arg0 | 14 | 53
        some_metric OFFSET 1m [10m:5s]             |                  | 0  | 30
        some_metric OFFSET 1m [10m:5s]             | expr             | 0  | 21
        (sum(foo) )                                |                  | 0  | 11
        (sum(foo) )                                | expr             | 1  | 9
        (sum(foo) by (bar))                        | expr             | 1  | 18
        """)
    void nodeHasPrometheusPositionRange(String query, String path, int start, int end) {
        Expr node = PromQL.parse(query);
        if (path != null) {
            for (String step : path.split("\\.")) {
                node = child(node, step);
            }
        }
        assertEquals(new PosRange(start, end), node.pos());
    }

    private static Expr child(Expr e, String step) {
        return switch (step) {
            case "lhs" -> ((BinaryExpr) e).lhs();
            case "rhs" -> ((BinaryExpr) e).rhs();
            case "param" -> ((AggregateExpr) e).param();
            case "selector" -> ((MatrixSelector) e).selector();
            case "arg0" -> ((Call) e).args().get(0);
            case "expr" -> e instanceof UnaryExpr u ? u.expr()
                    : e instanceof ParenExpr p ? p.expr()
                    : e instanceof AggregateExpr a ? a.expr()
                    : ((SubqueryExpr) e).expr();
            default -> throw new IllegalArgumentException(step);
        };
    }
}
