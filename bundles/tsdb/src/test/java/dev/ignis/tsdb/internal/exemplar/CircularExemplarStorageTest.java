package dev.ignis.tsdb.internal.exemplar;

import static dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage.DISABLED;
import static dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage.DUPLICATE;
import static dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage.LABEL_LENGTH;
import static dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage.OK;
import static dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage.OUT_OF_ORDER;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.api.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ring's rules and metrics as 2.42's {@code CircularExemplarStorage} has them. Each case
 * appends a script of exemplars ({@code series:trace@t=v}, {@code ~} for an exemplar without
 * its own timestamp) and checks each result, then what the store holds, oldest first.
 */
class CircularExemplarStorageTest {

    private static final Labels A = Labels.of("__name__", "a_total", "job", "x");
    private static final Labels B = Labels.of("__name__", "b_total", "job", "x");
    private static final Labels C = Labels.of("__name__", "c_bucket", "le", "1");

    /** One append: series (A/B/C), trace id, time, value, whether the time is the exemplar's own. */
    record Add(Labels series, String trace, long t, double v, boolean hasTs) {
        static Add parse(String s) {
            // "A:t1@10=1" or "A:t1~10=1"
            Labels series = switch (s.charAt(0)) {
                case 'A' -> A;
                case 'B' -> B;
                default -> C;
            };
            boolean hasTs = s.indexOf('@') > 0;
            int at = Math.max(s.indexOf('@'), s.indexOf('~'));
            int eq = s.indexOf('=');
            return new Add(series, s.substring(2, at), Long.parseLong(s.substring(at + 1, eq)),
                    Double.parseDouble(s.substring(eq + 1)), hasTs);
        }

        Labels labels() {
            return trace.isEmpty() ? Labels.EMPTY : Labels.of("trace_id", trace);
        }
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                // name, capacity, appends, expected results, expected content (series:trace@t), in storage, series
                arguments("appends in order", 5, "A:t1@10=1 A:t2@20=2 B:t3@15=1", "OK OK OK",
                        "A:t1@10 A:t2@20 B:t3@15", 3, 2),
                arguments("same exemplar with its timestamp is a duplicate", 5, "A:t1@10=1 A:t1@10=1", "OK OK",
                        "A:t1@10", 1, 1),
                arguments("without timestamps equal labels and value are a duplicate", 5, "A:t1~10=1 A:t1~20=1",
                        "OK OK", "A:t1@10", 1, 1),
                arguments("a timestamp on one side makes the times count", 5, "A:t1~10=1 A:t1@20=1", "OK OK",
                        "A:t1@10 A:t1@20", 2, 1),
                arguments("older is out of order", 5, "A:t1@20=1 A:t2@10=2", "OK OUT_OF_ORDER", "A:t1@20", 1, 1),
                arguments("same time other value is out of order", 5, "A:t1@20=1 A:t1@20=2", "OK OUT_OF_ORDER",
                        "A:t1@20", 1, 1),
                arguments("order is per series", 5, "A:t1@20=1 B:t2@10=1", "OK OK", "A:t1@20 B:t2@10", 2, 1 + 1),
                arguments("ring overwrites the oldest", 3, "A:t1@1=1 B:t2@2=1 A:t3@3=1 B:t4@4=1 C:t5@5=1",
                        "OK OK OK OK OK", "A:t3@3 B:t4@4 C:t5@5", 3, 3),
                arguments("a series leaves with its last exemplar", 2, "A:t1@1=1 B:t2@2=1 B:t3@3=1",
                        "OK OK OK", "B:t2@2 B:t3@3", 2, 1),
                arguments("one series wraps onto itself", 2, "A:t1@1=1 A:t2@2=2 A:t3@3=3 A:t4@4=4",
                        "OK OK OK OK", "A:t3@3 A:t4@4", 2, 1),
                arguments("capacity one", 1, "A:t1@1=1 B:t2@2=1 A:t3@3=1", "OK OK OK", "A:t3@3", 1, 1),
                arguments("an overwritten newest no longer guards order", 1, "A:t1@5=1 B:t2@6=1 A:t3@1=1",
                        "OK OK OK", "A:t3@1", 1, 1),
                arguments("label set of 128 characters is accepted", 3, "A:" + "x".repeat(120) + "@1=1", "OK",
                        "A:" + "x".repeat(120) + "@1", 1, 1),
                arguments("label set over 128 characters is refused", 3, "A:" + "x".repeat(121) + "@1=1",
                        "LABEL_LENGTH", "", 0, 0),
                arguments("no labels at all", 3, "A:@1=1 A:@2=1", "OK OK", "A:@1 A:@2", 2, 1),
                arguments("capacity zero disables", 0, "A:t1@1=1", "DISABLED", "", 0, 0));
    }

    private static Arguments arguments(Object... a) {
        return Arguments.of(a);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void appliesPrometheusRules(String name, int capacity, String script, String results, String content,
            long inStorage, int series) {
        CircularExemplarStorage s = new CircularExemplarStorage(capacity);
        List<String> got = new ArrayList<>();
        for (String step : script.split(" ")) {
            Add a = Add.parse(step);
            int check = s.validate(a.series, a.labels(), a.t, a.hasTs, a.v);
            int r = s.add(a.series, a.labels(), a.t, a.hasTs, a.v);
            // add() reports a duplicate as done; validate() tells it apart.
            assertEquals(check == DUPLICATE ? OK : check, r, step);
            got.add(name(r));
        }
        assertEquals(results, String.join(" ", got));
        assertEquals(content, dump(s));
        assertEquals(inStorage, s.inStorage());
        assertEquals(series, s.seriesInStorage());
        assertEquals(capacity, s.capacity());
    }

    @Test
    void countsAppendedAndOutOfOrder() {
        CircularExemplarStorage s = new CircularExemplarStorage(10);
        s.add(A, Labels.of("trace_id", "1"), 10, true, 1);
        s.add(A, Labels.of("trace_id", "1"), 10, true, 1); // duplicate: neither
        s.add(A, Labels.of("trace_id", "2"), 5, true, 1);
        assertEquals(OUT_OF_ORDER, s.validate(A, Labels.of("trace_id", "2"), 5, true, 1)); // validate never counts
        s.add(A, Labels.of("trace_id", "3"), 20, true, 1);
        assertEquals(2, s.appendedTotal());
        assertEquals(1, s.outOfOrderTotal());
    }

    @Test
    void lastTimestampIsTheOldestExemplar() {
        CircularExemplarStorage s = new CircularExemplarStorage(2);
        assertEquals(0, s.lastTimestampSeconds());
        s.add(A, Labels.EMPTY, 1_500, true, 1);
        assertEquals(1.5, s.lastTimestampSeconds());
        s.add(B, Labels.EMPTY, 2_000, true, 1);
        assertEquals(1.5, s.lastTimestampSeconds());
        s.add(C, Labels.EMPTY, 3_000, true, 1);
        assertEquals(2.0, s.lastTimestampSeconds());
    }

    static Stream<Arguments> resizes() {
        // Five exemplars A1 B2 A3 B4 A5 (in a ring of `from`), then resize to `to`.
        return Stream.of(
                arguments("grow keeps all", 5, 8, "A:t1@1 B:t2@2 A:t3@3 B:t4@4 A:t5@5", 5),
                arguments("grow a wrapped ring keeps its order", 3, 8, "A:t3@3 B:t4@4 A:t5@5", 3),
                arguments("shrink keeps the newest", 5, 2, "B:t4@4 A:t5@5", 2),
                arguments("shrink a wrapped ring", 4, 3, "A:t3@3 B:t4@4 A:t5@5", 3),
                arguments("same size is a no-op", 5, 5, "A:t1@1 B:t2@2 A:t3@3 B:t4@4 A:t5@5", 0),
                arguments("to zero disables", 5, 0, "", 0),
                arguments("negative is zero", 5, -3, "", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resizes")
    void resizeKeepsTheNewest(String name, int from, int to, String content, int migrated) {
        CircularExemplarStorage s = new CircularExemplarStorage(from);
        for (int i = 1; i <= 5; i++) {
            s.add(i % 2 == 1 ? A : B, Labels.of("trace_id", "t" + i), i, true, i);
        }
        assertEquals(migrated, s.resize(to));
        assertEquals(content, dump(s));
        assertEquals(Math.max(0, to), s.capacity());
        // Still a working ring afterwards: order per series holds, new exemplars go in.
        if (to > 0) {
            assertEquals(OUT_OF_ORDER, s.add(A, Labels.of("trace_id", "old"), 5, true, 9));
            assertEquals(OK, s.add(A, Labels.of("trace_id", "t6"), 6, true, 6));
            assertEquals(Math.min(to, content.split(" ").length + 1), s.inStorage());
        } else {
            assertEquals(DISABLED, s.add(A, Labels.of("trace_id", "t6"), 6, true, 6));
            assertEquals(0, s.inStorage());
        }
    }

    @Test
    void selectFiltersBySelectorsAndTimeSortedBySeries() {
        CircularExemplarStorage s = new CircularExemplarStorage(10);
        s.add(B, Labels.of("trace_id", "b1"), 10, true, 1);
        s.add(A, Labels.of("trace_id", "a1"), 10, true, 1);
        s.add(A, Labels.of("trace_id", "a2"), 20, true, 2);
        s.add(C, Labels.of("trace_id", "c1"), 30, true, 3);
        s.add(A, Labels.of("trace_id", "a3"), 30, true, 3);
        List<List<LabelMatcher>> byJob = List.of(List.of(LabelMatcher.equal("job", "x")));
        assertEquals("a_total: a1@10 a2@20 a3@30 | b_total: b1@10", show(s.select(0, 100, byJob)));
        assertEquals("a_total: a2@20 a3@30", show(s.select(20, 30, byJob)));
        assertEquals("a_total: a2@20", show(s.select(15, 25, byJob)));
        assertEquals("", show(s.select(31, 100, byJob)));
        // Either selector: a set whose every matcher matches; a missing label is "".
        List<List<LabelMatcher>> two = List.of(
                List.of(LabelMatcher.equal("__name__", "c_bucket"), new LabelMatcher(LabelMatcher.Type.REGEX, "job", "")),
                List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", "b.*")));
        assertEquals("b_total: b1@10 | c_bucket: c1@30", show(s.select(0, 100, two)));
        assertEquals(List.of(new ExemplarSeries(B, List.of(new Exemplar(Labels.of("trace_id", "b1"), 1, 10, true)))),
                s.select(0, 100, List.of(List.of(LabelMatcher.equal("__name__", "b_total")))));
    }

    private static String show(List<ExemplarSeries> r) {
        List<String> out = new ArrayList<>();
        for (ExemplarSeries s : r) {
            StringBuilder sb = new StringBuilder(s.seriesLabels().get("__name__")).append(':');
            for (Exemplar e : s.exemplars()) {
                sb.append(' ').append(e.labels().get("trace_id")).append('@').append(e.timestamp());
            }
            out.add(sb.toString());
        }
        return String.join(" | ", out);
    }

    private static String dump(CircularExemplarStorage s) {
        List<String> out = new ArrayList<>();
        s.forEach((series, labels, t, v) -> out.add((series == A ? "A" : series == B ? "B" : "C") + ":"
                + (labels.isEmpty() ? "" : labels.get("trace_id")) + "@" + t));
        return String.join(" ", out);
    }

    private static String name(int r) {
        return switch (r) {
            case OK -> "OK";
            case DISABLED -> "DISABLED";
            case OUT_OF_ORDER -> "OUT_OF_ORDER";
            case LABEL_LENGTH -> "LABEL_LENGTH";
            default -> "DUPLICATE";
        };
    }
}
