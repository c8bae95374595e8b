package dev.ignis.web.internal.security;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code --web.config.file} in the exporter-toolkit 0.8 format that Prometheus 2.42 reads:
 * {@code tls_server_config}, {@code http_server_config} and {@code basic_auth_users}. Parsing
 * is strict (an unknown key is an error, as {@code yaml.UnmarshalStrict}); relative file names
 * are resolved against the directory of the config file. Immutable.
 *
 * @param tls the TLS settings; {@link Tls#enabled()} is false when none of cert, key, client
 *     auth type or client CA is set (plain HTTP)
 * @param http2 {@code http_server_config.http2}, default true
 * @param headers {@code http_server_config.headers}, validated against the allowed set
 * @param users user name to bcrypt hash
 */
public record WebConfig(Tls tls, boolean http2, Map<String, String> headers, Map<String, String> users) {

    /** {@code tls_server_config}. Versions are IANA protocol numbers (0x0303 = TLS 1.2). */
    public record Tls(String certFile, String keyFile, String clientAuthType, String clientCaFile,
            List<String> cipherSuites, List<String> curvePreferences, int minVersion, int maxVersion,
            boolean preferServerCipherSuites) {

        public Tls {
            cipherSuites = List.copyOf(cipherSuites);
            curvePreferences = List.copyOf(curvePreferences);
        }

        /** Whether the file asks for TLS at all (exporter-toolkit's {@code errNoTLSConfig} otherwise). */
        public boolean enabled() {
            return !certFile.isEmpty() || !keyFile.isEmpty() || !clientAuthType.isEmpty() || !clientCaFile.isEmpty();
        }
    }

    public static final int TLS10 = 0x0301;
    public static final int TLS11 = 0x0302;
    public static final int TLS12 = 0x0303;
    public static final int TLS13 = 0x0304;

    /** Names exporter-toolkit accepts for {@code min_version}/{@code max_version}. */
    static final Map<String, Integer> VERSIONS = Map.of("TLS10", TLS10, "TLS11", TLS11, "TLS12", TLS12, "TLS13", TLS13);

    /** Names exporter-toolkit accepts for {@code curve_preferences}. */
    static final Set<String> CURVES = Set.of("CurveP256", "CurveP384", "CurveP521", "X25519");

    /**
     * What Go 1.19's {@code tls.CipherSuites()} lists (the suites it considers secure); the names
     * are the IANA names, which Java uses too. Other names are "unknown cipher".
     */
    static final Set<String> CIPHERS = Set.of(
            "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    /**
     * The headers {@code http_server_config.headers} may set, with their allowed values (empty:
     * any value), as exporter-toolkit 0.8 checks them.
     */
    static final Map<String, List<String>> ALLOWED_HEADERS = Map.of(
            "Strict-Transport-Security", List.of(),
            "X-Content-Type-Options", List.of("nosniff"),
            "X-Frame-Options", List.of("deny", "sameorigin"),
            "X-XSS-Protection", List.of(),
            "Content-Security-Policy", List.of());

    public WebConfig {
        headers = Map.copyOf(headers);
        users = Map.copyOf(users);
    }

    /**
     * Reads and parses {@code file}: the YAML, then the header check (exporter-toolkit's
     * {@code getConfig}). Certificates are not loaded here ({@link TlsMaterial} does that).
     *
     * @throws WebConfigException with the message Prometheus logs as {@code err}
     */
    public static WebConfig read(Path file) throws WebConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new WebConfigException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new WebConfigException("open " + file + ": " + e.getMessage());
        }
        return parse(text, file.getParent());
    }

    /** Parses the YAML {@code text}; relative paths are joined to {@code dir}. */
    public static WebConfig parse(String text, Path dir) throws WebConfigException {
        Node root;
        try {
            LoaderOptions opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            root = new Yaml(opts).compose(new StringReader(text));
        } catch (YAMLException e) {
            throw new WebConfigException("yaml: " + firstLine(e.getMessage()));
        }
        Parser p = new Parser();
        WebConfig c = p.config(root, dir);
        if (p.fatal != null) {
            throw new WebConfigException(p.fatal);
        }
        if (!p.errors.isEmpty()) {
            throw new WebConfigException("yaml: unmarshal errors:\n  " + String.join("\n  ", p.errors));
        }
        checkHeaders(c.headers());
        return c;
    }

    private static void checkHeaders(Map<String, String> headers) throws WebConfigException {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            List<String> allowed = ALLOWED_HEADERS.get(e.getKey());
            if (allowed == null) {
                throw new WebConfigException("HTTP header " + goQuote(e.getKey()) + " can not be configured");
            }
            if (!allowed.isEmpty() && !allowed.contains(e.getValue())) {
                StringBuilder list = new StringBuilder("[");
                for (int i = 0; i < allowed.size(); i++) {
                    list.append(i > 0 ? " " : "").append(goQuote(allowed.get(i)));
                }
                list.append(']');
                throw new WebConfigException("invalid value for " + e.getKey() + ". Expected one of: " + list
                        + ", but got: " + goQuote(e.getValue()));
            }
        }
    }

    private static String goQuote(String s) {
        return dev.ignis.api.config.GoQuote.quote(s);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "invalid YAML";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Walks the node tree, collecting type errors in the wording of Go's yaml.v2. */
    private static final class Parser {
        final List<String> errors = new ArrayList<>();
        // A custom unmarshaler's error (cipher, curve, TLS version) ends yaml.v2's decoding and
        // is returned as it is, not among the collected type errors.
        String fatal;

        private void fail(String message) {
            if (fatal == null) {
                fatal = message;
            }
        }

        WebConfig config(Node root, Path dir) {
            Map<String, String> users = new LinkedHashMap<>();
            Map<String, String> headers = new LinkedHashMap<>();
            boolean http2 = true;
            Tls tls = new Tls("", "", "", "", List.of(), List.of(), TLS12, TLS13, true);
            if (root == null) {
                return new WebConfig(tls, http2, headers, users);
            }
            MappingNode top = mapping(root, "web.Config");
            if (top == null) {
                return new WebConfig(tls, http2, headers, users);
            }
            for (NodeTuple t : top.getValue()) {
                String key = key(t);
                Node v = t.getValueNode();
                switch (key) {
                    case "tls_server_config" -> tls = tls(v, dir, tls);
                    case "http_server_config" -> {
                        MappingNode m = mapping(v, "web.HTTPConfig");
                        if (m != null) {
                            for (NodeTuple ht : m.getValue()) {
                                String hk = key(ht);
                                switch (hk) {
                                    case "http2" -> http2 = bool(ht.getValueNode(), http2);
                                    case "headers" -> stringMap(ht.getValueNode(), headers);
                                    default -> unknown(ht, hk, "web.HTTPConfig");
                                }
                            }
                        }
                    }
                    case "basic_auth_users" -> stringMap(v, users);
                    default -> unknown(t, key, "web.Config");
                }
            }
            return new WebConfig(tls, http2, headers, users);
        }

        Tls tls(Node n, Path dir, Tls d) {
            MappingNode m = mapping(n, "web.TLSStruct");
            if (m == null) {
                return d;
            }
            String cert = "";
            String key = "";
            String auth = "";
            String ca = "";
            List<String> ciphers = new ArrayList<>();
            List<String> curves = new ArrayList<>();
            int min = d.minVersion();
            int max = d.maxVersion();
            boolean prefer = d.preferServerCipherSuites();
            for (NodeTuple t : m.getValue()) {
                String k = key(t);
                Node v = t.getValueNode();
                switch (k) {
                    case "cert_file" -> cert = join(dir, string(v));
                    case "key_file" -> key = join(dir, string(v));
                    case "client_auth_type" -> auth = string(v);
                    case "client_ca_file" -> ca = join(dir, string(v));
                    case "cipher_suites" -> {
                        for (String s : strings(v)) {
                            if (!CIPHERS.contains(s)) {
                                fail("unknown cipher: " + s);
                            }
                            ciphers.add(s);
                        }
                    }
                    case "curve_preferences" -> {
                        for (String s : strings(v)) {
                            if (!CURVES.contains(s)) {
                                fail("unknown curve: " + s);
                            }
                            curves.add(s);
                        }
                    }
                    case "min_version" -> min = version(v, min);
                    case "max_version" -> max = version(v, max);
                    case "prefer_server_cipher_suites" -> prefer = bool(v, prefer);
                    default -> unknown(t, k, "web.TLSStruct");
                }
            }
            return new Tls(cert, key, auth, ca, ciphers, curves, min, max, prefer);
        }

        private int version(Node v, int def) {
            String s = string(v);
            Integer ver = VERSIONS.get(s);
            if (ver == null) {
                fail("unknown TLS version: " + s);
                return def;
            }
            return ver;
        }

        private static String join(Path dir, String file) {
            if (file.isEmpty() || Path.of(file).isAbsolute()) {
                return file;
            }
            // Go's filepath.Join(dir, file): relative to the config file's directory, cleaned.
            return (dir == null ? Path.of(file) : dir.resolve(file)).normalize().toString();
        }

        private static String key(NodeTuple t) {
            return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
        }

        private void unknown(NodeTuple t, String key, String type) {
            errors.add("line " + (t.getKeyNode().getStartMark().getLine() + 1) + ": field " + key + " not found in type "
                    + type);
        }

        private MappingNode mapping(Node n, String type) {
            if (n instanceof MappingNode m) {
                return m;
            }
            if (isNull(n)) {
                return null;
            }
            errors.add(cannotUnmarshal(n, type));
            return null;
        }

        private String string(Node n) {
            if (n instanceof ScalarNode s) {
                return isNull(n) ? "" : s.getValue();
            }
            errors.add(cannotUnmarshal(n, "string"));
            return "";
        }

        private List<String> strings(Node n) {
            List<String> out = new ArrayList<>();
            if (n instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    out.add(string(item));
                }
            } else if (!isNull(n)) {
                errors.add(cannotUnmarshal(n, "[]string"));
            }
            return out;
        }

        private boolean bool(Node n, boolean def) {
            if (n instanceof ScalarNode s) {
                switch (s.getValue()) {
                    case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y" -> {
                        return true;
                    }
                    case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N" -> {
                        return false;
                    }
                    default -> {
                        if (isNull(n)) {
                            return def;
                        }
                    }
                }
            }
            errors.add(cannotUnmarshal(n, "bool"));
            return def;
        }

        private void stringMap(Node n, Map<String, String> into) {
            if (n instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    into.put(key(t), string(t.getValueNode()));
                }
            } else if (!isNull(n)) {
                errors.add(cannotUnmarshal(n, "map[string]string"));
            }
        }

        private static boolean isNull(Node n) {
            return n == null || n instanceof ScalarNode s && (s.getTag().getValue().endsWith(":null")
                    || s.getValue().isEmpty() && s.getScalarStyle().getChar() == null);
        }

        private static String cannotUnmarshal(Node n, String type) {
            String what = n instanceof ScalarNode s ? "!!str `" + s.getValue() + "`" : n instanceof SequenceNode ? "!!seq" : "!!map";
            return "line " + (n.getStartMark().getLine() + 1) + ": cannot unmarshal " + what + " into " + type;
        }
    }
}
