package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoTimeTest {

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-27T08:11:03.695594827Z | UTC           | 2026-11-27T08:11:03.695594827Z",
        "2026-11-27T08:11:03Z           | UTC           | 2026-11-27T08:11:03Z",
        "2026-11-27T08:11:03.500Z       | UTC           | 2026-11-27T08:11:03.5Z",
        "2026-11-27T08:11:03.000001Z    | UTC           | 2026-11-27T08:11:03.000001Z",
        "2026-07-01T08:11:03.25Z        | Europe/Berlin | 2026-07-01T10:11:03.25+02:00",
        "2026-07-01T08:11:03Z           | America/St_Johns | 2026-07-01T05:41:03-02:30",
    })
    void formatsRfc3339Nano(String instant, String zone, String expected) {
        assertEquals(expected, GoTime.rfc3339Nano(Instant.parse(instant), ZoneId.of(zone)));
    }

    /** Accepted by Prometheus 2.42 (Go 1.19's time.Parse) as an API time; checked against the binary. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-27T08:43:00Z              | 2026-11-27T08:43:00Z",
        "2026-11-27T08:43:00.123456789Z    | 2026-11-27T08:43:00.123456789Z",
        "2026-11-27T08:43:00.5Z            | 2026-11-27T08:43:00.500Z",
        "2026-11-27T08:43:00,5Z            | 2026-11-27T08:43:00.500Z",
        "2026-11-27T08:43:00+01:00         | 2026-11-27T07:43:00Z",
        "2026-11-27T08:43:00-00:00         | 2026-11-27T08:43:00Z",
        "2026-11-27T08:43:00+24:00         | 2026-11-26T08:43:00Z",
        "2026-11-27T8:43:00Z               | 2026-11-27T08:43:00Z",
        "0000-01-01T00:00:00Z              | 0000-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999Z          | 2024-02-29T23:59:59.999Z",
    })
    void parsesRfc3339NanoAsGoDoes(String text, String expected) {
        assertEquals(Instant.parse(expected), GoTime.parseRfc3339Nano(text));
    }

    /** Rejected by Prometheus 2.42 ("cannot parse ... to a valid timestamp"); checked against the binary. */
    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"2026-11-27t08:43:00z", "2026-11-27T08:43:00", "2026-13-27T08:43:00Z",
        "2026-02-30T00:00:00Z", "2026-11-27T24:00:00Z", "2026-11-27T08:43:60Z", "2026-11-27T08:43:00.1234567891Z",
        "2026-11-27T08:43:00.Z", "2026-11-27T08:43:00+0100", " 2026-11-27T08:43:00Z", "26-11-27T08:43:00Z",
        "2026-11-27T08:43:00Zx", "2026-1-27T08:43:00Z", "+2026-11-27T08:43:00Z", ""})
    void rejectsWhatGoRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoTime.parseRfc3339Nano(text));
    }
}
