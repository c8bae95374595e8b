package dev.ignis.web.internal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
