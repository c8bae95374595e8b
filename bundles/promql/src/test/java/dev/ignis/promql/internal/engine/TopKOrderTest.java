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
 * queried through /api/v1/query): it sorts each group's heap with Go's unstable sort (insertion
 * up to 12 elements, pattern-defeating quicksort above), so ties come out in an order set by the
 * heap and the sort's steps, not by the input.
 */
class TopKOrderTest {

    private static final double[] X = {3, 2, 5, 1, 1, 1, 2, 3, 2, 3, 2, 2, 3, 5, 3, 3, 1, 1, 2, 5, 1, 2, 1};
    private static final String[] Z = {"NaN", "1", "NaN", "2", "1", "1", "NaN", "2", "1", "NaN", "3", "1", "1"};

    // 120 series with few distinct values and NaN: pivots by ninther, partitions of equal values.
    private static final String[] W = (
        "4 4 3 7 2 3 3 2 2 3 4 0.5 0.5 2 7 NaN 3 4 7 7 " +
        "3 3 4 3 2 NaN 2 7 3 2 0.5 2 NaN 3 4 1 3 0.5 1 4 " +
        "3 3 0.5 2 NaN 0.5 3 7 NaN 1 3 2 3 2 NaN 7 2 0.5 2 1 " +
        "2 1 2 NaN 4 2 4 2 2 3 7 1 4 3 2 0.5 4 3 1 3 " +
        "NaN 3 0.5 4 2 3 NaN 1 2 7 2 7 4 2 2 2 2 3 2 2 " +
        "4 2 3 0.5 3 NaN 3 3 2 3 2 2 0.5 3 1 7 1 3 3 4 ").trim().split(" ");

    private static final MemQueryable STORAGE = load();

    private static MemQueryable load() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < X.length; i++) {
            lines.add(String.format("x{a=\"s%02d\", g=\"%d\"} %s", i, i % 2, Double.toString(X[i])));
            lines.add(String.format("y{a=\"s%02d\"} 1", i));
        }
        for (int i = 0; i < W.length; i++) {
            lines.add(String.format("w{a=\"w%03d\"} %s", i, W[i]));
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
        topk(13, x)            ; s13 s19 s02 s09 s15 s14 s07 s00 s12 s06 s01 s11 s10
        topk(20, x)            ; s02 s19 s13 s09 s00 s07 s15 s14 s12 s11 s10 s21 s18 s08 s06 s01 s04 s17 s05 s16
        topk(23, x)            ; s02 s19 s13 s09 s00 s07 s15 s14 s12 s11 s18 s01 s10 s08 s06 s21 s20 s16 s22 s05 s04 s03 s17
        bottomk(13, x)         ; s04 s20 s03 s16 s17 s05 s22 s11 s18 s10 s21 s06 s08
        bottomk(18, x)         ; s04 s22 s16 s03 s17 s05 s20 s10 s08 s01 s11 s06 s18 s21 s00 s09 s14 s12
        bottomk(23, x)         ; s05 s22 s20 s04 s17 s16 s03 s10 s08 s21 s18 s01 s11 s06 s14 s00 s12 s07 s15 s09 s02 s13 s19
        topk(15, y)            ; s00 s01 s02 s03 s04 s05 s06 s07 s08 s09 s10 s11 s12 s13 s14
        bottomk(23, y)         ; s00 s01 s02 s03 s04 s05 s06 s07 s08 s09 s10 s11 s12 s13 s14 s15 s16 s17 s18 s19 s20 s21 s22
        topk(13, z)            ; s10 s07 s03 s04 s01 s05 s08 s11 s12 s06 s09 s02 s00
        bottomk(13, z)         ; s01 s12 s11 s04 s08 s05 s07 s03 s10 s06 s02 s09 s00
        topk(16, x) by (g)     ; s02 s12 s14 s00 s06 s10 s18 s08 s04 s16 s22 s20 s13 s19 s15 s07 s09 s01 s21 s11 s03 s17 s05
        topk(50, x)            ; s02 s19 s13 s09 s00 s07 s15 s14 s12 s11 s18 s01 s10 s08 s06 s21 s20 s16 s22 s05 s04 s03 s17
        topk(51, w)            ; w070 w047 w019 w055 w018 w115 w003 w014 w027 w089 w091 w017 w092 w119 w100 w064 w066 w000 w022 w076 w010 w001 w039 w083 w072 w034 w021 w104 w028 w023 w009 w102 w050 w033 w077 w081 w097 w079 w069 w002 w052 w005 w041 w020 w040 w085 w046 w073 w036 w016 w006
        topk(60, w)            ; w115 w003 w070 w089 w027 w055 w014 w018 w047 w091 w019 w010 w083 w001 w039 w072 w022 w064 w066 w000 w017 w092 w034 w100 w076 w119 w118 w109 w028 w077 w117 w005 w079 w069 w046 w020 w036 w040 w002 w033 w081 w006 w041 w107 w102 w021 w009 w085 w016 w023 w050 w073 w052 w104 w106 w113 w097 w029 w074 w058
        topk(120, w)           ; w089 w014 w003 w091 w047 w115 w019 w027 w070 w055 w018 w022 w100 w017 w119 w076 w034 w039 w072 w083 w001 w000 w066 w010 w092 w064 w104 w020 w046 w041 w085 w097 w023 w081 w069 w002 w050 w079 w102 w040 w009 w021 w077 w005 w052 w106 w036 w073 w107 w109 w006 w113 w016 w033 w028 w117 w118 w008 w007 w056 w060 w029 w062 w110 w111 w065 w026 w053 w108 w051 w101 w099 w098 w095 w093 w090 w043 w084 w058 w067 w096 w074 w068 w031 w094 w024 w013 w004 w088 w078 w071 w114 w049 w061 w116 w059 w035 w087 w038 w112 w103 w082 w030 w011 w045 w037 w057 w012 w075 w042 w015 w032 w063 w048 w025 w086 w105 w044 w080 w054
        bottomk(100, w)        ; w037 w057 w011 w045 w030 w042 w082 w103 w112 w075 w012 w038 w078 w035 w071 w061 w087 w059 w114 w116 w049 w024 w067 w101 w088 w051 w111 w013 w090 w029 w062 w074 w008 w068 w084 w007 w065 w108 w031 w004 w110 w060 w093 w043 w058 w094 w056 w095 w099 w026 w098 w053 w096 w107 w041 w104 w046 w009 w021 w085 w020 w040 w113 w077 w050 w073 w036 w079 w069 w102 w016 w006 w002 w109 w106 w052 w118 w028 w005 w023 w097 w081 w117 w033 w072 w064 w066 w010 w000 w039 w022 w119 w034 w092 w017 w100 w083 w001 w076 w055
        bottomk(77, w)         ; w057 w103 w075 w042 w045 w011 w082 w012 w112 w037 w030 w071 w059 w061 w087 w049 w078 w038 w035 w114 w116 w056 w094 w088 w108 w051 w074 w090 w093 w029 w062 w031 w065 w095 w110 w101 w008 w098 w068 w004 w067 w007 w096 w043 w099 w084 w060 w058 w111 w013 w024 w026 w053 w040 w005 w009 w069 w052 w073 w050 w046 w079 w085 w016 w006 w020 w041 w028 w021 w002 w104 w023 w106 w097 w102 w077 w036
        topk(90, w)            ; w115 w091 w047 w019 w027 w070 w003 w014 w055 w018 w089 w083 w034 w100 w010 w076 w039 w119 w066 w001 w072 w017 w092 w000 w064 w022 w117 w020 w028 w016 w033 w113 w005 w021 w069 w002 w097 w073 w106 w040 w009 w006 w085 w036 w109 w077 w046 w102 w107 w023 w050 w079 w052 w118 w104 w081 w041 w043 w108 w090 w088 w098 w062 w096 w068 w065 w031 w029 w060 w053 w099 w110 w084 w093 w026 w067 w008 w013 w058 w004 w101 w094 w074 w007 w056 w051 w111 w095 w024 w061
        """)
    void tiesInPrometheusOrder(String query, String expected) throws Exception {
        QueryResult.Vector v = (QueryResult.Vector) engine.instant(query, 0, QueryOptions.DEFAULT).value();
        List<String> got = new ArrayList<>();
        v.samples().forEach(s -> got.add(s.labels().get("a")));
        assertEquals(expected, String.join(" ", got));
    }
}
