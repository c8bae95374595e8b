package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnappyTest {

    static Stream<Arguments> inputs() {
        Random r = new Random(5);
        byte[] random = new byte[70_000];
        r.nextBytes(random);
        byte[] runs = new byte[200_000];
        Arrays.fill(runs, (byte) 'x');
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            labels.append("__name__\u0000http_requests_total\u0000job\u0000api\u0000instance\u000010.0.0.").append(i % 250);
        }
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("one byte", new byte[] {7}),
                Arguments.of("short text", "abcabcabcabc".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("random bytes", random),
                Arguments.of("one long run", runs),
                Arguments.of("label-like text", labels.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void decompressesWhatItCompressed(String name, byte[] in) {
        byte[] c = new byte[Snappy.maxCompressedLength(in.length)];
        int clen = new Snappy().compress(in, 0, in.length, c);
        assertEquals(in.length, Snappy.decodedLength(c, 0, clen));
        byte[] out = new byte[in.length];
        assertEquals(in.length, Snappy.decompress(c, 0, clen, out));
        assertArrayEquals(in, out);
        if (name.contains("run") || name.contains("label")) {
            assertTrue(clen < in.length / 4, "compresses repetitive input: " + clen);
        }
    }

    /**
     * One instance compresses record after record, as the WAL writer does, without clearing its
     * table: what earlier inputs left there must never become a match in a later one. The
     * inputs share their text at the same places, and lie at different offsets of one array.
     */
    @Test
    void reusedInstanceMatchesOnlyWithinTheCurrentInput() {
        Snappy s = new Snappy();
        Random r = new Random(11);
        byte[] buf = new byte[40_000];
        for (int round = 0; round < 200; round++) {
            int off = r.nextInt(5000);
            int len = r.nextInt(buf.length - off);
            // Mostly the same bytes as the previous round, so stale entries point at equal words.
            for (int i = 0; i < buf.length; i += 1 + r.nextInt(64)) {
                buf[i] = (byte) r.nextInt(round % 3 == 0 ? 256 : 4);
            }
            byte[] in = Arrays.copyOfRange(buf, off, off + len);
            byte[] c = new byte[Snappy.maxCompressedLength(len)];
            int clen = s.compress(buf, off, len, c);
            byte[] out = new byte[len];
            assertEquals(len, Snappy.decompress(c, 0, clen, out), "round " + round);
            assertArrayEquals(in, out, "round " + round);
        }
    }

    @Test
    void decodesHandWrittenBlock() {
        // len 12; literal "abc" (tag (3-1)<<2); copy len 9 offset 3 with a 1-byte offset
        // (tag ((9-4)<<2)|1, offset 3).
        byte[] block = HexFormat.of().parseHex("0c08616263" + "1503");
        byte[] out = new byte[12];
        Snappy.decompress(block, 0, block.length, out);
        assertEquals("abcabcabcabc", new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void rejectsCopyBeforeStart() {
        byte[] block = HexFormat.of().parseHex("0c08616263" + "1509");
        assertThrows(IllegalArgumentException.class, () -> Snappy.decompress(block, 0, block.length, new byte[12]));
    }
}
