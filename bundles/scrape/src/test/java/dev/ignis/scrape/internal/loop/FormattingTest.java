package dev.ignis.scrape.internal.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** How the loop spells intervals, timeouts, failures and TLS versions, as Prometheus 2.42 (Go 1.19) does. */
class FormattingTest {

    @ParameterizedTest(name = "{0} ms = {1}")
    @CsvSource({"0, 0s", "100, 100ms", "999, 999ms", "1000, 1s", "1500, 1.5s", "15000, 15s", "60000, 1m0s",
        "90000, 1m30s", "3600000, 1h0m0s", "3725250, 1h2m5.25s"})
    void intervalsPrintAsGoDurations(long ms, String want) {
        assertEquals(want, GoDuration.format(ms));
    }

    @ParameterizedTest(name = "{0} ms = {1}")
    @CsvSource({"10000, 10", "150, 0.15", "1500, 1.5", "1, 0.001", "60000, 60"})
    void timeoutHeaderPrintsSecondsAsGoFormatFloat(long ms, String want) {
        assertEquals(want, HttpScraper.seconds(ms));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new TimeoutException("Total timeout 150 ms elapsed"),
                        "Get \"http://h:9100/metrics\": context deadline exceeded"),
                Arguments.of(new ConnectException("Connection refused"),
                        "Get \"http://h:9100/metrics\": dial tcp h:9100: connect: connection refused"),
                Arguments.of(new RuntimeException(new UnknownHostException("h")),
                        "Get \"http://h:9100/metrics\": dial tcp: lookup h: no such host"),
                Arguments.of(new Body.BodyLimitExceeded(), "body size limit exceeded"),
                Arguments.of(new Body.BadStatus(404, null), "server returned HTTP status 404 Not Found"),
                Arguments.of(new Body.BadStatus(302, "Moved Temporarily"), "server returned HTTP status 302 Found"),
                Arguments.of(new Body.BadStatus(599, "Custom"), "server returned HTTP status 599 Custom"),
                Arguments.of(new java.io.IOException("boom"), "Get \"http://h:9100/metrics\": boom"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void failuresAreWordedAsOnPrometheusTargetsPage(Throwable failure, String want) {
        assertEquals(want, HttpScraper.describe(URI.create("http://h:9100/metrics"), failure));
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource(value = {"'', '', TLSv1.2 TLSv1.3", "TLS10, TLS11, TLSv1 TLSv1.1", "TLS13, '', TLSv1.3",
        "'', TLS12, TLSv1.2"})
    void tlsVersionsMapToJavaProtocolNames(String min, String max, String want) {
        assertArrayEquals(want.split(" "), Tls.protocols(min, max));
    }

    @ParameterizedTest(name = "[{0}, {1}]")
    @CsvSource({"TLS13, TLS12", "SSL30, ''"})
    void invalidTlsVersionRangesAreRejected(String min, String max) {
        assertThrows(IllegalArgumentException.class, () -> Tls.protocols(min, max));
    }
}
