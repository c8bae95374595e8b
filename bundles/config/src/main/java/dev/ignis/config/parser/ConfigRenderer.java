package dev.ignis.config.parser;

import dev.ignis.api.config.AlertmanagerConfig;
import dev.ignis.api.config.ByteSize;
import dev.ignis.api.config.GlobalConfig;
import dev.ignis.api.config.HttpClientConfig;
import dev.ignis.api.config.OAuth2;
import dev.ignis.api.config.PromDuration;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.QueueConfig;
import dev.ignis.api.config.RelabelConfig;
import dev.ignis.api.config.RemoteReadConfig;
import dev.ignis.api.config.RemoteWriteConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.config.Secret;
import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.api.config.TracingConfig;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link PrometheusConfig} as Prometheus 2.42 shows it on /api/v1/status/config:
 * its key order, defaults filled in, empty optional fields left out, secrets as
 * {@code <secret>}. Discovery sections are shown as written (their defaults belong to the
 * plugin that serves them).
 */
public final class ConfigRenderer {
    private ConfigRenderer() {
    }

    /** The YAML text, ending in a newline. */
    public static String render(PrometheusConfig c) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global", global(c.global()));
        if (!c.alerting().isEmpty()) {
            Map<String, Object> a = new LinkedHashMap<>();
            putList(a, "alert_relabel_configs", relabels(c.alerting().alertRelabelConfigs()));
            List<Object> ams = new ArrayList<>();
            for (AlertmanagerConfig am : c.alerting().alertmanagers()) {
                ams.add(alertmanager(am));
            }
            putList(a, "alertmanagers", ams);
            root.put("alerting", a);
        }
        putList(root, "rule_files", new ArrayList<>(c.ruleFiles()));
        List<Object> scrapes = new ArrayList<>();
        for (ScrapeConfig s : c.scrapeConfigs()) {
            scrapes.add(scrape(s));
        }
        putList(root, "scrape_configs", scrapes);
        Map<String, Object> storage = storage(c.storage());
        if (!storage.isEmpty()) {
            root.put("storage", storage);
        }
        if (c.tracing().enabled()) {
            root.put("tracing", tracing(c.tracing()));
        }
        List<Object> rws = new ArrayList<>();
        for (RemoteWriteConfig rw : c.remoteWrite()) {
            rws.add(remoteWrite(rw));
        }
        putList(root, "remote_write", rws);
        List<Object> rrs = new ArrayList<>();
        for (RemoteReadConfig rr : c.remoteRead()) {
            rrs.add(remoteRead(rr));
        }
        putList(root, "remote_read", rrs);
        return YamlWriter.write(root);
    }

    private static String d(Duration d) {
        return PromDuration.format(d);
    }

    private static Map<String, Object> global(GlobalConfig g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scrape_interval", d(g.scrapeInterval()));
        m.put("scrape_timeout", d(g.scrapeTimeout()));
        m.put("evaluation_interval", d(g.evaluationInterval()));
        putStr(m, "query_log_file", g.queryLogFile());
        if (!g.externalLabels().isEmpty()) {
            m.put("external_labels", labels(g.externalLabels()));
        }
        return m;
    }

    private static Map<String, Object> labels(Labels l) {
        Map<String, Object> m = new LinkedHashMap<>();
        l.forEach(m::put);
        return m;
    }

    private static Map<String, Object> scrape(ScrapeConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_name", s.jobName());
        if (s.honorLabels()) {
            m.put("honor_labels", true);
        }
        m.put("honor_timestamps", s.honorTimestamps());
        if (!s.params().isEmpty()) {
            Map<String, Object> p = new LinkedHashMap<>();
            s.params().forEach((k, v) -> p.put(k, new ArrayList<Object>(v)));
            m.put("params", p);
        }
        m.put("scrape_interval", d(s.scrapeInterval()));
        m.put("scrape_timeout", d(s.scrapeTimeout()));
        m.put("metrics_path", s.metricsPath());
        m.put("scheme", s.scheme());
        if (s.bodySizeLimit() != 0) {
            m.put("body_size_limit", ByteSize.format(s.bodySizeLimit()));
        }
        putNum(m, "sample_limit", s.sampleLimit());
        putNum(m, "target_limit", s.targetLimit());
        putNum(m, "label_limit", s.labelLimit());
        putNum(m, "label_name_length_limit", s.labelNameLengthLimit());
        putNum(m, "label_value_length_limit", s.labelValueLengthLimit());
        http(m, s.httpClient());
        putList(m, "relabel_configs", relabels(s.relabelConfigs()));
        putList(m, "metric_relabel_configs", relabels(s.metricRelabelConfigs()));
        discovery(m, s.staticConfigs(), s.sdConfigs());
        return m;
    }

    private static Map<String, Object> alertmanager(AlertmanagerConfig a) {
        Map<String, Object> m = new LinkedHashMap<>();
        http(m, a.httpClient());
        m.put("scheme", a.scheme());
        putStr(m, "path_prefix", a.pathPrefix());
        m.put("timeout", d(a.timeout()));
        m.put("api_version", a.apiVersion());
        putList(m, "relabel_configs", relabels(a.relabelConfigs()));
        discovery(m, a.staticConfigs(), a.sdConfigs());
        return m;
    }

    /** Discovery sections sorted by key, static_configs among them, as Prometheus orders them. */
    private static void discovery(Map<String, Object> m, List<TargetGroup> statics, List<SdConfig> sds) {
        Map<String, List<Object>> byKey = new TreeMap<>();
        for (SdConfig sd : sds) {
            byKey.computeIfAbsent(sd.key(), k -> new ArrayList<>()).add(new LinkedHashMap<>(sd.raw()));
        }
        if (!statics.isEmpty()) {
            List<Object> groups = new ArrayList<>();
            for (TargetGroup g : statics) {
                Map<String, Object> gm = new LinkedHashMap<>();
                List<Object> targets = new ArrayList<>();
                for (Labels t : g.targets()) {
                    targets.add(t.get("__address__"));
                }
                gm.put("targets", targets);
                if (!g.labels().isEmpty()) {
                    gm.put("labels", labels(g.labels()));
                }
                groups.add(gm);
            }
            byKey.put("static_configs", groups);
        }
        m.putAll(byKey);
    }

    private static void http(Map<String, Object> m, HttpClientConfig h) {
        if (h.basicAuth() != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            putStr(b, "username", h.basicAuth().username());
            putSecret(b, "password", h.basicAuth().password());
            putStr(b, "password_file", h.basicAuth().passwordFile());
            m.put("basic_auth", b);
        }
        if (h.authorization() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            putStr(a, "type", h.authorization().type());
            putSecret(a, "credentials", h.authorization().credentials());
            putStr(a, "credentials_file", h.authorization().credentialsFile());
            m.put("authorization", a);
        }
        if (h.oauth2() != null) {
            OAuth2 o = h.oauth2();
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("client_id", o.clientId());
            // Prometheus prints an unset OAuth2 secret as null.
            a.put("client_secret", o.clientSecret().isEmpty() ? null : o.clientSecret().toString());
            a.put("client_secret_file", o.clientSecretFile());
            putList(a, "scopes", new ArrayList<>(o.scopes()));
            a.put("token_url", o.tokenUrl());
            if (!o.endpointParams().isEmpty()) {
                a.put("endpoint_params", new LinkedHashMap<String, Object>(o.endpointParams()));
            }
            putStr(a, "proxy_url", o.proxyUrl());
            if (!o.tlsConfig().isEmpty()) {
                a.put("tls_config", tls(o.tlsConfig()));
            }
            m.put("oauth2", a);
        }
        putStr(m, "proxy_url", h.proxyUrl());
        if (!h.proxyConnectHeader().isEmpty()) {
            Map<String, Object> p = new LinkedHashMap<>();
            h.proxyConnectHeader().forEach((k, v) -> p.put(k, new ArrayList<Object>(v.stream().map(Secret::toString).toList())));
            m.put("proxy_connect_header", p);
        }
        if (!h.tlsConfig().isEmpty()) {
            m.put("tls_config", tls(h.tlsConfig()));
        }
        m.put("follow_redirects", h.followRedirects());
        m.put("enable_http2", h.enableHttp2());
    }

    private static Map<String, Object> tls(TlsConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        putStr(m, "ca_file", t.caFile());
        putStr(m, "cert_file", t.certFile());
        putStr(m, "key_file", t.keyFile());
        putStr(m, "server_name", t.serverName());
        m.put("insecure_skip_verify", t.insecureSkipVerify());
        // Prometheus 2.42 prints TLS versions as Go's numeric constants (TLS12 = 771).
        if (!t.minVersion().isEmpty()) {
            m.put("min_version", tlsVersionNumber(t.minVersion()));
        }
        if (!t.maxVersion().isEmpty()) {
            m.put("max_version", tlsVersionNumber(t.maxVersion()));
        }
        return m;
    }

    private static long tlsVersionNumber(String v) {
        return switch (v) {
            case "TLS10" -> 0x0301;
            case "TLS11" -> 0x0302;
            case "TLS12" -> 0x0303;
            case "TLS13" -> 0x0304;
            default -> throw new IllegalStateException("BUG: unvalidated TLS version " + v);
        };
    }

    private static List<Object> relabels(List<RelabelConfig> rs) {
        List<Object> out = new ArrayList<>();
        for (RelabelConfig r : rs) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!r.sourceLabels().isEmpty()) {
                m.put("source_labels", new YamlWriter.Flow(r.sourceLabels()));
            }
            putStr(m, "separator", r.separator());
            m.put("regex", r.regex().text());
            putNum(m, "modulus", r.modulus());
            putStr(m, "target_label", r.targetLabel());
            putStr(m, "replacement", r.replacement());
            m.put("action", r.action().text());
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> remoteWrite(RemoteWriteConfig rw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", rw.url());
        m.put("remote_timeout", d(rw.remoteTimeout()));
        if (!rw.headers().isEmpty()) {
            m.put("headers", new LinkedHashMap<String, Object>(rw.headers()));
        }
        putList(m, "write_relabel_configs", relabels(rw.writeRelabelConfigs()));
        putStr(m, "name", rw.name());
        if (rw.sendExemplars()) {
            m.put("send_exemplars", true);
        }
        if (rw.sendNativeHistograms()) {
            m.put("send_native_histograms", true);
        }
        http(m, rw.httpClient());
        QueueConfig q = rw.queueConfig();
        Map<String, Object> qm = new LinkedHashMap<>();
        qm.put("capacity", q.capacity());
        qm.put("max_shards", q.maxShards());
        qm.put("min_shards", q.minShards());
        qm.put("max_samples_per_send", q.maxSamplesPerSend());
        qm.put("batch_send_deadline", d(q.batchSendDeadline()));
        qm.put("min_backoff", d(q.minBackoff()));
        qm.put("max_backoff", d(q.maxBackoff()));
        if (q.retryOnRateLimit()) {
            qm.put("retry_on_http_429", true);
        }
        m.put("queue_config", qm);
        Map<String, Object> md = new LinkedHashMap<>();
        md.put("send", rw.metadataConfig().send());
        md.put("send_interval", d(rw.metadataConfig().sendInterval()));
        md.put("max_samples_per_send", rw.metadataConfig().maxSamplesPerSend());
        m.put("metadata_config", md);
        if (rw.sigv4() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            putStr(s, "region", rw.sigv4().region());
            putStr(s, "access_key", rw.sigv4().accessKey());
            putSecret(s, "secret_key", rw.sigv4().secretKey());
            putStr(s, "profile", rw.sigv4().profile());
            putStr(s, "role_arn", rw.sigv4().roleArn());
            m.put("sigv4", s);
        }
        return m;
    }

    private static Map<String, Object> remoteRead(RemoteReadConfig rr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", rr.url());
        m.put("remote_timeout", d(rr.remoteTimeout()));
        if (!rr.headers().isEmpty()) {
            m.put("headers", new LinkedHashMap<String, Object>(rr.headers()));
        }
        if (rr.readRecent()) {
            m.put("read_recent", true);
        }
        putStr(m, "name", rr.name());
        http(m, rr.httpClient());
        if (!rr.requiredMatchers().isEmpty()) {
            m.put("required_matchers", new LinkedHashMap<String, Object>(rr.requiredMatchers()));
        }
        if (rr.filterExternalLabels()) {
            m.put("filter_external_labels", true);
        }
        return m;
    }

    private static Map<String, Object> storage(StorageConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (s.tsdb() != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            Duration w = s.tsdb().outOfOrderTimeWindow();
            // Prometheus 2.42 also prints its internal millisecond copy under this Go-derived key.
            t.put("outofordertimewindow", w.toMillis());
            if (!w.isZero()) {
                t.put("out_of_order_time_window", d(w));
            }
            m.put("tsdb", t);
        }
        if (s.exemplars() != null) {
            m.put("exemplars", Map.of("max_exemplars", s.exemplars().maxExemplars()));
        }
        return m;
    }

    private static Map<String, Object> tracing(TracingConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_type", t.clientType());
        putStr(m, "endpoint", t.endpoint());
        if (t.samplingFraction() != 0) {
            m.put("sampling_fraction", t.samplingFraction());
        }
        if (t.insecure()) {
            m.put("insecure", true);
        }
        if (!t.tlsConfig().isEmpty()) {
            m.put("tls_config", tls(t.tlsConfig()));
        }
        if (!t.headers().isEmpty()) {
            m.put("headers", new LinkedHashMap<String, Object>(t.headers()));
        }
        putStr(m, "compression", t.compression());
        if (!t.timeout().isZero()) {
            m.put("timeout", d(t.timeout()));
        }
        return m;
    }

    private static void putStr(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static void putSecret(Map<String, Object> m, String k, Secret v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v.toString());
        }
    }

    private static void putNum(Map<String, Object> m, String k, long v) {
        if (v != 0) {
            m.put(k, v);
        }
    }

    private static void putList(Map<String, Object> m, String k, List<Object> v) {
        if (!v.isEmpty()) {
            m.put(k, v);
        }
    }
}
