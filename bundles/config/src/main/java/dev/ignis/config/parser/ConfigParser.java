package dev.ignis.config.parser;

import dev.ignis.api.config.AlertingConfig;
import dev.ignis.api.config.AlertmanagerConfig;
import dev.ignis.api.config.Authorization;
import dev.ignis.api.config.BasicAuth;
import dev.ignis.api.config.ByteSize;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.GlobalConfig;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.MetadataConfig;
import dev.ignis.api.config.OAuth2;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.QueueConfig;
import dev.ignis.api.config.Regex;
import dev.ignis.api.config.RelabelAction;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.RemoteReadConfig;
import dev.ignis.api.config.RemoteWriteConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.config.Secret;
import dev.ignis.api.config.SigV4Config;
import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.api.config.TracingConfig;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses and validates prometheus.yml as Prometheus 2.42 does, with every error positioned
 * ({@code file:line: message}) and Prometheus's wording. A plain class: usable inside OSGi and
 * on a flat class path (ignistool). Thread-safe; each call works on its own state.
 */
public final class ConfigParser {

    /**
     * Parse options.
     *
     * @param agentMode reject {@code alerting}, {@code rule_files} and {@code remote_read} as
     *        Prometheus does in agent mode
     * @param expandExternalLabels expand {@code $VAR}/{@code ${VAR}} in external label values
     *        (feature {@code expand-external-labels})
     * @param env environment lookup for the expansion
     */
    public record Options(boolean agentMode, boolean expandExternalLabels, Function<String, String> env) {
        /** Server mode, no expansion. */
        public static Options defaults() {
            return new Options(false, false, System::getenv);
        }

        public Options withAgentMode(boolean agent) {
            return new Options(agent, expandExternalLabels, env);
        }

        public Options withExpandExternalLabels(boolean expand) {
            return new Options(agentMode, expand, env);
        }
    }

    /**
     * A parsed configuration.
     *
     * @param config the typed config
     * @param yaml the config rendered back with defaults filled in and secrets hidden
     */
    public record Result(PrometheusConfig config, String yaml) {
    }

    static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");
    private static final Pattern RELABEL_TARGET =
            Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");
    private static final Pattern RULE_PATH = Pattern.compile("^[^*]*(\\*[^/]*)?$");
    private static final String STATIC_GROUP_TYPE =
            "struct { Targets []string \"yaml:\\\"targets\\\"\"; Labels model.LabelSet \"yaml:\\\"labels\\\"\" }";

    private static final Set<String> TOP_KEYS = Set.of("global", "rule_files", "scrape_configs", "alerting",
            "remote_write", "remote_read", "storage", "tracing");
    private static final Set<String> GLOBAL_KEYS =
            Set.of("scrape_interval", "scrape_timeout", "evaluation_interval", "query_log_file", "external_labels");
    private static final Set<String> HTTP_KEYS = Set.of("basic_auth", "authorization", "oauth2", "bearer_token",
            "bearer_token_file", "proxy_url", "proxy_connect_header", "tls_config", "follow_redirects",
            "enable_http2");
    private static final Set<String> SCRAPE_KEYS = union(HTTP_KEYS, Set.of("job_name", "honor_labels",
            "honor_timestamps", "params", "scrape_interval", "scrape_timeout", "metrics_path", "scheme",
            "body_size_limit", "sample_limit", "target_limit", "label_limit", "label_name_length_limit",
            "label_value_length_limit", "relabel_configs", "metric_relabel_configs", "static_configs"));
    private static final Set<String> RELABEL_KEYS = Set.of("source_labels", "separator", "regex", "modulus",
            "target_label", "replacement", "action");
    private static final Set<String> TLS_KEYS = Set.of("ca_file", "cert_file", "key_file", "server_name",
            "insecure_skip_verify", "min_version", "max_version");
    private static final Set<String> TLS_VERSIONS = Set.of("TLS10", "TLS11", "TLS12", "TLS13");
    private static final Set<String> AM_KEYS = union(HTTP_KEYS, Set.of("scheme", "path_prefix", "timeout",
            "api_version", "relabel_configs", "static_configs"));
    private static final Set<String> RW_KEYS = union(HTTP_KEYS, Set.of("url", "remote_timeout", "headers",
            "write_relabel_configs", "name", "send_exemplars", "send_native_histograms", "queue_config",
            "metadata_config", "sigv4"));
    private static final Set<String> RR_KEYS = union(HTTP_KEYS, Set.of("url", "remote_timeout", "headers",
            "read_recent", "name", "required_matchers", "filter_external_labels"));
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-encoding", "content-length",
            "content-type", "user-agent", "connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "www-authenticate", "accept-encoding", "x-prometheus-remote-write-version",
            "x-prometheus-remote-read-version", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256");
    private static final Predicate<String> SD_KEY = k -> k.endsWith("_sd_configs");

    private final Options options;
    private final Nodes nodes;
    private final Path baseDir;
    private final Path sdBaseDir;

    private ConfigParser(Options options, String file, Path baseDir) {
        this.options = options;
        this.nodes = new Nodes(file);
        this.baseDir = baseDir;
        this.sdBaseDir = (baseDir == null ? Path.of("") : baseDir).toAbsolutePath().normalize();
    }

    /**
     * Reads and parses a config file; relative paths in it resolve against its directory.
     *
     * @throws ConfigException positioned at the offending node, or at line 0 when the file
     *         cannot be read ({@code open FILE: no such file or directory})
     */
    public static Result parseFile(Path file, Options options) throws ConfigException {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 0, "open " + file + ": no such file or directory");
        } catch (AccessDeniedException e) {
            throw new ConfigException(file.toString(), 0, "open " + file + ": permission denied");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 0, "open " + file + ": " + e.getMessage());
        }
        return parse(content, file.toString(), file.getParent(), options);
    }

    /**
     * Parses config text.
     *
     * @param fileName named in errors and in {@link SdConfig#file()}
     * @param baseDir directory for relative paths; null for the working directory
     */
    public static Result parse(String content, String fileName, Path baseDir, Options options)
            throws ConfigException {
        PrometheusConfig config = new ConfigParser(options, fileName, baseDir).parseText(content);
        return new Result(config, ConfigRenderer.render(config));
    }

    private PrometheusConfig parseText(String content) throws ConfigException {
        Node root = compose(content);
        if (Nodes.isNull(root)) {
            return PrometheusConfig.DEFAULT;
        }
        Section top = new Section(nodes, root, "config.plain", TOP_KEYS, null);
        GlobalConfig global = global(top.get("global"));
        List<String> ruleFiles = ruleFiles(top.get("rule_files"));
        List<ScrapeConfig> scrapes = scrapeConfigs(top.get("scrape_configs"), global);
        AlertingConfig alerting = alerting(top.get("alerting"));
        List<RemoteWriteConfig> rw = remoteWrites(top.get("remote_write"));
        List<RemoteReadConfig> rr = remoteReads(top.get("remote_read"));
        StorageConfig storage = storage(top.get("storage"));
        TracingConfig tracing = top.has("tracing") && !Nodes.isNull(top.get("tracing"))
                ? tracing(top.get("tracing")) : TracingConfig.NONE;
        if (options.agentMode()) {
            if (!alerting.isEmpty()) {
                throw nodes.error(top.key("alerting"), "field alerting is not allowed in agent mode");
            }
            if (!ruleFiles.isEmpty()) {
                throw nodes.error(top.key("rule_files"), "field rule_files is not allowed in agent mode");
            }
            if (!rr.isEmpty()) {
                throw nodes.error(top.key("remote_read"), "field remote_read is not allowed in agent mode");
            }
        }
        return new PrometheusConfig(global, ruleFiles, scrapes, alerting, rw, rr, storage, tracing);
    }

    private Node compose(String content) throws ConfigException {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(true); // reported by Section with Go's wording
        lo.setMaxAliasesForCollections(100);
        lo.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(lo), new Representer(dumper), dumper, lo);
        try {
            // Like Go's yaml.Unmarshal, only the first document counts.
            Iterator<Node> docs = yaml.composeAll(new StringReader(content)).iterator();
            return docs.hasNext() ? docs.next() : null;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw nodes.error(m == null ? 0 : m.getLine() + 1, "yaml: " + problem.trim());
        } catch (YAMLException e) {
            throw nodes.error(0, "yaml: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- global

    private GlobalConfig global(Node n) throws ConfigException {
        Section s = new Section(nodes, n, "config.plain", GLOBAL_KEYS, null);
        Duration interval = nodes.duration(s.get("scrape_interval"), Duration.ZERO);
        Duration timeout = nodes.duration(s.get("scrape_timeout"), Duration.ZERO);
        Duration eval = nodes.duration(s.get("evaluation_interval"), Duration.ZERO);
        String queryLog = path(nodes.str(s.get("query_log_file")));
        Labels external = labelSet(s.get("external_labels"));
        GlobalConfig d = GlobalConfig.DEFAULT;
        if (interval.isZero()) {
            interval = d.scrapeInterval();
        }
        if (timeout.compareTo(interval) > 0) {
            throw nodes.error(s.lineOf("scrape_timeout"), "global scrape timeout greater than scrape interval");
        }
        if (timeout.isZero()) {
            timeout = d.scrapeTimeout().compareTo(interval) > 0 ? interval : d.scrapeTimeout();
        }
        if (eval.isZero()) {
            eval = d.evaluationInterval();
        }
        if (options.expandExternalLabels()) {
            Labels.Builder b = Labels.builder(external.size());
            for (int i = 0; i < external.size(); i++) {
                b.add(external.name(i), expandEnv(external.value(i)));
            }
            external = b.build();
        }
        return new GlobalConfig(interval, timeout, eval, queryLog, external);
    }

    /** Go's os.Expand with the environment: {@code $VAR}, {@code ${VAR}}, {@code $$} is {@code $}. */
    private String expandEnv(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char d = s.charAt(i + 1);
            String name;
            int next;
            if (d == '{') {
                int close = s.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(s, i, s.length());
                    break;
                }
                name = s.substring(i + 2, close);
                next = close + 1;
            } else if (d == '$') {
                name = "$";
                next = i + 2;
            } else {
                int j = i + 1;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                if (j == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = s.substring(i + 1, j);
                next = j;
            }
            if (name.equals("$")) {
                out.append('$');
            } else {
                String v = options.env().apply(name);
                out.append(v == null ? "" : v);
            }
            i = next;
        }
        return out.toString();
    }

    private List<String> ruleFiles(Node n) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node e : nodes.seq(n, "[]string")) {
            String rf = nodes.str(e);
            if (!RULE_PATH.matcher(rf).matches()) {
                throw nodes.error(e, "invalid rule file path " + GoQuote.quote(rf));
            }
            out.add(path(rf));
        }
        return out;
    }

    // ---------------------------------------------------------------- scrape

    private List<ScrapeConfig> scrapeConfigs(Node n, GlobalConfig global) throws ConfigException {
        List<ScrapeConfig> out = new ArrayList<>();
        Map<String, Node> jobNames = new HashMap<>();
        for (Node e : nodes.seq(n, "[]*config.ScrapeConfig")) {
            if (Nodes.isNull(e)) {
                throw nodes.error(e, "empty or null scrape config section");
            }
            Section s = new Section(nodes, e, "config.ScrapeConfig", SCRAPE_KEYS, SD_KEY);
            ScrapeConfig sc = scrapeConfig(s, global);
            if (jobNames.containsKey(sc.jobName())) {
                throw nodes.error(s.lineOf("job_name"),
                        "found multiple scrape configs with job name " + GoQuote.quote(sc.jobName()));
            }
            jobNames.put(sc.jobName(), e);
            out.add(sc);
        }
        return out;
    }

    private ScrapeConfig scrapeConfig(Section s, GlobalConfig global) throws ConfigException {
        String job = nodes.str(s.get("job_name"));
        boolean honorLabels = nodes.bool(s.get("honor_labels"), false);
        boolean honorTimestamps = nodes.bool(s.get("honor_timestamps"), true);
        Map<String, List<String>> params = nodes.strListMap(s.get("params"), "url.Values");
        Duration interval = nodes.duration(s.get("scrape_interval"), Duration.ZERO);
        Duration timeout = nodes.duration(s.get("scrape_timeout"), Duration.ZERO);
        String metricsPath = opt(s, "metrics_path", "/metrics");
        String scheme = opt(s, "scheme", "http");
        long bodySizeLimit = 0;
        if (s.has("body_size_limit") && !Nodes.isNull(s.get("body_size_limit"))) {
            try {
                bodySizeLimit = ByteSize.parse(nodes.str(s.get("body_size_limit")));
            } catch (IllegalArgumentException ex) {
                throw nodes.error(s.get("body_size_limit"), ex.getMessage());
            }
        }
        long sampleLimit = nodes.integer(s.get("sample_limit"), 0, "uint");
        long targetLimit = nodes.integer(s.get("target_limit"), 0, "uint");
        long labelLimit = nodes.integer(s.get("label_limit"), 0, "uint");
        long labelNameLengthLimit = nodes.integer(s.get("label_name_length_limit"), 0, "uint");
        long labelValueLengthLimit = nodes.integer(s.get("label_value_length_limit"), 0, "uint");
        HttpClientConfig http = httpClient(s);
        List<RelabelConfig> relabel = relabelList(s.get("relabel_configs"),
                "empty or null target relabeling rule in scrape config");
        List<RelabelConfig> metricRelabel = relabelList(s.get("metric_relabel_configs"),
                "empty or null metric relabeling rule in scrape config");
        List<TargetGroup> statics = staticConfigs(s.get("static_configs"), relabel.isEmpty());
        List<SdConfig> sds = sdConfigs(s);
        if (job.isEmpty()) {
            throw nodes.error(s.line(), "job_name is empty");
        }
        if (interval.isZero()) {
            interval = global.scrapeInterval();
        }
        if (timeout.compareTo(interval) > 0) {
            throw nodes.error(s.lineOf("scrape_timeout"),
                    "scrape timeout greater than scrape interval for scrape config with job name "
                            + GoQuote.quote(job));
        }
        if (timeout.isZero()) {
            timeout = global.scrapeTimeout().compareTo(interval) > 0 ? interval : global.scrapeTimeout();
        }
        return new ScrapeConfig(job, honorLabels, honorTimestamps, params, interval, timeout, metricsPath, scheme,
                bodySizeLimit, sampleLimit, targetLimit, labelLimit, labelNameLengthLimit, labelValueLengthLimit,
                http, relabel, metricRelabel, statics, sds);
    }

    private List<TargetGroup> staticConfigs(Node n, boolean checkTargets) throws ConfigException {
        List<TargetGroup> out = new ArrayList<>();
        List<Node> items = nodes.seq(n, "[]*targetgroup.Group");
        for (int i = 0; i < items.size(); i++) {
            if (Nodes.isNull(items.get(i))) {
                throw nodes.error(items.get(i), "empty or null section in static_configs");
            }
            Section g = new Section(nodes, items.get(i), STATIC_GROUP_TYPE, Set.of("targets", "labels"), null);
            List<Labels> targets = new ArrayList<>();
            for (Node t : nodes.seq(g.get("targets"), "[]string")) {
                String addr = nodes.str(t);
                if (checkTargets && addr.contains("/")) {
                    throw nodes.error(t, GoQuote.quote(addr) + " is not a valid hostname");
                }
                targets.add(Labels.of("__address__", addr));
            }
            out.add(new TargetGroup(Integer.toString(i), targets, labelSet(g.get("labels"))));
        }
        return out;
    }

    private List<SdConfig> sdConfigs(Section s) throws ConfigException {
        List<SdConfig> out = new ArrayList<>();
        for (Map.Entry<Node, Node> e : s.pairs()) {
            String key = nodes.str(e.getKey());
            if (!SD_KEY.test(key)) {
                continue;
            }
            String mechanism = key.substring(0, key.length() - "_sd_configs".length());
            List<Node> items = nodes.seq(e.getValue(), "[]*" + mechanism + ".SDConfig");
            for (int i = 0; i < items.size(); i++) {
                Node item = items.get(i);
                Object raw = nodes.raw(item);
                Map<String, Object> map;
                if (raw == null) {
                    map = Map.of();
                } else if (raw instanceof Map<?, ?> m) {
                    map = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> me : m.entrySet()) {
                        map.put((String) me.getKey(), me.getValue());
                    }
                } else {
                    throw nodes.typeError(item, mechanism + ".SDConfig");
                }
                out.add(new SdConfig(key, i, map, nodes.file(), Nodes.line(item), sdBaseDir));
            }
        }
        return out;
    }

    private Labels labelSet(Node n) throws ConfigException {
        Labels.Builder b = Labels.builder(4);
        Set<String> seen = new HashSet<>();
        for (Map.Entry<Node, Node> e : nodes.pairs(n, "model.LabelSet")) {
            String name = nodes.str(e.getKey());
            if (!LABEL_NAME.matcher(name).matches()) {
                throw nodes.error(e.getKey(), GoQuote.quote(name) + " is not a valid label name");
            }
            if (!seen.add(name)) {
                throw nodes.error(e.getKey(), "key " + GoQuote.quote(name) + " already set in map");
            }
            b.add(name, nodes.str(e.getValue()));
        }
        return b.build();
    }

    // ---------------------------------------------------------------- relabel

    private List<RelabelConfig> relabelList(Node n, String nullMessage) throws ConfigException {
        List<RelabelConfig> out = new ArrayList<>();
        for (Node e : nodes.seq(n, "[]*relabel.Config")) {
            if (Nodes.isNull(e)) {
                throw nodes.error(e, nullMessage);
            }
            out.add(relabel(e));
        }
        return out;
    }

    private RelabelConfig relabel(Node n) throws ConfigException {
        Section s = new Section(nodes, n, "relabel.plain", RELABEL_KEYS, null);
        RelabelConfig d = RelabelConfig.DEFAULT;
        List<String> sources = new ArrayList<>();
        for (Node e : nodes.seq(s.get("source_labels"), "model.LabelNames")) {
            String name = nodes.str(e);
            if (!LABEL_NAME.matcher(name).matches()) {
                throw nodes.error(e, GoQuote.quote(name) + " is not a valid label name");
            }
            sources.add(name);
        }
        String separator = opt(s, "separator", d.separator());
        Regex regex = d.regex();
        if (s.has("regex")) {
            regex = regex(s.get("regex"));
        }
        long modulus = nodes.integer(s.get("modulus"), 0, "uint64");
        String target = opt(s, "target_label", "");
        String replacement = opt(s, "replacement", d.replacement());
        RelabelAction action = d.action();
        if (s.has("action")) {
            Node an = s.get("action");
            if (Nodes.isNull(an)) {
                throw nodes.error(an, "relabel action cannot be empty");
            }
            String text = nodes.str(an);
            action = RelabelAction.fromText(text);
            if (action == null) {
                throw nodes.error(an, "unknown relabel action " + GoQuote.quote(text));
            }
        }
        String a = action.text();
        int line = s.line();
        if (modulus == 0 && action == RelabelAction.HASHMOD) {
            throw nodes.error(line, "relabel configuration for hashmod requires non-zero modulus");
        }
        boolean needsTarget = switch (action) {
            case REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        boolean patternTarget = needsTarget && action != RelabelAction.HASHMOD;
        boolean noReplacement = switch (action) {
            case LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL -> true;
            default -> false;
        };
        if (needsTarget && target.isEmpty()) {
            throw nodes.error(line, "relabel configuration for " + a + " action requires 'target_label' value");
        }
        if (patternTarget && !RELABEL_TARGET.matcher(target).matches()) {
            throw nodes.error(s.lineOf("target_label"),
                    GoQuote.quote(target) + " is invalid 'target_label' for " + a + " action");
        }
        if (noReplacement && !replacement.equals(d.replacement())) {
            throw nodes.error(s.lineOf("replacement"), "'replacement' can not be set for " + a + " action");
        }
        if (action == RelabelAction.LABELMAP && !RELABEL_TARGET.matcher(replacement).matches()) {
            throw nodes.error(s.lineOf("replacement"),
                    GoQuote.quote(replacement) + " is invalid 'replacement' for " + a + " action");
        }
        if (action == RelabelAction.HASHMOD && !LABEL_NAME.matcher(target).matches()) {
            throw nodes.error(s.lineOf("target_label"),
                    GoQuote.quote(target) + " is invalid 'target_label' for " + a + " action");
        }
        if ((action == RelabelAction.KEEPEQUAL || action == RelabelAction.DROPEQUAL)
                && (s.has("regex") || modulus != 0 || !separator.equals(d.separator())
                        || !replacement.equals(d.replacement()))) {
            throw nodes.error(line,
                    a + " action requires only 'source_labels' and `target_label`, and no other fields");
        }
        if ((action == RelabelAction.LABELDROP || action == RelabelAction.LABELKEEP)
                && ((s.has("source_labels") && !Nodes.isNull(s.get("source_labels"))) || !target.isEmpty()
                        || modulus != 0 || !separator.equals(d.separator())
                        || !replacement.equals(d.replacement()))) {
            throw nodes.error(line, a + " action requires only 'regex', and no other fields");
        }
        return new RelabelConfig(sources, separator, regex, modulus, target, replacement, action);
    }

    private Regex regex(Node n) throws ConfigException {
        String text = nodes.str(n);
        try {
            return new Regex(text, Re2.compileAnchored(text));
        } catch (IllegalArgumentException e) {
            throw nodes.error(n, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- HTTP client

    private HttpClientConfig httpClient(Section s) throws ConfigException {
        BasicAuth basic = null;
        Node bn = s.get("basic_auth");
        if (!Nodes.isNull(bn)) {
            Section b = new Section(nodes, bn, "config.plain", Set.of("username", "password", "password_file"), null);
            basic = new BasicAuth(nodes.str(b.get("username")), new Secret(nodes.str(b.get("password"))),
                    path(nodes.str(b.get("password_file"))));
        }
        Authorization auth = null;
        Node an = s.get("authorization");
        if (!Nodes.isNull(an)) {
            Section a = new Section(nodes, an, "config.Authorization",
                    Set.of("type", "credentials", "credentials_file"), null);
            auth = new Authorization(nodes.str(a.get("type")), new Secret(nodes.str(a.get("credentials"))),
                    path(nodes.str(a.get("credentials_file"))));
        }
        OAuth2 oauth = null;
        Node on = s.get("oauth2");
        if (!Nodes.isNull(on)) {
            Section o = new Section(nodes, on, "config.OAuth2", Set.of("client_id", "client_secret",
                    "client_secret_file", "scopes", "token_url", "endpoint_params", "tls_config", "proxy_url"), null);
            oauth = new OAuth2(nodes.str(o.get("client_id")), new Secret(nodes.str(o.get("client_secret"))),
                    path(nodes.str(o.get("client_secret_file"))), nodes.strList(o.get("scopes"), "[]string"),
                    nodes.str(o.get("token_url")), nodes.strMap(o.get("endpoint_params"), "map[string]string"),
                    tls(o.get("tls_config")), url(o.get("proxy_url")));
        }
        String bearer = nodes.str(s.get("bearer_token"));
        String bearerFile = path(nodes.str(s.get("bearer_token_file")));
        String proxyUrl = url(s.get("proxy_url"));
        Map<String, List<Secret>> proxyHeader = new LinkedHashMap<>();
        nodes.strListMap(s.get("proxy_connect_header"), "config.Header")
                .forEach((k, v) -> proxyHeader.put(k, v.stream().map(Secret::new).toList()));
        TlsConfig tls = tls(s.get("tls_config"));
        boolean follow = nodes.bool(s.get("follow_redirects"), true);
        boolean http2 = nodes.bool(s.get("enable_http2"), true);

        int line = s.line();
        if (!bearer.isEmpty() && !bearerFile.isEmpty()) {
            throw nodes.error(line, "at most one of bearer_token & bearer_token_file must be configured");
        }
        if ((basic != null || oauth != null) && (!bearer.isEmpty() || !bearerFile.isEmpty())) {
            throw nodes.error(line,
                    "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured");
        }
        if (basic != null && !basic.password().isEmpty() && !basic.passwordFile().isEmpty()) {
            throw nodes.error(bn, "at most one of basic_auth password & password_file must be configured");
        }
        if (auth != null) {
            if (!bearer.isEmpty() || !bearerFile.isEmpty()) {
                throw nodes.error(line, "authorization is not compatible with bearer_token & bearer_token_file");
            }
            if (!auth.credentials().isEmpty() && !auth.credentialsFile().isEmpty()) {
                throw nodes.error(an,
                        "at most one of authorization credentials & credentials_file must be configured");
            }
            String type = auth.type().strip();
            if (type.isEmpty()) {
                type = "Bearer";
            }
            if (type.toLowerCase(Locale.ROOT).equals("basic")) {
                throw nodes.error(an, "authorization type cannot be set to \"basic\", use \"basic_auth\" instead");
            }
            if (basic != null || oauth != null) {
                throw nodes.error(line, "at most one of basic_auth, oauth2 & authorization must be configured");
            }
            auth = new Authorization(type, auth.credentials(), auth.credentialsFile());
        } else if (!bearer.isEmpty()) {
            auth = new Authorization("Bearer", new Secret(bearer), "");
        } else if (!bearerFile.isEmpty()) {
            auth = new Authorization("Bearer", Secret.EMPTY, bearerFile);
        }
        if (oauth != null) {
            if (basic != null) {
                throw nodes.error(line, "at most one of basic_auth, oauth2 & authorization must be configured");
            }
            if (oauth.clientId().isEmpty()) {
                throw nodes.error(on, "oauth2 client_id must be configured");
            }
            if (oauth.clientSecret().isEmpty() && oauth.clientSecretFile().isEmpty()) {
                throw nodes.error(on, "either oauth2 client_secret or client_secret_file must be configured");
            }
            if (oauth.tokenUrl().isEmpty()) {
                throw nodes.error(on, "oauth2 token_url must be configured");
            }
            if (!oauth.clientSecret().isEmpty() && !oauth.clientSecretFile().isEmpty()) {
                throw nodes.error(on, "at most one of oauth2 client_secret & client_secret_file must be configured");
            }
        }
        if (!proxyHeader.isEmpty() && proxyUrl.isEmpty()) {
            throw nodes.error(s.key("proxy_connect_header"),
                    "if proxy_connect_header is configured proxy_url must also be configured");
        }
        return new HttpClientConfig(basic, auth, oauth, proxyUrl, proxyHeader, tls, follow, http2);
    }

    private TlsConfig tls(Node n) throws ConfigException {
        if (Nodes.isNull(n)) {
            return TlsConfig.DEFAULT;
        }
        Section t = new Section(nodes, n, "config.plain", TLS_KEYS, null);
        String min = tlsVersion(t.get("min_version"));
        String max = tlsVersion(t.get("max_version"));
        return new TlsConfig(path(nodes.str(t.get("ca_file"))), path(nodes.str(t.get("cert_file"))),
                path(nodes.str(t.get("key_file"))), nodes.str(t.get("server_name")),
                nodes.bool(t.get("insecure_skip_verify"), false), min, max);
    }

    private String tlsVersion(Node n) throws ConfigException {
        if (Nodes.isNull(n)) {
            return "";
        }
        String v = nodes.str(n);
        if (!TLS_VERSIONS.contains(v)) {
            throw nodes.error(n, "unknown TLS version: " + v);
        }
        return v;
    }

    /** A URL as Go's url.Parse sees it (lenient); "" when absent. */
    private String url(Node n) throws ConfigException {
        String u = nodes.str(n);
        if (u.isEmpty()) {
            return u;
        }
        for (int i = 0; i < u.length(); i++) {
            if (u.charAt(i) < 0x20 || u.charAt(i) == 0x7f) {
                throw nodes.error(n, "parse " + GoQuote.quote(u) + ": net/url: invalid control character in URL");
            }
        }
        if (u.startsWith(":")) {
            throw nodes.error(n, "parse " + GoQuote.quote(u) + ": missing protocol scheme");
        }
        return u;
    }

    // ---------------------------------------------------------------- alerting

    private AlertingConfig alerting(Node n) throws ConfigException {
        if (Nodes.isNull(n)) {
            return AlertingConfig.EMPTY;
        }
        Section s = new Section(nodes, n, "config.plain", Set.of("alert_relabel_configs", "alertmanagers"), null);
        List<RelabelConfig> relabel = relabelList(s.get("alert_relabel_configs"), "empty or null alert relabeling rule");
        List<AlertmanagerConfig> ams = new ArrayList<>();
        for (Node e : nodes.seq(s.get("alertmanagers"), "[]*config.AlertmanagerConfig")) {
            if (Nodes.isNull(e)) {
                throw nodes.error(e, "empty or null alertmanager config section");
            }
            ams.add(alertmanager(new Section(nodes, e, "config.AlertmanagerConfig", AM_KEYS, SD_KEY)));
        }
        return new AlertingConfig(relabel, ams);
    }

    private AlertmanagerConfig alertmanager(Section s) throws ConfigException {
        String scheme = opt(s, "scheme", "http");
        String pathPrefix = nodes.str(s.get("path_prefix"));
        Duration timeout = nodes.duration(s.get("timeout"), Duration.ofSeconds(10));
        String apiVersion = opt(s, "api_version", "v2");
        if (!apiVersion.equals("v1") && !apiVersion.equals("v2")) {
            throw nodes.error(s.get("api_version"),
                    "expected Alertmanager api version to be one of [v1 v2] but got " + apiVersion);
        }
        HttpClientConfig http = httpClient(s);
        List<RelabelConfig> relabel = relabelList(s.get("relabel_configs"),
                "empty or null Alertmanager target relabeling rule");
        List<TargetGroup> statics = staticConfigs(s.get("static_configs"), relabel.isEmpty());
        return new AlertmanagerConfig(http, scheme, pathPrefix, timeout, apiVersion, relabel, statics, sdConfigs(s));
    }

    // ---------------------------------------------------------------- remote write / read

    private List<RemoteWriteConfig> remoteWrites(Node n) throws ConfigException {
        List<RemoteWriteConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node e : nodes.seq(n, "[]*config.RemoteWriteConfig")) {
            if (Nodes.isNull(e)) {
                throw nodes.error(e, "empty or null remote write config section");
            }
            Section s = new Section(nodes, e, "config.plain", RW_KEYS, null);
            RemoteWriteConfig rw = remoteWrite(s);
            if (!rw.name().isEmpty() && names.containsKey(rw.name())) {
                throw nodes.error(s.lineOf("name"),
                        "found multiple remote write configs with job name " + GoQuote.quote(rw.name()));
            }
            names.put(rw.name(), e);
            out.add(rw);
        }
        return out;
    }

    private RemoteWriteConfig remoteWrite(Section s) throws ConfigException {
        String url = url(s.get("url"));
        Duration timeout = nodes.duration(s.get("remote_timeout"), Duration.ofSeconds(30));
        Map<String, String> headers = nodes.strMap(s.get("headers"), "map[string]string");
        List<RelabelConfig> relabel = relabelList(s.get("write_relabel_configs"),
                "empty or null relabeling rule in remote write config");
        String name = nodes.str(s.get("name"));
        boolean exemplars = nodes.bool(s.get("send_exemplars"), false);
        boolean histograms = nodes.bool(s.get("send_native_histograms"), false);
        QueueConfig queue = queue(s.get("queue_config"));
        MetadataConfig metadata = metadata(s.get("metadata_config"));
        SigV4Config sigv4 = null;
        Node sn = s.get("sigv4");
        if (!Nodes.isNull(sn)) {
            Section v = new Section(nodes, sn, "sigv4.plain",
                    Set.of("region", "access_key", "secret_key", "profile", "role_arn"), null);
            sigv4 = new SigV4Config(nodes.str(v.get("region")), nodes.str(v.get("access_key")),
                    new Secret(nodes.str(v.get("secret_key"))), nodes.str(v.get("profile")),
                    nodes.str(v.get("role_arn")));
            if (sigv4.accessKey().isEmpty() != sigv4.secretKey().isEmpty()) {
                throw nodes.error(sn, "must provide a AWS SigV4 Access key and Secret Key if credentials are "
                        + "specified in the SigV4 config");
            }
        }
        if (url.isEmpty()) {
            throw nodes.error(s.line(), "url for remote_write is empty");
        }
        validateHeaders(s, headers);
        HttpClientConfig http = httpClient(s);
        if ((http.basicAuth() != null || http.authorization() != null || http.oauth2() != null) && sigv4 != null) {
            throw nodes.error(s.line(),
                    "at most one of basic_auth, authorization, oauth2, & sigv4 must be configured");
        }
        return new RemoteWriteConfig(url, timeout, headers, relabel, name, exemplars, histograms, http, queue,
                metadata, sigv4);
    }

    private void validateHeaders(Section s, Map<String, String> headers) throws ConfigException {
        for (String h : headers.keySet()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                throw nodes.error(s.lineOf("headers"), "authorization header must be changed via the basic_auth, "
                        + "authorization, oauth2, or sigv4 parameter");
            }
            if (RESERVED_HEADERS.contains(lower)) {
                throw nodes.error(s.lineOf("headers"), h + " is a reserved header. It must not be changed");
            }
        }
    }

    private QueueConfig queue(Node n) throws ConfigException {
        QueueConfig d = QueueConfig.DEFAULT;
        if (Nodes.isNull(n)) {
            return d;
        }
        Section q = new Section(nodes, n, "config.QueueConfig", Set.of("capacity", "max_shards", "min_shards",
                "max_samples_per_send", "batch_send_deadline", "min_backoff", "max_backoff", "retry_on_http_429"),
                null);
        return new QueueConfig((int) nodes.integer(q.get("capacity"), d.capacity(), "int"),
                (int) nodes.integer(q.get("max_shards"), d.maxShards(), "int"),
                (int) nodes.integer(q.get("min_shards"), d.minShards(), "int"),
                (int) nodes.integer(q.get("max_samples_per_send"), d.maxSamplesPerSend(), "int"),
                nodes.duration(q.get("batch_send_deadline"), d.batchSendDeadline()),
                nodes.duration(q.get("min_backoff"), d.minBackoff()),
                nodes.duration(q.get("max_backoff"), d.maxBackoff()),
                nodes.bool(q.get("retry_on_http_429"), d.retryOnRateLimit()));
    }

    private MetadataConfig metadata(Node n) throws ConfigException {
        MetadataConfig d = MetadataConfig.DEFAULT;
        if (Nodes.isNull(n)) {
            return d;
        }
        Section m = new Section(nodes, n, "config.MetadataConfig",
                Set.of("send", "send_interval", "max_samples_per_send"), null);
        return new MetadataConfig(nodes.bool(m.get("send"), d.send()),
                nodes.duration(m.get("send_interval"), d.sendInterval()),
                (int) nodes.integer(m.get("max_samples_per_send"), d.maxSamplesPerSend(), "int"));
    }

    private List<RemoteReadConfig> remoteReads(Node n) throws ConfigException {
        List<RemoteReadConfig> out = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node e : nodes.seq(n, "[]*config.RemoteReadConfig")) {
            if (Nodes.isNull(e)) {
                throw nodes.error(e, "empty or null remote read config section");
            }
            Section s = new Section(nodes, e, "config.plain", RR_KEYS, null);
            String url = url(s.get("url"));
            Duration timeout = nodes.duration(s.get("remote_timeout"), Duration.ofMinutes(1));
            Map<String, String> headers = nodes.strMap(s.get("headers"), "map[string]string");
            boolean readRecent = nodes.bool(s.get("read_recent"), false);
            String name = nodes.str(s.get("name"));
            Map<String, String> required = nodes.strMap(s.get("required_matchers"), "model.LabelSet");
            boolean filter = nodes.bool(s.get("filter_external_labels"), true);
            if (url.isEmpty()) {
                throw nodes.error(s.line(), "url for remote_read is empty");
            }
            validateHeaders(s, headers);
            HttpClientConfig http = httpClient(s);
            if (!name.isEmpty() && names.containsKey(name)) {
                throw nodes.error(s.lineOf("name"),
                        "found multiple remote read configs with job name " + GoQuote.quote(name));
            }
            names.put(name, e);
            out.add(new RemoteReadConfig(url, timeout, headers, readRecent, name, http, required, filter));
        }
        return out;
    }

    // ---------------------------------------------------------------- storage, tracing

    private StorageConfig storage(Node n) throws ConfigException {
        if (Nodes.isNull(n)) {
            return StorageConfig.EMPTY;
        }
        Section s = new Section(nodes, n, "config.StorageConfig", Set.of("tsdb", "exemplars"), null);
        StorageConfig.Tsdb tsdb = null;
        if (!Nodes.isNull(s.get("tsdb"))) {
            Section t = new Section(nodes, s.get("tsdb"), "config.plain", Set.of("out_of_order_time_window"), null);
            tsdb = new StorageConfig.Tsdb(nodes.duration(t.get("out_of_order_time_window"), Duration.ZERO));
        }
        StorageConfig.Exemplars exemplars = null;
        if (!Nodes.isNull(s.get("exemplars"))) {
            Section e = new Section(nodes, s.get("exemplars"), "config.ExemplarsConfig", Set.of("max_exemplars"),
                    null);
            exemplars = new StorageConfig.Exemplars(
                    nodes.integer(e.get("max_exemplars"), StorageConfig.DEFAULT_MAX_EXEMPLARS, "int64"));
        }
        return new StorageConfig(tsdb, exemplars);
    }

    private TracingConfig tracing(Node n) throws ConfigException {
        Section s = new Section(nodes, n, "config.plain", Set.of("client_type", "endpoint", "sampling_fraction",
                "insecure", "tls_config", "headers", "compression", "timeout"), null);
        String clientType = opt(s, "client_type", "grpc");
        String endpoint = nodes.str(s.get("endpoint"));
        double fraction = nodes.floating(s.get("sampling_fraction"), 0);
        boolean insecure = nodes.bool(s.get("insecure"), false);
        TlsConfig tls = tls(s.get("tls_config"));
        Map<String, String> headers = nodes.strMap(s.get("headers"), "map[string]string");
        String compression = nodes.str(s.get("compression"));
        Duration timeout = nodes.duration(s.get("timeout"), Duration.ZERO);
        for (String h : headers.keySet()) {
            String lower = h.toLowerCase(Locale.ROOT);
            if (lower.equals("authorization")) {
                throw nodes.error(s.lineOf("headers"), "custom authorization header configuration is not yet supported");
            }
            if (RESERVED_HEADERS.contains(lower)) {
                throw nodes.error(s.lineOf("headers"), h + " is a reserved header. It must not be changed");
            }
        }
        if (!clientType.equals("grpc") && !clientType.equals("http")) {
            throw nodes.error(s.lineOf("client_type"),
                    "expected tracing client type to be to be http or grpc, but got " + clientType);
        }
        if (endpoint.isEmpty()) {
            throw nodes.error(s.line(), "tracing endpoint must be set");
        }
        if (!compression.isEmpty() && !compression.equals("gzip")) {
            throw nodes.error(s.lineOf("compression"),
                    "invalid compression type " + compression + " provided, valid options: gzip");
        }
        return new TracingConfig(clientType, endpoint, fraction, insecure, tls, headers, compression, timeout);
    }

    // ---------------------------------------------------------------- helpers

    /** A string field: the default when absent, "" when null. */
    private String opt(Section s, String key, String absent) throws ConfigException {
        return s.has(key) ? nodes.str(s.get(key)) : absent;
    }

    /** Joins a relative path with the config directory, as Prometheus's SetDirectory does. */
    private String path(String p) {
        if (p.isEmpty()) {
            return p;
        }
        Path given = Path.of(p);
        if (given.isAbsolute() || baseDir == null) {
            return given.normalize().toString();
        }
        return baseDir.resolve(given).normalize().toString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
    }
}
