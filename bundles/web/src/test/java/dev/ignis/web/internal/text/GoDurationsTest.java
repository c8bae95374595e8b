package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0      | 0             | 0s",
        "0s     | 0             | 0s",
        "15d    | 1296000000    | 15d",
        "14d    | 1209600000    | 2w",
        "1d12h  | 129600000     | 1d12h",
        "90m    | 5400000       | 1h30m",
        "1500ms | 1500          | 1s500ms",
        "1y     | 31536000000   | 1y",
        "1w1d   | 691200000     | 8d",
    })
    void parsesAndPrintsDurations(String text, long millis, String printed) {
        assertEquals(millis, GoDurations.parseDurationMillis(text));
        assertEquals(printed, GoDurations.formatDuration(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "d", "1x", "5m1h", "1.5h", "-1s"})
    void rejectsBadDurations(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDurations.parseDurationMillis(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0B     | 0             | 0B",
        "100B   | 100           | 100B",
        "1KB    | 1024          | 1KiB",
        "512MB  | 536870912     | 512MiB",
        "1GB    | 1073741824    | 1GiB",
        "1GiB   | 1073741824    | 1GiB",
        "1536MB | 1610612736    | 1GiB512MiB",
    })
    void parsesAndPrintsSizes(String text, long bytes, String printed) {
        assertEquals(bytes, GoDurations.parseBytes(text));
        assertEquals(printed, GoDurations.formatBytes(bytes));
    }
}
