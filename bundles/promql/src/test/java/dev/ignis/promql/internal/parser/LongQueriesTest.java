package dev.ignis.promql.internal.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.promql.internal.ast.Expr;
import org.junit.jupiter.api.Test;

/** Queries far longer than people write: no stack overflow, Prometheus's answers. */
class LongQueriesTest {

    @Test
    void reportsFirstErrorOfTenThousandChainedOperatorsAndThousandSubqueries() {
        // Prometheus's own regression input (parse_test.go); 2.42 reports the first error.
        String query = "(" + "-{}-1".repeat(10_000) + ")" + "[1m:]".repeat(1000);
        ParseException e = assertThrows(ParseException.class, () -> PromQL.parse(query));
        assertEquals("1:3: parse error: vector selector must contain at least one non-empty matcher",
                e.getMessage());
    }

    @Test
    void parsesAndPrintsTwentyThousandChainedAdditions() {
        String query = "x" + " + 1".repeat(20_000);
        Expr expr = PromQL.parse(query);
        assertEquals(query, expr.toString());
        assertEquals(expr.type(), dev.ignis.promql.internal.ast.ValueType.VECTOR);
        // Printing the query it was parsed from gives back the very same text, hence tree.
        assertEquals(query, PromQL.parse(expr.toString()).toString());
    }
}
