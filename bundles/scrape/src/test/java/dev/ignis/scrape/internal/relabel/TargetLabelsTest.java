package dev.ignis.scrape.internal.relabel;

import static dev.ignis.api.config.RelabelAction.DROP;
import static dev.ignis.api.config.RelabelAction.REPLACE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Target label population. Expected labels, dropped targets and error messages were taken from
 * Prometheus 2.42 with the same config (its targets API and "Creating target failed" log).
 */
class TargetLabelsTest {

    private static ScrapeConfig config(String scheme, Map<String, List<String>> params, Rule... rules) {
        return new ScrapeConfig("job1", false, true, params, Duration.ofMinutes(1), Duration.ofSeconds(10), "/metrics",
                scheme, 0, 0, 0, 0, 0, 0, HttpClientConfig.DEFAULT,
                Stream.of(rules).map(Rule::config).collect(Collectors.toList()), List.of(), List.of(), List.of());
    }

    private static TargetLabels.Target one(ScrapeConfig cfg, String address, boolean noDefaultPort) {
        Relabeler r = Relabeler.of(cfg.relabelConfigs());
        return TargetLabels.populate(Labels.of("__address__", address), cfg, r, noDefaultPort);
    }

    static Stream<Arguments> addresses() {
        return Stream.of(
                Arguments.of("http", "hosta", false, "hosta:80"),
                Arguments.of("http", "hostb:9100", false, "hostb:9100"),
                Arguments.of("http", "[::1]", false, "[::1]:80"),
                Arguments.of("http", "::1", false, "::1"),
                Arguments.of("https", "secure", false, "secure:443"),
                Arguments.of("http", "host:", false, "host:"),
                Arguments.of("http", "hosta", true, "hosta"),
                Arguments.of("http", "hosta:80", true, "hosta"),
                Arguments.of("https", "hosta:443", true, "hosta"),
                Arguments.of("http", "hosta:443", true, "hosta:443"));
    }

    @ParameterizedTest(name = "{0}://{1} noDefaultPort={2}")
    @MethodSource("addresses")
    void defaultsThePortFromTheScheme(String scheme, String address, boolean noDefaultPort, String want) {
        TargetLabels.Target t = one(config(scheme, Map.of()), address, noDefaultPort);
        assertNull(t.error());
        assertEquals(want, t.labels().get("__address__"));
        assertEquals(address.equals("hosta:80") || address.equals("hosta:443") && scheme.equals("https")
                ? address : want, t.labels().get("instance"));
    }

    @Test
    void fillsScrapeLabelsParamsAndInstanceAndRemovesMeta() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("module", List.of("http_2xx", "other"));
        params.put("target", List.of("x"));
        TargetGroup g = new TargetGroup("0", List.of(Labels.of("__address__", "hosta", "env", "own")),
                Labels.of("__meta_foo", "bar", "env", "prod", "team", "a"));
        List<TargetLabels.Target> ts = TargetLabels.fromGroup(g, config("http", params), null, false);
        assertEquals(Labels.of("__address__", "hosta:80", "__metrics_path__", "/metrics", "__param_module", "http_2xx",
                "__param_target", "x", "__scheme__", "http", "__scrape_interval__", "1m", "__scrape_timeout__", "10s",
                "env", "own", "instance", "hosta:80", "job", "job1", "team", "a"), ts.get(0).labels());
        assertEquals("bar", ts.get(0).discovered().get("__meta_foo"));
        assertEquals(Labels.of("env", "own", "instance", "hosta:80", "job", "job1", "team", "a"),
                TargetLabels.publicLabels(ts.get(0).labels()));
    }

    @Test
    void relabelingCanDropATarget() {
        ScrapeConfig cfg = config("http", Map.of(), Rule.of(DROP).src("__address__").regex("hostc"));
        TargetLabels.Target t = one(cfg, "hostc", false);
        assertTrue(t.dropped());
        assertEquals("hostc", t.discovered().get("__address__"));
        assertEquals("job1", t.discovered().get("job"));
    }

    @Test
    void discoveredLabelsWinOverConfigDefaults() {
        TargetLabels.Target t = TargetLabels.populate(Labels.of("__address__", "h", "job", "mine", "__scheme__", "https"),
                config("http", Map.of()), null, false);
        assertEquals("mine", t.labels().get("job"));
        assertEquals("h:443", t.labels().get("__address__"));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new Rule[] {Rule.of(REPLACE).src("__address__").target("__address__").repl("")},
                        "instance 0 in group g: no address"),
                Arguments.of(new Rule[] {Rule.of(REPLACE).target("__address__").repl("a/b")},
                        "instance 0 in group g: \"a/b:80\" is not a valid hostname"),
                Arguments.of(new Rule[] {Rule.of(REPLACE).target("__scrape_interval__").repl("1.5s")},
                        "instance 0 in group g: error parsing scrape interval: not a valid duration string: \"1.5s\""),
                Arguments.of(new Rule[] {Rule.of(REPLACE).target("__scrape_timeout__").repl("2m")},
                        "instance 0 in group g: scrape timeout cannot be greater than scrape interval (\"2m\" > \"1m\")"),
                Arguments.of(new Rule[] {Rule.of(REPLACE).target("__scrape_interval__").repl("0s")},
                        "instance 0 in group g: scrape interval cannot be 0"),
                Arguments.of(new Rule[] {Rule.of(REPLACE).target("__scheme__").repl("ftp")},
                        "instance 0 in group g: invalid scheme: \"http\""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("failures")
    void reportsFailuresAsPrometheusDoes(Rule[] rules, String error) {
        ScrapeConfig cfg = config("http", Map.of(), rules);
        TargetGroup g = new TargetGroup("g", List.of(Labels.of("__address__", "h")), Labels.EMPTY);
        TargetLabels.Target t = TargetLabels.fromGroup(g, cfg, Relabeler.of(cfg.relabelConfigs()), false).get(0);
        assertEquals(error, t.error());
        assertNull(t.labels());
    }

    static Stream<Arguments> hostPorts() {
        return Stream.of(
                Arguments.of("h:1", "h|1"), Arguments.of("[::1]:9", "::1|9"), Arguments.of("h:", "h|"),
                Arguments.of("h", null), Arguments.of("::1", null), Arguments.of("[::1]", null),
                Arguments.of("[::1]x:1", null), Arguments.of("a]:1", null), Arguments.of("[a:1", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostPorts")
    void splitsHostAndPortAsGo(String in, String want) {
        String[] got = TargetLabels.splitHostPort(in);
        assertEquals(want, got == null ? null : got[0] + "|" + got[1]);
    }
}
