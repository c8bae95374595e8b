package dev.ignis.api.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsPolicyTest {
    private static Map<String, String> headers(String flag, String origin) {
        Map<String, String> h = new TreeMap<>();
        CorsPolicy.of(flag).apply(origin, h::put);
        return h;
    }

    @ParameterizedTest(name = "flag {0}, origin {1} -> {2}")
    @CsvSource(nullValues = "none", value = {
        "'', https://a.example, *",
        ".*, https://a.example, *",
        "https://a\\.example, https://a.example, https://a.example",
        "https://a\\.example, https://a.example.evil, none",
        "https://(a|b)\\.example, https://b.example, https://b.example",
        "'(', https://a.example, none",
    })
    void allowsOriginsAsPrometheus(String flag, String origin, String allowed) {
        Map<String, String> h = headers(flag, origin);
        assertEquals(allowed, h.get("Access-Control-Allow-Origin"));
        assertEquals("Accept, Authorization, Content-Type, Origin", h.get("Access-Control-Allow-Headers"));
        assertEquals("GET, POST, OPTIONS", h.get("Access-Control-Allow-Methods"));
        assertEquals("Date", h.get("Access-Control-Expose-Headers"));
        assertEquals("Origin", h.get("Vary"));
    }

    @Test
    void noHeadersWithoutOrigin() {
        assertEquals(Map.of(), headers("", null));
        assertEquals(Map.of(), headers(".*", ""));
    }

    @Test
    void reportsAnInvalidRegex() {
        assertNotNull(CorsPolicy.of("(").invalidReason());
        assertNull(CorsPolicy.of("a.*").invalidReason());
    }
}
