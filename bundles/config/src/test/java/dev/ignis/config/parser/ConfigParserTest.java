package dev.ignis.config.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigParserTest {
    private static final String FILE = "prometheus.yml";
    private static final String OK = "OK";

    /** One case: input YAML, server or agent mode, and "OK" or "line: message". */
    private static Arguments c(String yaml, String expected) {
        return Arguments.of(Named.of(yaml.isEmpty() ? "(empty file)" : yaml.replace("\n", "⏎"), yaml), false, expected);
    }

    private static Arguments agent(String yaml, String expected) {
        return Arguments.of(Named.of("[agent] " + yaml.replace("\n", "⏎"), yaml), true, expected);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // valid configs
                c("", OK),
                c("global: {scrape_interval: 15s, evaluation_interval: 30s}", OK),
                c("global: {scrape_interval: 1y2w3d4h5m6s7ms}", OK),
                c("global: {scrape_interval: 0}", OK),
                c("scrape_configs: [{job_name: a, honor_labels: yes, metrics_path: 5}]", OK),
                c("scrape_configs: [{job_name: a, relabel_configs: [{action: Replace, target_label: '${1}'}]}]", OK),
                c("scrape_configs: [{job_name: a, relabel_configs: [{action: keepequal, source_labels: [a], "
                        + "target_label: b}]}]", OK),
                c("scrape_configs: [{job_name: a, relabel_configs: [{action: drop, regex: a, modulus: 3}]}]", OK),
                c("scrape_configs: [{job_name: a, kuma_sd_configs: [{server: 'http://x'}], acme_sd_configs: [{}]}]",
                        OK),
                c("scrape_configs: [{job_name: a, scheme: ftp}]", OK),
                c("storage: {exemplars: {max_exemplars: -1}, tsdb: null}", OK),
                c("remote_write: [{url: 'http://x', sigv4: {region: eu}}]", OK),
                agent("scrape_configs: [{job_name: a}]\nremote_write: [{url: 'http://x'}]", OK),
                agent("rule_files: []\nalerting: {alertmanagers: []}", OK),

                // YAML shape
                c("foo: 1", "1: field foo not found in type config.plain"),
                c("{a: 1", "1: yaml: expected ',' or '}', but got <stream end>"),
                c("foo", "1: cannot unmarshal !!str `foo` into config.plain"),
                c("global: [1]", "1: cannot unmarshal !!seq into config.plain"),
                c("global:\n  scrape_interval: 15s\n  foo: 1", "3: field foo not found in type config.plain"),
                c("global:\n  scrape_interval: 1m\n  scrape_interval: 2m",
                        "3: field scrape_interval already set in type config.plain"),
                c("scrape_configs:\n  - job_name: a\n    bar: 2", "3: field bar not found in type config.ScrapeConfig"),
                c("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: [x]\n        baz: 3",
                        "5: field baz not found in type struct { Targets []string \"yaml:\\\"targets\\\"\"; "
                                + "Labels model.LabelSet \"yaml:\\\"labels\\\"\" }"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - x3: 1",
                        "4: field x3 not found in type relabel.plain"),
                c("remote_write:\n  - url: http://x\n    queue_config: {x9: 1}",
                        "3: field x9 not found in type config.QueueConfig"),
                c("scrape_configs:\n  - job_name: a\n    oauth2: {client_id: a, x4: 1}",
                        "3: field x4 not found in type config.OAuth2"),
                c("scrape_configs: {a: 1}", "1: cannot unmarshal !!map into []*config.ScrapeConfig"),
                c("scrape_configs:\n  - job_name: a\n    honor_labels: 1", "3: cannot unmarshal !!int `1` into bool"),
                c("scrape_configs:\n  - job_name: a\n    sample_limit: -1", "3: cannot unmarshal !!int `-1` into uint"),
                c("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: 'x'}]",
                        "3: cannot unmarshal !!str `x` into []string"),

                // durations and sizes
                c("global:\n  scrape_interval: 1.5s", "2: not a valid duration string: \"1.5s\""),
                c("global:\n  scrape_interval: ''", "2: empty duration string"),
                c("global: {scrape_timeout: -1s}", "1: not a valid duration string: \"-1s\""),
                c("global: {scrape_interval: 10}", "1: not a valid duration string: \"10\""),
                c("global: {scrape_interval: 1h1h}", "1: not a valid duration string: \"1h1h\""),
                c("global: {scrape_interval: 99999999999y}", "1: duration out of range"),
                c("scrape_configs:\n  - job_name: a\n    body_size_limit: 10XB", "3: units: unknown unit XB in 10XB"),

                // global and scrape semantics
                c("global:\n  scrape_interval: 5s\n  scrape_timeout: 6s",
                        "3: global scrape timeout greater than scrape interval"),
                c("scrape_configs:\n  - job_name: a\n    scrape_interval: 5s\n    scrape_timeout: 10s",
                        "4: scrape timeout greater than scrape interval for scrape config with job name \"a\""),
                c("scrape_configs:\n  - job_name: a\n  - job_name: a",
                        "3: found multiple scrape configs with job name \"a\""),
                c("scrape_configs:\n  - job_name: ''", "2: job_name is empty"),
                c("scrape_configs:\n  - null", "2: empty or null scrape config section"),
                c("scrape_configs:\n  - job_name: a\n    static_configs: [null]",
                        "3: empty or null section in static_configs"),
                c("scrape_configs:\n  - job_name: a\n    file_sd_configs: {files: [x]}",
                        "3: cannot unmarshal !!map into []*file.SDConfig"),
                c("global: {}\n---\nfoo: 1", OK),
                c("global:\n  external_labels:\n    a-b: c", "3: \"a-b\" is not a valid label name"),
                c("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['http://x:80']}]",
                        "3: \"http://x:80\" is not a valid hostname"),
                c("rule_files: ['a/*/b.yml']", "1: invalid rule file path \"a/*/b.yml\""),

                // relabeling (section 4.3)
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: replace\n"
                        + "        source_labels: [a]",
                        "4: relabel configuration for replace action requires 'target_label' value"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: hashmod\n"
                        + "        target_label: x", "4: relabel configuration for hashmod requires non-zero modulus"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: foo",
                        "4: unknown relabel action \"foo\""),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action:",
                        "4: relabel action cannot be empty"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labeldrop\n"
                        + "        source_labels: [a]", "4: labeldrop action requires only 'regex', and no other fields"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: replace\n"
                        + "        target_label: 1bad", "5: \"1bad\" is invalid 'target_label' for replace action"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: lowercase\n"
                        + "        target_label: x\n        replacement: y",
                        "6: 'replacement' can not be set for lowercase action"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - regex: '(a'",
                        "4: error parsing regexp: missing closing ): `^(?:(a)$`"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - regex: 'a(?=b)'",
                        "4: error parsing regexp: invalid or unsupported Perl syntax: `(?=`"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: keepequal\n"
                        + "        target_label: x\n        regex: foo",
                        "4: keepequal action requires only 'source_labels' and `target_label`, and no other fields"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - action: labelmap\n"
                        + "        replacement: '${1}x-'", "5: \"${1}x-\" is invalid 'replacement' for labelmap action"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs:\n      - source_labels: ['1x']",
                        "4: \"1x\" is not a valid label name"),
                c("scrape_configs:\n  - job_name: a\n    relabel_configs: [null]",
                        "3: empty or null target relabeling rule in scrape config"),

                // HTTP client options
                c("scrape_configs:\n  - job_name: a\n    bearer_token: x\n    bearer_token_file: y",
                        "2: at most one of bearer_token & bearer_token_file must be configured"),
                c("scrape_configs:\n  - job_name: a\n    basic_auth: {username: a, password: b, password_file: c}",
                        "3: at most one of basic_auth password & password_file must be configured"),
                c("scrape_configs:\n  - job_name: a\n    authorization: {type: basic, credentials: x}",
                        "3: authorization type cannot be set to \"basic\", use \"basic_auth\" instead"),
                c("scrape_configs:\n  - job_name: a\n    basic_auth: {username: a}\n    oauth2: {client_id: a}",
                        "2: at most one of basic_auth, oauth2 & authorization must be configured"),
                c("scrape_configs:\n  - job_name: a\n    proxy_connect_header: {a: [b]}",
                        "3: if proxy_connect_header is configured proxy_url must also be configured"),
                c("scrape_configs:\n  - job_name: a\n    tls_config: {min_version: TLS14}",
                        "3: unknown TLS version: TLS14"),
                c("scrape_configs:\n  - job_name: a\n    proxy_url: '::bad'",
                        "3: parse \"::bad\": missing protocol scheme"),

                // remote write / read, alerting, tracing
                c("remote_write:\n  - {}", "2: url for remote_write is empty"),
                c("remote_write:\n  - {url: 'http://x', name: a}\n  - {url: 'http://y', name: a}",
                        "3: found multiple remote write configs with job name \"a\""),
                c("remote_write:\n  - url: http://x\n    headers: {Content-Type: x}",
                        "3: Content-Type is a reserved header. It must not be changed"),
                c("remote_read:\n  - {url: 'http://x', name: a}\n  - {url: 'http://y', name: a}",
                        "3: found multiple remote read configs with job name \"a\""),
                c("alerting:\n  alertmanagers:\n    - api_version: v3",
                        "3: expected Alertmanager api version to be one of [v1 v2] but got v3"),
                c("tracing:\n  client_type: http", "2: tracing endpoint must be set"),

                // agent mode
                agent("alerting:\n  alertmanagers: [{static_configs: [{targets: [a]}]}]",
                        "1: field alerting is not allowed in agent mode"),
                agent("global: {}\nrule_files: [x.yml]", "2: field rule_files is not allowed in agent mode"),
                agent("remote_read: [{url: 'http://x'}]", "1: field remote_read is not allowed in agent mode"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parsesOrRejectsLikePrometheus(String yaml, boolean agentMode, String expected) {
        ConfigParser.Options opts = ConfigParser.Options.defaults().withAgentMode(agentMode);
        if (expected.equals(OK)) {
            try {
                ConfigParser.parse(yaml, FILE, null, opts);
            } catch (ConfigException e) {
                throw new AssertionError("unexpected error: " + e.getMessage(), e);
            }
            return;
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(yaml, FILE, null, opts));
        assertEquals(FILE + ":" + expected, e.getMessage());
        assertEquals(FILE, e.file());
    }

    @Test
    void appliesPrometheusDefaults() throws ConfigException {
        PrometheusConfig c = ConfigParser.parse("global: {scrape_interval: 5s}\nscrape_configs:\n  - job_name: a\n"
                + "  - job_name: b\n    scrape_interval: 30s\n", FILE, null, ConfigParser.Options.defaults()).config();
        assertEquals(Duration.ofSeconds(5), c.global().scrapeTimeout(), "timeout capped at the interval");
        assertEquals(Duration.ofMinutes(1), c.global().evaluationInterval());
        ScrapeConfig a = c.scrapeConfig("a");
        assertEquals(Duration.ofSeconds(5), a.scrapeInterval());
        assertEquals(Duration.ofSeconds(5), a.scrapeTimeout());
        assertEquals("/metrics", a.metricsPath());
        assertEquals("http", a.scheme());
        assertTrue(a.honorTimestamps());
        assertFalse(a.honorLabels());
        assertTrue(a.httpClient().followRedirects());
        assertTrue(a.httpClient().enableHttp2());
        ScrapeConfig b = c.scrapeConfig("b");
        assertEquals(Duration.ofSeconds(30), b.scrapeInterval());
        assertEquals(Duration.ofSeconds(5), b.scrapeTimeout(), "global timeout when below the job interval");

        PrometheusConfig empty = ConfigParser.parse("", FILE, null, ConfigParser.Options.defaults()).config();
        assertEquals(PrometheusConfig.DEFAULT, empty);
        assertEquals(Duration.ofSeconds(10), empty.global().scrapeTimeout());
        assertEquals(100_000, empty.storage().maxExemplars());
    }

    @Test
    void relabelDefaultsAndBearerTokenBecomesAuthorization() throws ConfigException {
        PrometheusConfig c = ConfigParser.parse("scrape_configs:\n  - job_name: a\n    bearer_token: t\n"
                + "    relabel_configs: [{target_label: x}]\n", FILE, null, ConfigParser.Options.defaults()).config();
        RelabelConfig r = c.scrapeConfigs().get(0).relabelConfigs().get(0);
        assertEquals(List.of(), r.sourceLabels());
        assertEquals(";", r.separator());
        assertEquals("(.*)", r.regex().text());
        assertTrue(r.regex().matches("anything"));
        assertEquals("$1", r.replacement());
        assertEquals(RelabelAction.REPLACE, r.action());
        var auth = c.scrapeConfigs().get(0).httpClient().authorization();
        assertEquals("Bearer", auth.type());
        assertEquals("t", auth.credentials().value());
    }

    @Test
    void keepsDiscoverySectionsRawWithPosition() throws ConfigException {
        PrometheusConfig c = ConfigParser.parse("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n"
                + "      - files: [a.json]\n        refresh_interval: 1m\n      - files: [b.json]\n"
                + "    static_configs:\n      - targets: ['h:1', 'h:2']\n        labels: {env: prod}\n",
                "/etc/prom/prometheus.yml", Path.of("/etc/prom"), ConfigParser.Options.defaults()).config();
        ScrapeConfig s = c.scrapeConfigs().get(0);
        assertEquals(2, s.sdConfigs().size());
        SdConfig sd = s.sdConfigs().get(1);
        assertEquals("file_sd_configs", sd.key());
        assertEquals(1, sd.index());
        assertEquals(6, sd.line());
        assertEquals("/etc/prom/prometheus.yml", sd.file());
        assertEquals(Path.of("/etc/prom"), sd.baseDir());
        assertEquals(Map.of("files", List.of("b.json")), sd.raw());
        assertEquals("1m", s.sdConfigs().get(0).raw().get("refresh_interval"));
        assertEquals(1, s.staticConfigs().size());
        assertEquals(List.of(Labels.of("__address__", "h:1"), Labels.of("__address__", "h:2")),
                s.staticConfigs().get(0).targets());
        assertEquals(Labels.of("env", "prod"), s.staticConfigs().get(0).labels());
        assertEquals("0", s.staticConfigs().get(0).source());
    }

    @Test
    void resolvesRelativePathsAgainstConfigDirectory() throws ConfigException {
        PrometheusConfig c = ConfigParser.parse("global: {query_log_file: q.log}\nrule_files: ['rules/*.yml', "
                + "'/abs/r.yml']\nscrape_configs:\n  - job_name: a\n    bearer_token_file: ../tok\n"
                + "    tls_config: {ca_file: ca.pem}\n", "/etc/prom/prometheus.yml", Path.of("/etc/prom"),
                ConfigParser.Options.defaults()).config();
        assertEquals("/etc/prom/q.log", c.global().queryLogFile());
        assertEquals(List.of("/etc/prom/rules/*.yml", "/abs/r.yml"), c.ruleFiles());
        assertEquals("/etc/tok", c.scrapeConfigs().get(0).httpClient().authorization().credentialsFile());
        assertEquals("/etc/prom/ca.pem", c.scrapeConfigs().get(0).httpClient().tlsConfig().caFile());
    }

    @Test
    void expandsExternalLabelsFromEnvironmentWhenEnabled() throws ConfigException {
        ConfigParser.Options opts = new ConfigParser.Options(false, true, Map.of("REGION", "eu")::get);
        PrometheusConfig c = ConfigParser.parse("global:\n  external_labels: {region: '${REGION}-1', cost: '$$5', "
                + "none: '$MISSING'}\n", FILE, null, opts).config();
        assertEquals(Labels.of("region", "eu-1", "cost", "$5"), c.global().externalLabels());
    }

    @Test
    void reportsMissingFile(@TempDir Path dir) {
        Path f = dir.resolve("nope.yml");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parseFile(f, ConfigParser.Options.defaults()));
        assertEquals("open " + f + ": no such file or directory", e.reason());
    }

    @Test
    void rendersLikePrometheusStatusConfig(@TempDir Path dir) throws Exception {
        // Expected texts are Prometheus 2.42's /api/v1/status/config output for the same files;
        // discovery sections are shown as written, so full.expected.yml lacks file_sd's default
        // refresh_interval that Prometheus adds (likewise dns_sd in more).
        for (String name : List.of("min", "full", "more")) {
            Path f = dir.resolve(name + ".yml");
            Files.writeString(f, resource(name + ".yml"));
            String yaml = ConfigParser.parse(Files.readString(f), name + ".yml", null,
                    ConfigParser.Options.defaults()).yaml();
            assertEquals(resource(name + ".expected.yml"), yaml, name);
        }
    }

    @Test
    void neverRendersSecrets() throws ConfigException {
        String yaml = ConfigParser.parse("scrape_configs:\n  - job_name: a\n    basic_auth: {username: u, "
                + "password: hunter2}\n  - job_name: b\n    authorization: {credentials: tok3n}\n"
                + "remote_write:\n  - url: http://x\n    sigv4: {access_key: a, secret_key: s3cr3t}\n", FILE, null,
                ConfigParser.Options.defaults()).yaml();
        assertFalse(yaml.contains("hunter2") || yaml.contains("tok3n") || yaml.contains("s3cr3t"), yaml);
        assertTrue(yaml.contains("password: <secret>"), yaml);
    }

    @Test
    void renderedYamlParsesBackToTheSameConfig() throws Exception {
        String full = resource("full.yml");
        PrometheusConfig first = ConfigParser.parse(full, FILE, null, ConfigParser.Options.defaults()).config();
        String yaml = ConfigParser.parse(full, FILE, null, ConfigParser.Options.defaults()).yaml()
                .replace("outofordertimewindow: 1800000\n", "")
                .replace("<secret>", "x");
        PrometheusConfig second = ConfigParser.parse(yaml, FILE, null, ConfigParser.Options.defaults()).config();
        assertEquals(first.scrapeConfigs().get(0), second.scrapeConfigs().get(0));
        assertEquals(first.global(), second.global());
        assertEquals(first.remoteWrite(), second.remoteWrite());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigParserTest.class.getResourceAsStream("/render/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
