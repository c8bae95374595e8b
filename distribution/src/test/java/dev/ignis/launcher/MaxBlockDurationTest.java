package dev.ignis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The effective --storage.tsdb.max-block-duration: 10% of the time retention up to 31d unless given. */
class MaxBlockDurationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "defaults                               | ''                                          | 1d12h",
        "retention.time 30d                     | storage.tsdb.retention.time=30d             | 3d",
        "deprecated retention 20d               | storage.tsdb.retention=20d                  | 2d",
        "the new flag wins                      | storage.tsdb.retention=20d storage.tsdb.retention.time=10d | 1d",
        "long retention is capped at 31d        | storage.tsdb.retention.time=1y              | 31d",
        "size only: no time retention, 31d      | storage.tsdb.retention.size=512MB           | 31d",
        "size and time                          | storage.tsdb.retention.size=1GB storage.tsdb.retention.time=5d | 12h",
        "odd tenths print as Prometheus does    | storage.tsdb.retention.time=1d              | 2h24m",
        "given explicitly                       | storage.tsdb.max-block-duration=4h          | 4h",
    })
    void followsTheRetentionLikePrometheus(String name, String flags, String want) {
        Flags f = new Flags();
        for (String kv : flags.trim().split(" ")) {
            if (!kv.isEmpty()) {
                f.set(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        }
        assertEquals(want, f.effective().get("storage.tsdb.max-block-duration"));
    }

    @ParameterizedTest(name = "{1} ms = {0}")
    @CsvSource({"0s, 0", "1d12h, 129600000", "2h24m, 8640000", "90d, 7776000000", "2w, 1209600000", "1y, 31536000000",
        "366d, 31622400000", "1h1s, 3601000", "1s500ms, 1500"})
    void formatsDurationsAsPrometheus(String want, long ms) {
        assertEquals(want, Durations.format(ms));
    }
}
