package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.query.QueryResult;
import dev.ignis.api.query.QueryResult.Matrix;
import dev.ignis.api.query.QueryResult.Series;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Matrix points are written as bytes straight to the response stream; the JSON must be what
 * the character path (each point through Jackson, used for writers) gives.
 */
class QueryJsonTest {

    // Escapes (control characters in lower-case hex, as Go), UTF-8 of two, three and four
    // bytes, and values longer than the byte writer's buffer holds at once, with a surrogate
    // pair across its 1024-character parts.
    private static final String[] LABEL_VALUES = {"plain", "\u0000\u001b\u007f\\\n\r\t\b\f<>&", "\u00e9\u4e2d\ud83d\ude00\u2029",
        "z".repeat(1023) + "\ud83d\ude00" + "y\u2028".repeat(20_000), "", "\"".repeat(12_000)};

    // shared: every series on the same step grid (the timestamp cache's hits and, past its
    // 512 slots, evictions), some steps skipped, with the odd millisecond and negative times.
    @ParameterizedTest(name = "{0} series x {1} points, shared steps {2}")
    @CsvSource({"0, 0, false", "1, 0, false", "1, 1, false", "3, 121, false", "40, 1000, false", "2, 5000, false",
        "30, 121, true", "20, 2000, true", "12, 3, false"})
    void bytePathWritesWhatTheCharPathWrites(int nSeries, int nPoints, boolean shared) throws Exception {
        SplittableRandom r = new SplittableRandom(nSeries * 31L + nPoints);
        List<Series> series = new ArrayList<>();
        long gridStart = -60_500 + 1_764_241_200_000L * r.nextInt(2);
        for (int i = 0; i < nSeries; i++) {
            long[] ts = new long[nPoints + 2];
            double[] vs = new double[nPoints + 2];
            long t = shared ? gridStart : -5_000 + r.nextLong(10_000);
            for (int j = 0; j < nPoints; j++) {
                t += shared ? 1_001 * r.nextInt(1, 3) : r.nextInt(1, 60_000);
                ts[j] = t;
                // Runs of one value (its bytes copied from the point before), also across
                // the buffer's flushes; zeros of both signs.
                vs[j] = j > 0 && r.nextInt(3) == 0 ? vs[j - 1] : switch (j % 7) {
                    case 0 -> r.nextInt(1000);
                    case 1 -> Double.longBitsToDouble(r.nextLong());
                    case 2 -> j % 12 == 2 ? Double.NaN : Double.NEGATIVE_INFINITY;
                    case 3 -> r.nextBoolean() ? 0.0 : -0.0;
                    default -> (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-8, 22));
                };
            }
            series.add(new Series(Labels.of("__name__", "m<" + i + ">", "job", "a&\"b\"\u2028", "x", LABEL_VALUES[i % LABEL_VALUES.length]),
                    ts, vs, nPoints));
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("samples", Map.of("totalQueryableSamples", 12L));
        QueryResult.Value value = new Matrix(series);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = GoJson.generator(bytes)) {
            g.writeStartObject();
            g.writeFieldName("data");
            QueryJson.writeData(g, value, stats);
            g.writeEndObject();
        }
        StringWriter chars = new StringWriter();
        try (JsonGenerator g = GoJson.generator(chars)) {
            g.writeStartObject();
            g.writeFieldName("data");
            QueryJson.writeData(g, value, stats);
            g.writeEndObject();
        }
        assertEquals(chars.toString(), bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * Go's encoding of label strings, written out by hand: lower-case hex escapes, and an
     * unpaired surrogate (which a Go string cannot hold; invalid UTF-8 there) as {@code \ufffd}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "a|\"a\"",
        "x\u001b\u0001y|\"x\\u001b\\u0001y\"",
        "x<y>&|\"x\\u003cy\\u003e\\u0026\"",
        "\ud800|\"\\ufffd\"",
        "a\udc00b|\"a\\ufffdb\"",
        "\ud83d\ude00|\"\ud83d\ude00\"",
        "\u2028|\"\\u2028\""})
    void labelStringsAsGoWritesThem(String in, String expected) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MatrixBytes w = new MatrixBytes(bytes);
        w.write(List.of(new Series(Labels.of("k", in), new long[] {1000}, new double[] {1}, 1)));
        assertEquals("[{\"metric\":{\"k\":" + expected + "},\"values\":[[1,\"1\"]]}]",
                bytes.toString(StandardCharsets.UTF_8));
    }
}
