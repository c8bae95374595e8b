package dev.ignis.web.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.Exporter;
import dev.ignis.api.metrics.MetricType;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TextExpositionTest {

    private static String render(Exporter... exporters) throws Exception {
        TextExposition t = new TextExposition();
        t.reset();
        for (Exporter e : exporters) {
            t.collect(e);
        }
        StringWriter w = new StringWriter();
        t.writeTo(w);
        return w.toString();
    }

    @Test
    void familiesAreSortedByNameAcrossExporters() throws Exception {
        Exporter a = w -> {
            w.family("zeta_total", MetricType.COUNTER, "Last.");
            w.sample("zeta_total", 3);
            w.family("alpha", MetricType.GAUGE, "First.");
            w.sample("alpha", 1);
        };
        Exporter b = w -> {
            w.family("middle", MetricType.UNTYPED, "Middle.");
            w.sample("middle", Labels.of("b", "2", "a", "1"), 2);
        };
        assertEquals("""
                # HELP alpha First.
                # TYPE alpha gauge
                alpha 1
                # HELP middle Middle.
                # TYPE middle untyped
                middle{a="1",b="2"} 2
                # HELP zeta_total Last.
                # TYPE zeta_total counter
                zeta_total 3
                """, render(a, b));
    }

    static Stream<Arguments> labelValuesAreEscaped() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("quote\"d", "quote\\\"d"),
                Arguments.of("back\\slash", "back\\\\slash"),
                Arguments.of("new\nline", "new\\nline"),
                Arguments.of("tab\tstays", "tab\tstays"),
                Arguments.of("ünïcödé", "ünïcödé"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void labelValuesAreEscaped(String value, String escaped) throws Exception {
        String out = render(w -> {
            w.family("m", MetricType.GAUGE, "h");
            w.sample("m", Labels.of("l", value), 1);
        });
        assertEquals("# HELP m h\n# TYPE m gauge\nm{l=\"" + escaped + "\"} 1\n", out);
    }

    @Test
    void helpEscapesBackslashAndNewlineOnly() throws Exception {
        String out = render(w -> {
            w.family("m", MetricType.GAUGE, "a \\ b\nc \"d\"");
            w.sample("m", 1);
        });
        assertEquals("# HELP m a \\\\ b\\nc \"d\"\n# TYPE m gauge\nm 1\n", out);
    }

    @Test
    void specialValuesAndHistogramBuckets() throws Exception {
        String out = render(w -> {
            w.family("h", MetricType.HISTOGRAM, "Histogram.");
            w.sample("h_bucket", Labels.of("le", "0.1"), 0);
            w.sample("h_bucket", Labels.of("le", "1e+06"), 2);
            w.sample("h_bucket", Labels.of("le", "+Inf"), 3);
            w.sample("h_sum", Double.POSITIVE_INFINITY);
            w.sample("h_count", 3);
            w.family("g", MetricType.GAUGE, "Gauge.");
            w.sample("g", Labels.of("k", "nan"), Double.NaN);
            w.sample("g", Labels.of("k", "neg"), Double.NEGATIVE_INFINITY);
            w.sample("g", Labels.of("k", "big"), 1.8446744073709552e19);
            w.sample("g", Labels.of("k", "small"), 3.0134e-05);
        });
        assertEquals("""
                # HELP g Gauge.
                # TYPE g gauge
                g{k="nan"} NaN
                g{k="neg"} -Inf
                g{k="big"} 1.8446744073709552e+19
                g{k="small"} 3.0134e-05
                # HELP h Histogram.
                # TYPE h histogram
                h_bucket{le="0.1"} 0
                h_bucket{le="1e+06"} 2
                h_bucket{le="+Inf"} 3
                h_sum +Inf
                h_count 3
                """, out);
    }

    @Test
    void duplicateFamilyFromAnotherExporterIsDropped() throws Exception {
        Exporter first = w -> {
            w.family("dup", MetricType.GAUGE, "First.");
            w.sample("dup", 1);
        };
        Exporter second = w -> {
            w.family("dup", MetricType.COUNTER, "Second.");
            w.sample("dup", 2);
            w.family("other", MetricType.GAUGE, "Other.");
            w.sample("other", 3);
        };
        assertEquals("# HELP dup First.\n# TYPE dup gauge\ndup 1\n# HELP other Other.\n# TYPE other gauge\nother 3\n",
                render(first, second));
    }

    @Test
    void failingExporterLosesOnlyItsOwnFamilies() throws Exception {
        Exporter good = w -> {
            w.family("good", MetricType.GAUGE, "Good.");
            w.sample("good", 1);
        };
        Exporter bad = w -> {
            w.family("bad", MetricType.GAUGE, "Bad.");
            w.sample("bad", 1);
            throw new IllegalStateException("boom");
        };
        assertEquals("# HELP good Good.\n# TYPE good gauge\ngood 1\n", render(good, bad));
    }

    @Test
    void familiesWithoutSamplesAreLeftOut() throws Exception {
        assertEquals("", render(w -> w.family("empty", MetricType.GAUGE, "Nothing.")));
    }

    @Test
    void reuseAfterResetStartsClean() throws Exception {
        TextExposition t = new TextExposition();
        t.collect(w -> {
            w.family("a", MetricType.GAUGE, "A.");
            w.sample("a", 1);
        });
        t.render();
        t.reset();
        t.collect(w -> {
            w.family("b", MetricType.GAUGE, "B.");
            w.sample("b", 2);
        });
        assertEquals("# HELP b B.\n# TYPE b gauge\nb 2\n", t.render().toString());
    }
}
