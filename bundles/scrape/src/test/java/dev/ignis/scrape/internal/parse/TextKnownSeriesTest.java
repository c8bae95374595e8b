package dev.ignis.scrape.internal.parse;

import static dev.ignis.scrape.internal.parse.Dump.visible;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The text parser's known-series path: a line starting with a series part validated earlier is
 * read past it without its labels, and must give what reading the whole line gives (series
 * bytes, value, timestamp, and the same error on the same line).
 */
class TextKnownSeriesTest {

    /**
     * Known parts ("|" between them; a leading "!" for a key that is no series part), body,
     * lines found known (read on from their value, an error there included).
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                k("foo", "foo 1\n", 1),
                k("foo", "foo 1", 1),
                k("foo", "foo\t1\t2\n", 1),
                k("foo", "foo   1   2   \n", 1),
                k("foo", "foo 1\nfoo 2\n", 2),
                k("foo", "foo{a=\"b\"} 1\n", 0),
                k("foo", "foo {a=\"b\"} 1\n", 0),
                k("foo", "foo{} 1\n", 0),
                k("foo", "foo_bar 1\n", 0),
                k("foo", "fo 1\n", 0),
                k("foo", " foo 1\n", 0),
                k("foo", "foo\n", 0),
                k("foo", "foo", 0),
                k("foo", "foo ", 0),
                k("foo", "foo x\n", 1),
                k("foo", "foo 1 2 3\n", 1),
                k("foo", "foo 1 x\n", 1),
                k("foo", "foo 1 \n\n", 1),
                k("foo", "foo 1.5e3 -7\n", 1),
                k("foo", "foo 1\n# HELP foo x\n# TYPE foo gauge\nfoo 2\n#c\nfoo 3 4", 3),
                k("foo", "foo 1\n\0foo 2\n", 1),
                k("foo", "# foo 1\nfoo 2\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"} 1 2\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}1\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}\t1\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}{ 1\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}} 1\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"}", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"} 1 2 3\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\"} 1 -2\n", 1),
                k("foo{a=\"b\"}", "foo{a=\"b\",} 1\n", 0),
                k("foo{a=\"b\"}", "foo{a=\"bb\"} 1\n", 0),
                k("foo{a=\"b\"}", "foo {a=\"b\"} 1\n", 0),
                k("foo{a=\"b\"}", "foo{a=\"b\" 1\n", 0),
                k("foo {a=\"b\"}", "foo {a=\"b\"} 1\n", 1),
                k("foo {a=\"b\"}", "foo{a=\"b\"} 1\n", 0),
                k("foo{a=\"}\"}", "foo{a=\"}\"} 1\n", 1),
                k("foo{a=\"x\\\"}\"}", "foo{a=\"x\\\"}\"} 1\n", 1),
                k("foo{a=\"x\\\\\"}", "foo{a=\"x\\\\\"} 1\n", 1),
                k("foo{a=\"b\nc\"}", "foo{a=\"b\nc\"} 1\n", 1),
                k("foo{a=\"b c\"}", "foo{a=\"b c\"} 1\n", 1),
                k("foo{ a = \"b\" , c=\"d\" }", "foo{ a = \"b\" , c=\"d\" } 1\n", 1),
                k("foo{a=\"1\",a=\"2\"}", "foo{a=\"1\",a=\"2\"} 1\n", 1),
                k("foo{a=\"\u00c3\u00bc\"}", "foo{a=\"\u00c3\u00bc\"} 1\n", 1),
                k("foo{a=\"b\"}|bar", "foo{a=\"b\"} 1\nbar 2\nfoo{a=\"c\"} 3\nbar{a=\"b\"} 4\n", 2),
                k("foo{a=\"b\"}|bar", "bar 1\nfoo{a=\"b\"} 2\nbar 3 4 5\nfoo 6\n", 3),
                k("foo{a=\"b\"}", "foo{a=\"b\"} 1\nfoo{a=\"b\"} x\n", 2),
                // The scrape cache also holds its report series' keys (name and 0xff), never a part.
                k("!up\u00ff", "up\u00ff 1\n", 0),
                k("!up\u00ff", "up\u00ff\n", 0));
    }

    private static Arguments k(String known, String body, int knownLines) {
        return Arguments.of(known, Named.of(visible(body), body), knownLines);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void knownLinesReadAsTheWholeLine(String known, String body, int knownLines) {
        Map<String, Integer> parts = new HashMap<>();
        for (String part : known.split("\\|")) {
            if (part.startsWith("!")) {
                part = part.substring(1);
            } else {
                // Only parts this parser validated may be known, as the contract says.
                assertTrue(!read(new TextParser(), part + " 0\n", null).startsWith("ERR"), part);
            }
            parts.put(part, parts.size());
        }
        int[] hits = new int[1];
        String expected = read(new TextParser(), body, null);
        String got = read(new TextParser(), body, (b, off, len) -> {
            Integer slot = parts.get(new String(b, off, len, StandardCharsets.ISO_8859_1));
            if (slot == null) {
                return KnownSeries.UNKNOWN;
            }
            hits[0]++;
            return slot;
        }, new int[1]);
        assertEquals(expected, got.replace(" (known)", ""));
        assertEquals(knownLines, hits[0], got);
    }

    /**
     * Every body of {@link TextParserTest}'s tables, read knowing every series part of its
     * valid bodies, reads as it does knowing none; and the known path is taken.
     */
    @Test
    void everyTableBodyReadsTheSameKnowingTheValidSeries() {
        List<String> bodies = new ArrayList<>();
        TextParserTest.valid().forEach(a -> bodies.add(body(a)));
        List<String> all = new ArrayList<>(bodies);
        TextParserTest.invalid().forEach(a -> all.add(body(a)));
        Map<String, Integer> parts = new HashMap<>();
        for (String b : bodies) {
            TextParser p = new TextParser();
            byte[] bytes = b.getBytes(StandardCharsets.ISO_8859_1);
            p.reset(bytes, 0, bytes.length);
            try {
                for (Entry e; (e = p.next()) != Entry.EOF;) {
                    if (e == Entry.SERIES) {
                        parts.putIfAbsent(new String(bytes, p.seriesOffset(), p.seriesLength(),
                                StandardCharsets.ISO_8859_1), parts.size());
                    }
                }
            } catch (ParseException ignored) {
                // the parts read before the error were validated
            }
        }
        int[] hits = new int[1];
        for (String b : all) {
            String got = read(new TextParser(), b, (x, off, len) -> {
                Integer slot = parts.get(new String(x, off, len, StandardCharsets.ISO_8859_1));
                return slot == null ? KnownSeries.UNKNOWN : slot;
            }, hits);
            assertEquals(read(new TextParser(), b, null), got.replace(" (known)", ""), visible(b));
        }
        assertTrue(hits[0] > 50, "known path taken " + hits[0] + " times");
    }

    private static String body(Arguments a) {
        Object o = a.get()[0];
        return (String) (o instanceof Named<?> n ? n.getPayload() : o);
    }

    private static String read(TextParser p, String body, KnownSeries known) {
        return read(p, body, known, new int[1]);
    }

    /** Series as raw bytes, value and timestamp; metadata entries by kind; or the error. */
    private static String read(TextParser p, String body, KnownSeries known, int[] hits) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
        p.knownSeries(known);
        p.reset(bytes, 0, bytes.length);
        List<String> out = new ArrayList<>();
        try {
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                if (e != Entry.SERIES) {
                    out.add(e + " " + p.metricName());
                    continue;
                }
                String s = new String(bytes, p.seriesOffset(), p.seriesLength(), StandardCharsets.ISO_8859_1)
                        + " name=" + p.metricName() + " " + Double.doubleToRawLongBits(p.value())
                        + (p.hasTimestamp() ? " @" + p.timestamp() : "");
                if (p.knownSlot() != KnownSeries.UNKNOWN) {
                    hits[0]++;
                    s += " (known)";
                }
                out.add(s);
            }
        } catch (ParseException e) {
            out.add("ERR " + e.line() + ": " + e.reason());
        }
        return visible(String.join(" | ", out));
    }
}
