package dev.ignis.scrape.internal.relabel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.labels.Labels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Scrape URLs; the first cases are the scrapeUrl values Prometheus 2.42 showed for the same targets. */
class ScrapeUrlTest {
    private static final Map<String, List<String>> PARAMS = new LinkedHashMap<>();

    static {
        PARAMS.put("target", List.of("x"));
        PARAMS.put("module", List.of("http_2xx", "other"));
    }

    private static Labels target(String scheme, String address, String path, String... extra) {
        Labels.Builder b = Labels.of(extra).toBuilder();
        b.set("__scheme__", scheme).set("__address__", address).set("__metrics_path__", path);
        return b.build();
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of(target("http", "hosta:80", "/metrics", "__param_module", "http_2xx", "__param_target", "x"),
                        PARAMS, "http://hosta:80/metrics?module=http_2xx&module=other&target=x"),
                Arguments.of(target("http", "[::1]:80", "/metrics"), PARAMS,
                        "http://[::1]:80/metrics?module=http_2xx&module=other&target=x"),
                Arguments.of(target("http", "::1", "/metrics"), PARAMS, "http://::1/metrics?module=http_2xx&module=other&target=x"),
                Arguments.of(target("https", "secure:443", "/metrics"), Map.of(), "https://secure:443/metrics"),
                Arguments.of(target("http", "h:1", "/metrics", "__param_module", "tcp"), PARAMS,
                        "http://h:1/metrics?module=tcp&module=other&target=x"),
                Arguments.of(target("http", "h:1", "/metrics", "__param_extra", "a b&c=d/é"), Map.of(),
                        "http://h:1/metrics?extra=a+b%26c%3Dd%2F%C3%A9"),
                Arguments.of(target("http", "h:1", "my metrics/a;b=c?d"), Map.of(), "http://h:1/my%20metrics/a;b=c%3Fd"),
                Arguments.of(target("http", "h:1", "/"), Map.of(), "http://h:1/"),
                Arguments.of(target("http", "h%1:1", "/m"), Map.of(), "http://h%251:1/m"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("urls")
    void buildsTheUrlAsPrometheusPrintsIt(Labels target, Map<String, List<String>> params, String want) {
        assertEquals(want, ScrapeUrl.of(target, params));
    }
}
