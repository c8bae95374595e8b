package dev.ignis.scrape.internal.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real exporter bodies parse to exactly the series Prometheus 2.42 stored from them. */
class FixtureTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.NODE_EXPORTER, Fixtures.PROMETHEUS, Fixtures.PYTHON_OM, Fixtures.PYTHON_TEXT})
    void storesTheSameSeriesAsPrometheus(String fixture) throws ParseException {
        byte[] body = Fixtures.bytes(fixture);
        ExpositionParser p = Fixtures.isOpenMetrics(fixture) ? new OpenMetricsParser() : new TextParser();
        p.reset(body, 0, body.length);
        Map<String, Double> got = new TreeMap<>();
        Labels.Builder lb = Labels.builder(8);
        int types = 0;
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.TYPE) {
                types++;
            }
            if (e == Entry.SERIES) {
                p.labels(lb);
                got.put(golden(lb.build()), p.value());
            }
        }
        Map<String, Double> want = new TreeMap<>();
        for (String line : Fixtures.text(fixture.replace(".txt", ".series")).split("\n")) {
            int sp = line.lastIndexOf(' ');
            want.put(line.substring(0, sp), goValue(line.substring(sp + 1)));
        }
        assertEquals(want.keySet(), got.keySet());
        want.forEach((k, v) -> assertEquals(0, Double.compare(v, got.get(k)), k));
        long typeLines = Fixtures.text(fixture).lines().filter(l -> l.startsWith("# TYPE ")).count();
        assertEquals(typeLines, types);
    }

    @Test
    void keepsExemplarsOfOpenMetricsBody() throws ParseException {
        byte[] body = Fixtures.bytes(Fixtures.PYTHON_OM);
        OpenMetricsParser p = new OpenMetricsParser();
        p.reset(body, 0, body.length);
        List<String> exemplars = new ArrayList<>();
        List<String> units = new ArrayList<>();
        Labels.Builder lb = Labels.builder(4);
        for (Entry e; (e = p.next()) != Entry.EOF;) {
            if (e == Entry.SERIES && p.hasExemplar()) {
                p.exemplarLabels(lb);
                assertTrue(p.exemplarHasTimestamp());
                assertTrue(p.exemplarTimestamp() > 1_700_000_000_000L);
                exemplars.add(p.metricName() + " " + lb.build() + " " + p.exemplarValue());
            }
            if (e == Entry.UNIT) {
                units.add(p.metricName() + " " + p.unit());
            }
        }
        assertEquals(List.of(
                "request_latency_seconds_bucket {trace_id=\"KOO5S4vxi0o\"} 0.003",
                "request_latency_seconds_bucket {trace_id=\"oHg5SJYRHA0\"} 0.07",
                "jobs_total {span_id=\"x\\\\y\", trace_id=\"abc123\"} 5.0"), exemplars);
        assertEquals(List.of("queue_depth_bytes bytes"), units);
    }

    /** The .series notation: {@code {a="1",b="2"}} sorted, escaping backslash, quote, newline. */
    private static String golden(Labels l) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < l.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(l.name(i)).append("=\"").append(l.value(i).replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }

    private static double goValue(String s) {
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }
}
