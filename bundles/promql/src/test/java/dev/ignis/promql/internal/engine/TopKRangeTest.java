package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code topk}/{@code bottomk} as range queries over series that come and go (stale markers),
 * over more steps than one block of {@link TopK}'s step-major copy: a series absent at a step
 * must not compete there, whatever it held at the same place of an earlier block. Expected
 * answers worked out by hand from the data: per result series, its runs of steps and value.
 */
class TopKRangeTest {

    // 100 samples a minute apart: a always 1; b 5 for the first 64, then gone; c 0 for the
    // first 10, then gone until step 80, then 0.25; d 3 from step 70 only.
    private static final MemQueryable STORAGE = MemQueryable.load("1m",
            "x{s=\"a\"} 1x99",
            "x{s=\"b\"} 5x63 stale",
            "x{s=\"c\"} 0x9 stale " + "_ ".repeat(69) + "0.25x19",
            "x{s=\"d\"} " + "_ ".repeat(70) + "3x29");

    private final Engine engine = new Engine(STORAGE, Settings.defaults());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
        topk(1, x)     ; {__name__="x", s="a"} 64-69=1 | {__name__="x", s="b"} 0-63=5 | {__name__="x", s="d"} 70-99=3
        topk(2, x)     ; {__name__="x", s="a"} 0-99=1 | {__name__="x", s="b"} 0-63=5 | {__name__="x", s="d"} 70-99=3
        bottomk(1, x)  ; {__name__="x", s="a"} 10-79=1 | {__name__="x", s="c"} 0-9=0 80-99=0.25
        bottomk(2, x)  ; {__name__="x", s="a"} 0-99=1 | {__name__="x", s="b"} 10-63=5 | {__name__="x", s="c"} 0-9=0 80-99=0.25 | {__name__="x", s="d"} 70-79=3
        """)
    void rangeResultsPerStep(String query, String expected) throws Exception {
        QueryResult.Matrix m = (QueryResult.Matrix) engine.range(query, 0, 99 * 60_000L, 60_000L,
                QueryOptions.DEFAULT).value();
        List<String> got = new ArrayList<>();
        for (QueryResult.Series s : m.series()) {
            StringBuilder sb = new StringBuilder(s.labels().toString());
            // Runs of consecutive steps with the same value: "first-last=value".
            int i = 0;
            while (i < s.count()) {
                int j = i;
                while (j + 1 < s.count() && s.ts()[j + 1] == s.ts()[j] + 60_000L && s.vs()[j + 1] == s.vs()[i]) {
                    j++;
                }
                sb.append(' ').append(s.ts()[i] / 60_000L).append('-').append(s.ts()[j] / 60_000L)
                        .append('=').append(number(s.vs()[i]));
                i = j + 1;
            }
            got.add(sb.toString());
        }
        assertEquals(expected.trim(), String.join(" | ", got));
    }

    /** The test's values as written in the table (1, 5, 0.25). */
    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
