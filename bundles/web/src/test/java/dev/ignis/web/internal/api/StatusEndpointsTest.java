package dev.ignis.web.internal.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusEndpointsTest {

    @ParameterizedTest(name = "time={0} old={1} size={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "-      | -   | -     | 15d",
        "0s     | 0s  | 0B    | 15d",
        "30d    | 0s  | 0B    | 30d",
        "14d    | -   | -     | 2w",
        "1d12h  | -   | -     | 1d12h",
        "365d   | -   | -     | 1y",
        "0s     | 10d | 0B    | 10d",
        "20d    | 10d | 0B    | 20d",
        "0s     | 0s  | 1GB   | 1GiB",
        "30d    | 0s  | 512MB | 30d or 512MiB",
        "bogus  | 0s  | 0B    | 15d",
    })
    void storageRetentionDescribesTimeAndSize(String time, String old, String size, String expected) {
        Map<String, String> flags = new HashMap<>();
        if (time != null) {
            flags.put("storage.tsdb.retention.time", time);
        }
        if (old != null) {
            flags.put("storage.tsdb.retention", old);
        }
        if (size != null) {
            flags.put("storage.tsdb.retention.size", size);
        }
        assertEquals(expected, StatusEndpoints.storageRetention(flags));
    }
}
