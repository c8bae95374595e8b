package dev.ignis.discovery.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.SdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages checked against {@code promtool check config --syntax-only} of Prometheus 2.42. */
class FileSdConfigTest {
    private static final Path BASE = Path.of("/etc/prometheus");

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("emptyFiles", map("files", List.of()),
                        "file service discovery config must contain at least one path name"),
                Arguments.of("emptySection", map(), "file service discovery config must contain at least one path name"),
                Arguments.of("wrongExtension", map("files", List.of("a.txt")),
                        "path name \"a.txt\" is not valid for file discovery"),
                Arguments.of("starInDirectory", map("files", List.of("dir*/x.json")),
                        "path name \"dir*/x.json\" is not valid for file discovery"),
                Arguments.of("mixedCaseExtension", map("files", List.of("x.JSON", "a/b/*.YML", "c.Yaml")),
                        "path name \"c.Yaml\" is not valid for file discovery"),
                Arguments.of("numberAsPath", map("files", List.of("x.json", 5L)),
                        "path name \"5\" is not valid for file discovery"),
                Arguments.of("nullPath", map("files", Arrays.asList((Object) null)),
                        "path name \"\" is not valid for file discovery"),
                Arguments.of("integerInterval", map("files", List.of("x.json"), "refresh_interval", 5L),
                        "not a valid duration string: \"5\""),
                Arguments.of("fractionInterval", map("files", List.of("x.json"), "refresh_interval", "1.5s"),
                        "not a valid duration string: \"1.5s\""),
                Arguments.of("negativeInterval", map("files", List.of("x.json"), "refresh_interval", "-1s"),
                        "not a valid duration string: \"-1s\""),
                Arguments.of("emptyInterval", map("files", List.of("x.json"), "refresh_interval", ""),
                        "empty duration string"),
                Arguments.of("listInterval", map("files", List.of("x.json"), "refresh_interval", List.of(1L)),
                        "cannot unmarshal !!seq into string"),
                Arguments.of("filesNotAList", map("files", "x.json"), "cannot unmarshal !!str `x.json` into []string"),
                Arguments.of("longScalarFiles", map("files", "targets/all.json"),
                        "cannot unmarshal !!str `targets...` into []string"),
                Arguments.of("mapAsPath", map("files", List.of(Map.of("a", 1L))), "cannot unmarshal !!map into string"),
                Arguments.of("unknownField", map("files", List.of("x.json"), "foo", 1L),
                        "field foo not found in type file.plain"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidSections(String name, Map<String, Object> raw, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> FileSdConfig.parse(sd(raw)));
        assertEquals(message, e.reason());
        assertEquals("prometheus.yml:4: " + message, e.getMessage());
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("defaults", map("files", List.of("targets/*.json")),
                        List.of("/etc/prometheus/targets/*.json"), Duration.ofMinutes(5)),
                Arguments.of("absolutePathUntouched", map("files", List.of("/srv/sd/./a.yml")),
                        List.of("/srv/sd/./a.yml"), Duration.ofMinutes(5)),
                Arguments.of("relativePathCleaned", map("files", List.of("./sd/../x.yaml")),
                        List.of("/etc/prometheus/x.yaml"), Duration.ofMinutes(5)),
                Arguments.of("starsAndClassesInLastElement", map("files", List.of("*.json", "**.json", "[a].json",
                        "a*b*.json", ".json")), List.of("/etc/prometheus/*.json", "/etc/prometheus/**.json",
                        "/etc/prometheus/[a].json", "/etc/prometheus/a*b*.json", "/etc/prometheus/.json"),
                        Duration.ofMinutes(5)),
                Arguments.of("upperCaseExtensions", map("files", List.of("x.JSON", "y.YML", "z.YAML")),
                        List.of("/etc/prometheus/x.JSON", "/etc/prometheus/y.YML", "/etc/prometheus/z.YAML"),
                        Duration.ofMinutes(5)),
                Arguments.of("refreshInterval", map("files", List.of("x.json"), "refresh_interval", "1h30m"),
                        List.of("/etc/prometheus/x.json"), Duration.ofMinutes(90)),
                Arguments.of("zeroRefreshMeansWatchOnly", map("files", List.of("x.json"), "refresh_interval", 0L),
                        List.of("/etc/prometheus/x.json"), Duration.ZERO),
                Arguments.of("nullRefreshIsZero", map("files", List.of("x.json"), "refresh_interval", null),
                        List.of("/etc/prometheus/x.json"), Duration.ZERO));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void acceptsValidSections(String name, Map<String, Object> raw, List<String> files, Duration refresh)
            throws ConfigException {
        FileSdConfig c = FileSdConfig.parse(sd(raw));
        assertEquals(files, c.files());
        assertEquals(refresh, c.refreshInterval());
    }

    private static SdConfig sd(Map<String, Object> raw) {
        return new SdConfig("file_sd_configs", 0, raw, "prometheus.yml", 4, BASE);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
