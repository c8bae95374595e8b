package dev.ignis.scrape.internal.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ignis.api.labels.Labels;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random mutations of the real fixtures (fixed seed, bounded count) through both parsers: each
 * parse ends, within one entry per input byte, in EOF or a ParseException with a line inside
 * the body, and every accessor of every entry works.
 */
class FuzzTest {
    private static final int MUTATIONS = 250;
    private static final byte[] INTERESTING = "{}\",= \t\n#\\\0.e+-_pP0123456789abcINFNaN\u00ff".getBytes(
            java.nio.charset.StandardCharsets.ISO_8859_1);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Fixtures.NODE_EXPORTER, Fixtures.PROMETHEUS, Fixtures.PYTHON_OM, Fixtures.PYTHON_TEXT})
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void mutatedBodiesEndInEofOrParseError(String fixture) {
        byte[] original = Fixtures.bytes(fixture);
        SplittableRandom rnd = new SplittableRandom(fixture.hashCode());
        ExpositionParser[] parsers = {new TextParser(), new OpenMetricsParser()};
        Labels.Builder lb = Labels.builder(8);
        int errors = 0;
        for (int m = 0; m < MUTATIONS; m++) {
            byte[] body = mutate(original, rnd);
            // Parse a slice in the middle of a larger array to check offsets are respected.
            byte[] padded = new byte[body.length + 7];
            Arrays.fill(padded, (byte) '{');
            System.arraycopy(body, 0, padded, 3, body.length);
            for (ExpositionParser p : parsers) {
                errors += run(p, padded, 3, body.length, lb) ? 0 : 1;
            }
        }
        assertTrue(errors > 0 && errors < 2 * MUTATIONS, "mutations should break some bodies: " + errors);
    }

    private static boolean run(ExpositionParser p, byte[] buf, int off, int len, Labels.Builder lb) {
        p.reset(buf, off, len);
        int steps = 0;
        try {
            for (Entry e; (e = p.next()) != Entry.EOF;) {
                if (++steps > len + 2) {
                    fail("no progress after " + steps + " entries");
                }
                touch(p, e, lb);
                if (e == Entry.SERIES) {
                    assertTrue(p.seriesOffset() >= off && p.seriesOffset() + p.seriesLength() <= off + len);
                }
            }
            return true;
        } catch (ParseException ex) {
            assertTrue(ex.line() >= 1 && ex.line() <= len + 1, "line " + ex.line());
            assertTrue(!ex.reason().isEmpty());
            return false;
        } catch (RuntimeException ex) {
            throw new AssertionError("unexpected exception on body:\n" + new String(buf, off, len,
                    java.nio.charset.StandardCharsets.ISO_8859_1), ex);
        }
    }

    private static void touch(ExpositionParser p, Entry e, Labels.Builder lb) {
        switch (e) {
            case SERIES -> {
                p.labels(lb);
                if (p.hasExemplar()) {
                    p.exemplarLabels(lb);
                }
            }
            case HELP -> p.help();
            case TYPE -> p.type();
            case UNIT -> p.unit();
            case COMMENT -> p.comment();
            case EOF -> { }
        }
    }

    private static byte[] mutate(byte[] src, SplittableRandom rnd) {
        byte[] b = src.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b[at] = (byte) rnd.nextInt(256);
                case 1 -> b[at] = INTERESTING[rnd.nextInt(INTERESTING.length)];
                case 2 -> { // delete a short range
                    int n = Math.min(b.length - at, 1 + rnd.nextInt(20));
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 3 -> { // duplicate a short range
                    int n = Math.min(b.length - at, 1 + rnd.nextInt(40));
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                default -> b = Arrays.copyOf(b, at); // truncate
            }
        }
        return b;
    }
}
