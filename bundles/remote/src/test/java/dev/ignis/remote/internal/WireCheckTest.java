package dev.ignis.remote.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.remote.internal.proto.WriteRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WireCheck} against Prometheus 2.42 itself: {@code wire-2.42.txt} holds 480 bodies (a
 * valid request with series, labels, samples, an exemplar and metadata; every truncation of it;
 * seeded random byte changes and insertions; hand-picked tags) with the answer a real 2.42 gave
 * to each: its decode error text, or OK. Bodies 2.42 decodes must also parse with the generated
 * classes.
 */
class WireCheckTest {

    record Case(String hex, String expected) {
        @Override
        public String toString() {
            return (hex.length() > 40 ? hex.substring(0, 40) + "..." : hex) + " -> " + expected;
        }
    }

    static Stream<Case> cases() throws IOException {
        try (InputStream in = WireCheckTest.class.getResourceAsStream("wire-2.42.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .map(l -> {
                        int bar = l.indexOf(" | ");
                        return new Case(l.substring(0, bar), l.substring(bar + 3));
                    }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAs242(Case c) {
        byte[] body = HexFormat.of().parseHex(c.hex());
        String got = WireCheck.check(body);
        assertEquals(c.expected(), got == null ? "OK" : got);
        if (got == null) {
            assertDoesNotThrow(() -> WriteRequest.parseFrom(body));
        }
    }
}
