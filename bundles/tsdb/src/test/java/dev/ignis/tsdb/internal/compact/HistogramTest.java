package dev.ignis.tsdb.internal.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HistogramTest {

    static Stream<Arguments> bounds() {
        // The le labels of Prometheus 2.42's /metrics.
        return Stream.of(
                Arguments.of(Histogram.exponential(100, 4, 10), "100 400 1600 6400 25600 102400 409600 1.6384e+06"
                        + " 6.5536e+06 2.62144e+07"),
                Arguments.of(Histogram.exponential(4, 1.5, 12), "4 6 9 13.5 20.25 30.375 45.5625 68.34375 102.515625"
                        + " 153.7734375 230.66015625 345.990234375"),
                Arguments.of(Histogram.exponential(32, 1.5, 12), "32 48 72 108 162 243 364.5 546.75 820.125 1230.1875"
                        + " 1845.28125 2767.921875"),
                Arguments.of(Histogram.exponential(1, 2, 14), "1 2 4 8 16 32 64 128 256 512 1024 2048 4096 8192"),
                Arguments.of(new double[] {0.0001, 0.00001, 1e6, 999999, 0.5, -2.5e7, 1e21},
                        "0.0001 1e-05 1e+06 999999 0.5 -2.5e+07 1e+21"));
    }

    @ParameterizedTest
    @MethodSource("bounds")
    void bucketBoundsAreFormattedAsGoFormatsThem(double[] bounds, String want) {
        StringBuilder got = new StringBuilder();
        for (double b : bounds) {
            got.append(got.length() == 0 ? "" : " ").append(Histogram.goFloat(b));
        }
        assertEquals(want, got.toString());
    }
}
