package dev.ignis.scrape.internal.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScrapeOffsetTest {

    static Stream<Arguments> xxHashVectors() {
        return Stream.of(
                Arguments.of("", 0xEF46DB3751D8E999L),
                Arguments.of("a", 0xD24EC4F1A98C6E5BL),
                Arguments.of("abc", 0x44BC2CF5AD770999L),
                Arguments.of("Nobody inspects the spammish repetition", 0xFBCEA83C8A378BF1L));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("xxHashVectors")
    void xxHash64MatchesReferenceVectors(String in, long want) {
        byte[] b = in.getBytes(StandardCharsets.UTF_8);
        assertEquals(want, ScrapeOffset.xxHash64(b, 0, b.length));
    }

    @Test
    void fnv1aMatchesReferenceVectors() {
        assertEquals(0xcbf29ce484222325L, ScrapeOffset.fnv1a(new byte[0]));
        assertEquals(0xaf63dc4c8601ec8cL, ScrapeOffset.fnv1a("a".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void labelsHashIsXxHashOfNamesAndValuesWithSeparators() {
        Labels l = Labels.of("a", "1", "b", "2");
        byte[] b = "a\u00001\u0000b\u00002\u0000".getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                b[i] = (byte) 0xff;
            }
        }
        assertEquals(ScrapeOffset.xxHash64(b, 0, b.length), ScrapeOffset.labelsHash(l));
    }

    @Test
    void offsetIsStablePhaseWithinTheInterval() {
        long interval = 15_000_000_000L;
        Labels t1 = Labels.of("__address__", "a:80", "job", "j");
        Labels t2 = Labels.of("__address__", "b:80", "job", "j");
        long seed = ScrapeOffset.jitterSeed("host.example", Labels.of("dc", "x"));
        long h1 = ScrapeOffset.targetHash(t1, "http://a:80/metrics");
        long h2 = ScrapeOffset.targetHash(t2, "http://b:80/metrics");
        assertNotEquals(h1, h2);
        long now = 1_700_000_000_123_456_789L;
        long o1 = ScrapeOffset.offsetNanos(interval, now, h1, seed);
        assertTrue(o1 > 0 && o1 <= interval, "offset " + o1);
        // The first scrape falls on the same phase of the interval whenever the server starts.
        long later = now + 7 * interval + 1_234_567;
        long o1Later = ScrapeOffset.offsetNanos(interval, later, h1, seed);
        assertEquals(Math.floorMod(now + o1, interval), Math.floorMod(later + o1Later, interval));
    }
}
