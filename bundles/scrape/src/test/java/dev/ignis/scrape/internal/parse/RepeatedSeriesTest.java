package dev.ignis.scrape.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OpenMetricsParser#reuseRepeatedSeries}: a sample line that repeats the series text of
 * the sample line before it is taken without lexing its series again, with the same entries and
 * errors as a full parse, and {@link OpenMetricsParser#seriesRepeated} tells which lines were.
 */
class RepeatedSeriesTest {
    private static final byte[] MUTANTS = "{}\",= \n#\\.e1x_".getBytes(StandardCharsets.ISO_8859_1);

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("name only", "a 1 1\na 2 2\na 3 3\n# EOF\n", "FTT"),
                Arguments.of("labels", "a{b=\"c\"} 1 1\na{b=\"c\"} 2 2\na{b=\"d\"} 3 3\na{b=\"d\"} 4 4\n# EOF\n", "FTFT"),
                Arguments.of("name only, then with labels", "a 1 1\na{b=\"c\"} 2 2\n# EOF\n", "FF"),
                Arguments.of("with labels, then name only", "a{b=\"c\"} 1 1\na 2 2\n# EOF\n", "FF"),
                Arguments.of("longer name", "a 1 1\nab 2 2\n# EOF\n", "FF"),
                Arguments.of("not after a TYPE line", "a{b=\"c\"} 1 1\n# TYPE a gauge\na{b=\"c\"} 2 2\n# EOF\n", "FF"),
                Arguments.of("escapes", "a{b=\"x\\\"y\\\\\",c=\"\\n\"} 1 1\na{b=\"x\\\"y\\\\\",c=\"\\n\"} 2 2\n# EOF\n", "FT"),
                Arguments.of("exemplars", "c_total{x=\"y\"} 1 1 # {t=\"1\"} 1\nc_total{x=\"y\"} 2 2 # {t=\"2\"} 2 7\n"
                        + "c_total{x=\"y\"} 3 3\n# EOF\n", "FTT"),
                Arguments.of("no timestamp", "a{b=\"c\"} 1\na{b=\"c\"} 2\n# EOF\n", "FT"),
                Arguments.of("bad value on a repeat", "a{b=\"c\"} 1 1\na{b=\"c\"} x 2\n# EOF\n", "F"),
                Arguments.of("two spaces on a repeat", "a{b=\"c\"} 1 1\na{b=\"c\"}  2 2\n# EOF\n", "F"),
                Arguments.of("tab instead of space", "a{b=\"c\"} 1 1\na{b=\"c\"}\t2 2\n# EOF\n", "F"),
                Arguments.of("exemplar on a gauge repeat", "g 1 1\ng 2 2 # {t=\"1\"} 1\n# EOF\n", "F"),
                Arguments.of("ends inside a repeat", "a{b=\"c\"} 1 1\na{b=\"c\"}", "F"),
                Arguments.of("ends after a repeat's space", "a{b=\"c\"} 1 1\na{b=\"c\"} ", "F"),
                Arguments.of("no EOF", "a 1 1\na 2 2\n", "FT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void sameEntriesAndErrorsAsAFullParse(String name, String body, String repeats) {
        OpenMetricsParser reusing = new OpenMetricsParser();
        reusing.reuseRepeatedSeries(true);
        assertEquals(Dump.dump(new OpenMetricsParser(), body), Dump.dump(reusing, body));
        assertEquals(repeats, repeatFlags(reusing, body.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void offByDefault() {
        assertEquals("FFF", repeatFlags(new OpenMetricsParser(), "a 1 1\na 2 2\na 3 3\n# EOF\n".getBytes(
                StandardCharsets.ISO_8859_1)));
    }

    @Test
    void mutatedBackfillBodiesParseAlike() {
        StringBuilder sb = new StringBuilder("# TYPE c counter\n");
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 6; k++) {
                sb.append("c_total{i=\"").append(s).append("\",q=\"a\\\"b\"} ").append(k).append(".5 ")
                        .append(1000 + k).append(k % 3 == 0 ? " # {t=\"x\"} 1\n" : "\n");
            }
            sb.append("g{i=\"").append(s).append("\"} 1 5\ng{i=\"").append(s).append("\"} 2 6\n");
        }
        byte[] original = sb.append("# EOF\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        SplittableRandom rnd = new SplittableRandom(42);
        int differentFromOriginal = 0;
        for (int m = 0; m < 2000; m++) {
            byte[] body = original.clone();
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                body[rnd.nextInt(body.length)] = MUTANTS[rnd.nextInt(MUTANTS.length)];
            }
            OpenMetricsParser reusing = new OpenMetricsParser();
            reusing.reuseRepeatedSeries(true);
            String full = Dump.dump(new OpenMetricsParser(), body);
            assertEquals(full, Dump.dump(reusing, body), () -> new String(body, StandardCharsets.ISO_8859_1));
            differentFromOriginal += full.startsWith("ERR") ? 1 : 0;
        }
        assertTrue(differentFromOriginal > 100, "mutations should break some bodies: " + differentFromOriginal);
    }

    /**
     * T or F per SERIES entry up to the end or the first error: whether it was a repeat. Checks
     * on the way that an entry's name and labels are read from its own line: they come out the
     * same with every byte before the line overwritten.
     */
    private static String repeatFlags(OpenMetricsParser p, byte[] body) {
        StringBuilder sb = new StringBuilder();
        p.reset(body, 0, body.length);
        Labels.Builder lb = Labels.builder(4);
        try {
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                if (e == Entry.SERIES) {
                    sb.append(p.seriesRepeated() ? 'T' : 'F');
                    String own = names(p, lb);
                    byte[] before = Arrays.copyOf(body, p.seriesOffset());
                    Arrays.fill(body, 0, before.length, (byte) 'x');
                    assertEquals(own, names(p, lb));
                    System.arraycopy(before, 0, body, 0, before.length);
                }
            }
        } catch (ParseException e) {
            // flags up to the error
        }
        return sb.toString();
    }

    private static String names(OpenMetricsParser p, Labels.Builder lb) {
        p.labels(lb);
        return p.metricName() + lb.build();
    }
}
