package dev.ignis.tsdb.internal.chunkenc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.StaleMarker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class XorChunkTest {

    /** Prometheus's math.NaN(): Go's NaN has a different payload from Java's Double.NaN. */
    static final double GO_NAN = Double.longBitsToDouble(0x7FF8000000000001L);

    static Stream<Arguments> roundTrips() {
        return Stream.of(
                Arguments.of("single sample", samples(new long[] {1000}, 1.0)),
                Arguments.of("two samples", samples(new long[] {1000, 2000}, 1.0, 2.0)),
                Arguments.of("equal values", samples(regular(0, 15000, 50), constant(50, 42.0))),
                Arguments.of("nan values", samples(regular(0, 15000, 5), Double.NaN, GO_NAN, 1.0, Double.NaN, Double.NaN)),
                Arguments.of("stale markers", samples(regular(0, 15000, 4), 1.0, StaleMarker.VALUE, StaleMarker.VALUE, 2.0)),
                Arguments.of("infinities", samples(regular(0, 1, 4), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0)),
                Arguments.of("extreme values", samples(regular(0, 1, 5), Double.MAX_VALUE, Double.MIN_VALUE, -Double.MAX_VALUE, 1e-300, 1e300)),
                Arguments.of("negative timestamps", samples(new long[] {-5000, -4000, -2500, 0, 1}, 1, 2, 3, 4, 5)),
                Arguments.of("negative deltas", samples(new long[] {100, 50, 0, 200, 150}, 1, 2, 3, 4, 5)),
                Arguments.of("dod bucket edges", samples(dodEdges(), ramp(dodEdges().length))),
                Arguments.of("huge deltas", samples(new long[] {Long.MIN_VALUE / 4, 0, Long.MAX_VALUE / 4, Long.MAX_VALUE / 4 + 1}, 1, 2, 3, 4)),
                Arguments.of("extreme timestamps", samples(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE}, 1, 2, 3)),
                Arguments.of("120 samples jittered", jittered(120, 7)),
                Arguments.of("120 random doubles", randomBits(120, 11)),
                Arguments.of("counter ramp", samples(regular(1_700_000_000_000L, 30_000, 120), ramp(120))),
                Arguments.of("repeats between jittered timestamps", repeatsJittered(120, 3)),
                Arguments.of("counter with one decimal", samples(regular(1_700_000_000_000L, 15_000, 120), decimals(120, 5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void decodesWhatItEncoded(String name, List<long[]> samples) {
        XorChunk c = new XorChunk(16);
        for (long[] s : samples) {
            c.append(s[0], Double.longBitsToDouble(s[1]));
        }
        assertEquals(samples.size(), c.numSamples());
        byte[] enc = c.toByteArray();
        assertEquals(samples.size(), ((enc[0] & 0xff) << 8) | (enc[1] & 0xff), "header count");

        XorIterator it = new XorIterator().reset(enc);
        for (long[] s : samples) {
            assertTrue(it.next());
            assertEquals(s[0], it.t());
            assertEquals(Long.toHexString(s[1]), Long.toHexString(it.vBits()));
        }
        assertFalse(it.next());
        assertFalse(it.corrupt());
    }

    @Test
    void encodesHandDerivedBytes() {
        // From the format description: count 3; varint(1000) = d0 0f; 1.0 raw; uvarint(1000) =
        // e8 07; '0' (same value); '0' (dod 0); value 2.0: xor 0x7ff0.. -> '1','1', leading 1
        // (00001), 11 significant bits (001011), 11111111111; zero padding.
        XorChunk c = new XorChunk();
        c.append(1000, 1.0);
        c.append(2000, 1.0);
        c.append(3000, 2.0);
        assertEquals("0003d00f3ff0000000000000e8073097ffc0", HexFormat.of().formatHex(c.toByteArray()));
    }

    @Test
    void encodesSameBytesAsPromtool() throws IOException {
        byte[] file;
        try (InputStream in = XorChunkTest.class.getResourceAsStream("/prometheus-2.42/xor-golden/chunks-000001")) {
            file = in.readAllBytes();
        }
        // Chunk segment: 8-byte header, uvarint len, encoding byte, data, CRC32C(encoding+data).
        ByteBuffer bb = ByteBuffer.wrap(file);
        assertEquals(0x85BD40DD, bb.getInt());
        bb.position(8);
        int len = 0;
        for (int shift = 0;; shift += 7) {
            int by = bb.get() & 0xff;
            len |= (by & 0x7f) << shift;
            if (by < 0x80) {
                break;
            }
        }
        int encPos = bb.position();
        assertEquals(XorChunk.ENCODING, bb.get());
        byte[] data = new byte[len];
        bb.get(data);
        CRC32C crc = new CRC32C();
        crc.update(file, encPos, len + 1);
        assertEquals((int) crc.getValue(), bb.getInt());

        long[] ts = {1000000, 1015000, 1030000, 1045000, 1060001, 1075000, 1090000, 1100000, 1300000, 1400000,
            1400500, 2000000, 2100000, 5000000, 5001000, 5002000, 5003000, 5004000, 5005000, 5006000};
        double[] vs = {1, 1, 2, 2.5, -3.75, 1e300, GO_NAN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0,
            0, 42, 42.000001, 123456789, 1e-300, 7, 7, 8, 8, 9};
        XorChunk c = new XorChunk();
        for (int i = 0; i < ts.length; i++) {
            c.append(ts[i], vs[i]);
        }
        assertArrayEquals(data, c.toByteArray());

        XorIterator it = new XorIterator().reset(data);
        for (int i = 0; i < ts.length; i++) {
            assertTrue(it.next());
            assertEquals(ts[i], it.t());
            assertEquals(Double.doubleToRawLongBits(vs[i]), it.vBits());
        }
        assertFalse(it.next());
    }

    /**
     * Bytes around the chunk (it sits inside a larger array, as block chunks do) must not change
     * what is decoded: the decoder reads 64-bit windows that reach past the chunk's last byte,
     * and a stream cut anywhere must end, corrupt, at the same sample either way.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void decodesTheSameInsideALargerArrayAtEveryLength(String name, List<long[]> samples) {
        XorChunk c = new XorChunk(16);
        for (long[] s : samples) {
            c.append(s[0], Double.longBitsToDouble(s[1]));
        }
        byte[] enc = c.toByteArray();
        for (byte fill : new byte[] {0, (byte) 0xff, 0x55}) {
            byte[] padded = new byte[enc.length + 40];
            java.util.Arrays.fill(padded, fill);
            System.arraycopy(enc, 0, padded, 5, enc.length);
            for (int len = 2; len <= enc.length; len++) {
                String exact = decodeAll(new XorIterator().reset(java.util.Arrays.copyOf(enc, len), 0, len, samples.size()));
                String inside = decodeAll(new XorIterator().reset(padded, 5, len, samples.size()));
                assertEquals(exact, inside, "length " + len + ", fill " + fill);
                // The same through decode(), after 0..3 samples read one at a time.
                for (int first = 0; first < 4; first++) {
                    assertEquals(exact, bulk(new XorIterator().reset(padded, 5, len, samples.size()), first),
                            "decode, length " + len + ", fill " + fill + ", after " + first);
                    assertEquals(exact, bulk(new XorIterator().reset(java.util.Arrays.copyOf(enc, len), 0, len,
                            samples.size()), first), "decode of the exact array, length " + len + ", after " + first);
                }
            }
            assertEquals(decodeAll(new XorIterator().reset(enc)), decodeAll(new XorIterator().reset(padded, 5, enc.length, -1)));
        }
    }

    private static String bulk(XorIterator it, int first) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < first && it.next(); i++) {
            sb.append(it.t()).append(':').append(Long.toHexString(it.vBits())).append(' ');
        }
        long[] ts = new long[it.remaining()];
        double[] vs = new double[ts.length];
        int n = it.decode(ts, vs);
        for (int i = 0; i < n; i++) {
            sb.append(ts[i]).append(':').append(Long.toHexString(Double.doubleToRawLongBits(vs[i]))).append(' ');
        }
        if (n > 0 && !it.corrupt() && it.t() != ts[n - 1]) {
            sb.append("state ").append(it.t());
        }
        return sb.append(it.corrupt() ? "corrupt" : "end").toString();
    }

    private static String decodeAll(XorIterator it) {
        StringBuilder sb = new StringBuilder();
        while (it.next()) {
            sb.append(it.t()).append(':').append(Long.toHexString(it.vBits())).append(' ');
        }
        return sb.append(it.corrupt() ? "corrupt" : "end").toString();
    }

    @Test
    void readsOnlyTheSampleCountItWasGiven() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 10; i++) {
            c.append(i * 1000L, i);
        }
        XorIterator it = new XorIterator().reset(c.bytes(), 0, c.bytes().length, 4);
        int n = 0;
        while (it.next()) {
            n++;
        }
        assertEquals(4, n);
    }

    @Test
    void reportsTruncatedChunkAsCorrupt() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 10; i++) {
            c.append(i * 1000L, i * 1.5);
        }
        byte[] enc = c.toByteArray();
        XorIterator it = new XorIterator().reset(enc, 0, enc.length - 4, -1);
        int n = 0;
        while (it.next()) {
            n++;
        }
        assertTrue(n < 10);
        assertTrue(it.corrupt());
    }

    @Test
    void refusesASampleItsHeaderCannotCount() {
        // The 2-byte header is the only sample count: a 65536th sample would wrap it to 0.
        XorChunk c = new XorChunk();
        for (int i = 0; i < XorEncoder.MAX_SAMPLES; i++) {
            c.append(i * 1000L, i);
        }
        assertEquals(0xffff, c.numSamples());
        byte[] before = c.toByteArray();
        assertThrows(IllegalStateException.class, () -> c.append(1L << 40, 1));
        assertEquals(0xffff, c.numSamples());
        assertArrayEquals(before, c.toByteArray());
        XorIterator it = new XorIterator().reset(before);
        int n = 0;
        while (it.next()) {
            assertEquals(n * 1000L, it.t());
            n++;
        }
        assertEquals(0xffff, n);
    }

    @Test
    void seeksForwardOnly() {
        XorChunk c = new XorChunk();
        for (int i = 0; i < 10; i++) {
            c.append(i * 1000L, i);
        }
        XorIterator it = new XorIterator().reset(c.toByteArray());
        assertTrue(it.seek(2500));
        assertEquals(3000, it.t());
        assertTrue(it.seek(1000));
        assertEquals(3000, it.t());
        assertFalse(it.seek(9001));
    }

    private static List<long[]> samples(long[] ts, double... vs) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            out.add(new long[] {ts[i], Double.doubleToRawLongBits(vs[i])});
        }
        return out;
    }

    private static long[] regular(long start, long step, int n) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = start + i * step;
        }
        return ts;
    }

    private static double[] constant(int n, double v) {
        double[] vs = new double[n];
        java.util.Arrays.fill(vs, v);
        return vs;
    }

    /** A counter printed with one decimal, as the query bench's data: 30-50 meaningful bits. */
    private static double[] decimals(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] vs = new double[n];
        double v = r.nextDouble(0, 1000);
        for (int i = 0; i < n; i++) {
            v += r.nextDouble(10, 700);
            vs[i] = Math.round(v * 10) / 10.0;
        }
        return vs;
    }

    private static double[] ramp(int n) {
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            vs[i] = i * 3.25;
        }
        return vs;
    }

    // Deltas-of-deltas at each bucket's limits: 2^(b-1) and -(2^(b-1)-1) fit, one beyond does not.
    private static long[] dodEdges() {
        long[] dods = {0, 1, -1, 8192, -8191, 8193, -8192, 65536, -65535, 65537, -65536, 524288, -524287,
            524289, -524288, 1L << 40, -(1L << 40)};
        long[] ts = new long[dods.length + 2];
        ts[1] = 10_000_000_000L;
        long delta = ts[1];
        for (int i = 0; i < dods.length; i++) {
            delta += dods[i];
            ts[i + 2] = ts[i + 1] + delta;
        }
        return ts;
    }

    private static List<long[]> jittered(int n, long seed) {
        Random r = new Random(seed);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            t += 15_000 + r.nextInt(41) - 20;
            ts[i] = t;
            vs[i] = Math.round(r.nextGaussian() * 1000) / 10.0;
        }
        return samples(ts, vs);
    }

    /** Values that often repeat (a '0' control bit) followed by a non-zero delta-of-delta. */
    private static List<long[]> repeatsJittered(int n, long seed) {
        Random r = new Random(seed);
        long[] ts = new long[n];
        double[] vs = new double[n];
        long t = 1_700_000_000_000L;
        double v = 1;
        for (int i = 0; i < n; i++) {
            t += 15_000 + (r.nextBoolean() ? r.nextInt(5000) - 2500 : 0);
            ts[i] = t;
            if (r.nextInt(3) == 0) {
                v = r.nextInt(4) == 0 ? r.nextDouble() * 1e6 : Math.round(v * 10 + r.nextInt(50)) / 10.0;
            }
            vs[i] = v;
        }
        return samples(ts, vs);
    }

    private static List<long[]> randomBits(int n, long seed) {
        Random r = new Random(seed);
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new long[] {i * 1000L, r.nextLong()});
        }
        return out;
    }
}
