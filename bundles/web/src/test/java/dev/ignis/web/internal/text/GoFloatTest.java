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
}
