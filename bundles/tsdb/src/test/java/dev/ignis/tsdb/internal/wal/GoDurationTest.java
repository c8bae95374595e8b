package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations in the replay log as Go prints them (the first five from a real 2.42's log). */
class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
        "2003, 2.003µs",
        "28212, 28.212µs",
        "192957, 192.957µs",
        "211, 211ns",
        "0, 0s",
        "1000, 1µs",
        "1000000, 1ms",
        "14000000, 14ms",
        "999999999, 999.999999ms",
        "1500000000, 1.5s",
        "61000000000, 1m1s",
        "60000000000, 1m0s",
        "10800500000000, 3h0m0.5s",
        "-1500, -1.5µs",
    })
    void printsAsGo(long nanos, String want) {
        assertEquals(want, WalReplay.goDuration(nanos));
    }
}
