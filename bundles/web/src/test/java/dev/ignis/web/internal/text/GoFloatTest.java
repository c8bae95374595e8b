package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoFloatTest {

    // Expected strings are what Go's strconv.FormatFloat(v, 'g', -1, 64) prints, as seen in
    // Prometheus's own /metrics output.
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0                       | 0",
        "-0.0                    | -0",
        "1                       | 1",
        "-1                      | -1",
        "20000                   | 20000",
        "999999                  | 999999",
        "1000000                 | 1e+06",
        "1234567                 | 1.234567e+06",
        "47833088                | 4.7833088e+07",
        "0.1                     | 0.1",
        "0.5                     | 0.5",
        "1.5                     | 1.5",
        "0.000136003             | 0.000136003",
        "0.0001                  | 0.0001",
        "0.00003                 | 3e-05",
        "3.0134e-05              | 3.0134e-05",
        "123456.5                | 123456.5",
        "1795767063.7048228      | 1.7957670637048228e+09",
        "1.795767062670e9        | 1.79576706267e+09",
        "18446744073709551615    | 1.8446744073709552e+19",
        "0.30000000000000004     | 0.30000000000000004",
        "1e21                    | 1e+21",
        "1e100                   | 1e+100",
        "4.9e-324                | 5e-324",
        "1.7976931348623157e308  | 1.7976931348623157e+308",
        "2e-3                    | 0.002",
        "1e23                    | 1e+23",
        "NaN                     | NaN",
        "Infinity                | +Inf",
        "-Infinity               | -Inf",
    })
    void formatsLikeGo(String input, String expected) {
        assertEquals(expected, GoFloat.format(Double.parseDouble(input)));
    }

    // The Prometheus API's value strings for vectors and matrices (jsoniter: 'e' below 1e-6 and
    // from 1e21, else 'f') and for scalars ('f' always), as Prometheus 2.42 answered
    // vector(x) and x.
    @ParameterizedTest(name = "{0} -> {1} / {2}")
    @CsvSource(delimiter = '|', value = {
        "0                       | 0                          | 0",
        "-0.0                    | -0                         | -0",
        "1e-7                    | 1e-07                      | 0.0000001",
        "1e-6                    | 0.000001                   | 0.000001",
        "9.99e-7                 | 9.99e-07                   | 0.000000999",
        "1e21                    | 1e+21                      | 1000000000000000000000",
        "1e20                    | 100000000000000000000      | 100000000000000000000",
        "123456789012            | 123456789012               | 123456789012",
        "1234567.25              | 1234567.25                 | 1234567.25",
        "-1.5e300                | -1.5e+300                  | -1500000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
        "4.9e-324                | 5e-324                     | 0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000005",
        "1e23                    | 1e+23                      | 100000000000000000000000",
        "0.1                     | 0.1                        | 0.1",
        "NaN                     | NaN                        | NaN",
        "Infinity                | +Inf                       | +Inf",
        "-Infinity               | -Inf                       | -Inf",
    })
    void apiLayouts(String input, String api, String plain) {
        assertEquals(api, GoFloat.formatApi(Double.parseDouble(input)));
        assertEquals(plain, GoFloat.formatPlain(Double.parseDouble(input)));
    }

    // Expected values are Go's strconv.FormatFloat(v, 'e', -1, 64).
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "1, 1e+00",
        "2.5, 2.5e+00",
        "0, 0e+00",
        "-0.0, -0e+00",
        "-0.5, -5e-01",
        "1e-7, 1e-07",
        "123456789, 1.23456789e+08",
        "1e100, 1e+100",
        "1e23, 1e+23",
        "0.1, 1e-01",
        "NaN, NaN",
        "Infinity, +Inf",
        "-Infinity, -Inf",
    })
    void exponentLayout(String input, String expected) {
        assertEquals(expected, GoFloat.formatExponent(Double.parseDouble(input)));
    }

    /** The byte layout writes what the text layout writes, at any offset, for every kind of value. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "0", "-0.0", "1", "-1", "0.1", "-0.1", "1.5", "123456.5", "999999999999999", "1e15", "-1e15",
        "1234567890123456789", "1e20", "9.999999999999999e20", "1e21", "-1e21", "1e-6", "9.99e-7", "-1e-7",
        "0.000001", "0.0000015", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308",
        "NaN", "Infinity", "-Infinity", "0.30000000000000004", "123.456", "-98765.4321", "3.0134e-05",
        "1e100", "100000000000000000000", "12345678901234567890.5"})
    void apiBytesMatchApiText(String input) {
        double v = Double.parseDouble(input);
        assertEquals(GoFloat.formatApi(v), apiBytes(v, 3));
    }

    @org.junit.jupiter.api.Test
    void apiBytesMatchApiTextOnRandomDoubles() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            // Random bit patterns cover every exponent; scaled randoms cover typical sample values.
            double v = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong())
                    : (r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-9, 24));
            assertEquals(GoFloat.formatApi(v), apiBytes(v, i % 7), () -> Double.toString(v));
        }
    }

    /** digits and digitCount against Long.toString, at the edges of their int and 8-digit paths. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"0", "1", "9", "10", "99", "100", "12345678", "99999999", "100000000", "2147483647",
        "2147483648", "9999999999", "10000000000", "1764241200", "1000000000000000", "99999999999999999",
        "100000000000000000", "999999999999999999", "1000000000000000000", "9223372036854775807"})
    void digitsLikeLongToString(long x) {
        assertDigits(x);
    }

    @org.junit.jupiter.api.Test
    void digitsLikeLongToStringOnRandomLongs() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            assertDigits(r.nextLong(Long.MAX_VALUE) >>> r.nextInt(63));
        }
    }

    /** Fewer digits than the room given: zero-padded on the left (the fraction of a value). */
    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"0, 3, 000", "5, 4, 0005", "1234, 10, 0000001234", "3000000000, 12, 003000000000",
        "123456789012, 17, 00000123456789012"})
    void digitsPadsWithZeros(long x, int nd, String expected) {
        byte[] b = new byte[nd + 2];
        assertEquals(nd + 1, GoFloat.digits(b, 1, x, nd));
        assertEquals(expected, new String(b, 1, nd, java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static void assertDigits(long x) {
        String s = Long.toString(x);
        assertEquals(s.length(), GoFloat.digitCount(x), s);
        byte[] b = new byte[25];
        assertEquals(2 + s.length(), GoFloat.digits(b, 2, x, s.length()), s);
        assertEquals(s, new String(b, 2, s.length(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    private static String apiBytes(double v, int offset) {
        byte[] b = new byte[offset + GoFloat.API_MAX_BYTES];
        int end = GoFloat.appendApi(b, offset, v, new long[2]);
        return new String(b, offset, end - offset, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * 2400 doubles (every exponent, both sides of powers of ten and two, subnormals, counter
     * rates, 2-decimal gauges, random bit patterns) as the real Prometheus 2.42 wrote them: a
     * matrix point's value and a scalar ({@code strconv.FormatFloat(v, 'f', -1, 64)}); recorded
     * with {@code src/test/oracle/float/record.sh}.
     */
    @org.junit.jupiter.api.Test
    void sameStringsAsPrometheus() throws java.io.IOException {
        int n = 0;
        try (var in = GoFloatTest.class.getResourceAsStream("/prometheus-2.42/float-format.txt");
                var r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                        java.nio.charset.StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split(" ");
                double v = Double.longBitsToDouble(Long.parseUnsignedLong(f[0], 16));
                assertEquals(f[1], GoFloat.formatApi(v), line);
                assertEquals(f[1], apiBytes(v, n % 5), line);
                assertEquals(f[2], GoFloat.formatPlain(v), line);
                n++;
            }
        }
        assertEquals(2400, n);
    }
}
