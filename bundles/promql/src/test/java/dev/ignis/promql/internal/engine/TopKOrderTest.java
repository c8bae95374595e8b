package dev.ignis.promql.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.query.QueryOptions;
import dev.ignis.api.query.QueryResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The order of {@code topk}/{@code bottomk} instant results among equal values, as the real
 * Prometheus 2.42 (Debian 2.42.0+ds, Go 1.19.8) answered on the same series (scraped, then
 * queried through /api/v1/query): it sorts each group's heap with Go's unstable sort, so ties
 * come out in an order set by the heap, not by the input.
 */
class TopKOrderTest {

    private static final double[] X = {3, 2, 5, 1, 1, 1, 2, 3, 2, 3, 2, 2, 3, 5, 3, 3, 1, 1, 2, 5, 1, 2, 1};
    private static final String[] Z = {"NaN", "1", "NaN", "2", "1", "1", "NaN", "2", "1", "NaN", "3", "1", "1"};

    private static final MemQueryable STORAGE = load();

    private static MemQueryable load() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < X.length; i++) {
            lines.add(String.format("x{a=\"s%02d\", g=\"%d\"} %s", i, i % 2, Double.toString(X[i])));
            lines.add(String.format("y{a=\"s%02d\"} 1", i));
        }
        for (int i = 0; i < Z.length; i++) {
            lines.add(String.format("z{a=\"s%02d\"} %s", i, Z[i]));
        }
        return MemQueryable.load("1m", lines.toArray(new String[0]));
    }

    private final Engine engine = new Engine(STORAGE, Settings.defaults());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
        topk(2, x)             ; s02 s13
        topk(5, x)             ; s02 s13 s19 s07 s00
        topk(9, x)             ; s02 s13 s19 s15 s00 s14 s07 s12 s09
        topk(12, x)            ; s02 s13 s19 s15 s07 s14 s12 s00 s09 s10 s11 s06
        bottomk(4, x)          ; s05 s04 s03 s16
        bottomk(7, x)          ; s20 s16 s17 s03 s04 s05 s22
        bottomk(11, x)         ; s20 s05 s16 s03 s17 s04 s22 s01 s08 s06 s10
        topk(3, x) by (g)      ; s02 s00 s12 s13 s19 s07
        bottomk(5, x) by (g)   ; s20 s04 s16 s22 s06 s05 s03 s17 s11 s01
        topk(6, y)             ; s00 s01 s02 s03 s04 s05
        bottomk(12, y)         ; s00 s01 s02 s03 s04 s05 s06 s07 s08 s09 s10 s11
        topk(4, z)             ; s10 s07 s03 s01
        topk(10, z)            ; s10 s07 s03 s11 s05 s08 s01 s04 s12 s06
        bottomk(5, z)          ; s08 s05 s04 s01 s11
        bottomk(12, z)         ; s05 s11 s01 s08 s04 s12 s07 s03 s10 s00 s06 s02
        """)
    void tiesInPrometheusOrder(String query, String expected) throws Exception {
        QueryResult.Vector v = (QueryResult.Vector) engine.instant(query, 0, QueryOptions.DEFAULT).value();
        List<String> got = new ArrayList<>();
        v.samples().forEach(s -> got.add(s.labels().get("a")));
        assertEquals(expected, String.join(" ", got));
    }
}
