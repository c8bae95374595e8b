package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.storage.LabelMatcher;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiParamsTest {

    /** Millisecond values as Prometheus 2.42 computes them (rounding checked against its /series). */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1795769000                          | 1795769000000",
        "1795769000.5                        | 1795769000500",
        "1.7957690005e9                      | 1795769000500",
        "1795768932.4105                     | 1795768932411",
        "1795768932.4104                     | 1795768932410",
        "1795768932.41049                    | 1795768932410",
        "0.0005                              | 1",
        "0.0004                              | 0",
        "-0.0005                             | -1",
        "-1.5                                | -1500",
        "-1.2345                             | -1234",
        "1_000                               | 1000000",
        "0x1p30                              | 1073741824000",
        "00012                               | 12000",
        "2026-11-27T08:43:00Z                | 1795768980000",
        "2026-11-27T08:43:00.123456789Z      | 1795768980123",
        "2026-11-27T08:43:00+01:00           | 1795765380000",
        "1969-12-31T23:59:59.9995Z           | -1",
        "-292273086-05-16T16:47:06Z          | -9223309901257974000",
        "292277025-08-18T07:12:54.999999999Z | 9223309901257974999",
    })
    void parsesTimesAsPrometheus(String text, long millis) {
        assertEquals(millis, ApiParams.parseTime(text));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"inf", "-Inf", "NaN", "1e20", "9.3e15"})
    void outOfRangeFloatsStillParse(String text) {
        ApiParams.parseTime(text); // Prometheus answers them (with wrapped times), no error
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"abc", "0x10", "1e400", "2026-11-27", " 1", "+292277026-04-11T23:47:16Z", ""})
    void rejectsWhatPrometheusRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> ApiParams.parseTime(text));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"EQUAL|a|false", "EQUAL||true", "NOT_EQUAL||false", "NOT_EQUAL|a|true",
        "REGEX|.*|true", "REGEX|.+|false", "REGEX|a?|true", "REGEX|a|false", "NOT_REGEX|.*|false", "NOT_REGEX|.+|true",
        "REGEX|(?P<x>a)?|true", "REGEX|[|false"})
    void matchersMatchingEmpty(LabelMatcher.Type type, String value, boolean matchesEmpty) {
        assertEquals(matchesEmpty, ApiParams.matchesEmpty(new LabelMatcher(type, "l", value == null ? "" : value)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"job", "_", "__name__", "a1", "A_b"})
    void validLabelNames(String name) {
        assertEquals(true, ApiParams.isLabelName(name));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "1a", "a-b", "a.b", "é", "a b"})
    void invalidLabelNames(String name) {
        assertEquals(false, ApiParams.isLabelName(name));
    }

    @org.junit.jupiter.api.Test
    void everySetNeedsANonEmptyMatcher() {
        LabelMatcher up = LabelMatcher.equal("__name__", "up");
        LabelMatcher empty = LabelMatcher.equal("a", "");
        assertNull(ApiParams.checkNonEmpty(List.of(List.of(up), List.of(empty, up))));
        assertEquals("match[] must contain at least one non-empty matcher",
                ApiParams.checkNonEmpty(List.of(List.of(up), List.of(empty))));
        assertEquals("match[] must contain at least one non-empty matcher", ApiParams.checkNonEmpty(List.of(List.of())));
    }

    /** Nanoseconds as Prometheus 2.42's parseDuration gives them to /query's timeout and /query_range's step. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "1                    | 1000000000",
        "1.5                  | 1500000000",
        "0.0015               | 1500000",
        "0.0000000015         | 1",
        "-1                   | -1000000000",
        "1e3                  | 1000000000000",
        "0x1p4                | 16000000000",
        "NaN                  | -9223372036854775808",
        "9.223372036854775807 | 9223372036",
        "9223372036.854775    | 9223372036854774784",
        "0                    | 0",
        "0s                   | 0",
        "15s                  | 15000000000",
        "1h30m                | 5400000000000",
        "1d                   | 86400000000000",
        "2w                   | 1209600000000000",
        "1y                   | 31536000000000000",
        "100ms                | 100000000",
    })
    void durations(String text, long nanos) {
        assertEquals(nanos, ApiParams.parseDurationNanos(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''        | cannot parse \"\" to a valid duration",
        "x         | cannot parse \"x\" to a valid duration",
        "0x10      | cannot parse \"0x10\" to a valid duration",
        "1m1h      | cannot parse \"1m1h\" to a valid duration",
        "1.5m      | cannot parse \"1.5m\" to a valid duration",
        "-1m       | cannot parse \"-1m\" to a valid duration",
        "1e400     | cannot parse \"1e400\" to a valid duration",
        "300y      | cannot parse \"300y\" to a valid duration",
        "1e30      | cannot parse \"1e30\" to a valid duration. It overflows int64",
        "Inf       | cannot parse \"Inf\" to a valid duration. It overflows int64",
        "-Inf      | cannot parse \"-Inf\" to a valid duration. It overflows int64",
    })
    void badDurations(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> ApiParams.parseDurationNanos(text))
                .getMessage());
    }
}
