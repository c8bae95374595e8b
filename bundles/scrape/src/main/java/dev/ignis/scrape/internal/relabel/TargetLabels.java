package dev.ignis.scrape.internal.relabel;

import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.PromDuration;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.discovery.TargetGroup;
import dev.ignis.api.labels.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns discovered targets into scrape targets as Prometheus 2.42 does ({@code TargetsFromGroup}
 * and {@code PopulateLabels}): a target's own labels override its group's; {@code job},
 * {@code __scrape_interval__}, {@code __scrape_timeout__}, {@code __metrics_path__} and
 * {@code __scheme__} are filled in from the scrape config when absent and {@code __param_<name>}
 * from its params; {@code relabel_configs} run; then the address gets a default port for its
 * scheme, the per-target interval and timeout are checked, {@code __meta_*} labels go and
 * {@code instance} defaults to the address.
 */
public final class TargetLabels {
    private static final String ADDRESS = "__address__";
    private static final String SCHEME = "__scheme__";
    private static final String METRICS_PATH = "__metrics_path__";
    private static final String INTERVAL = "__scrape_interval__";
    private static final String TIMEOUT = "__scrape_timeout__";
    private static final String PARAM_PREFIX = "__param_";
    private static final String META_PREFIX = "__meta_";

    /**
     * One discovered target's outcome.
     *
     * @param labels the target's labels (with the {@code __} ones that steer the scrape), or
     *               null when relabeling dropped it or it failed
     * @param discovered the labels before relabeling (the API's discoveredLabels), or null when
     *                   the target failed
     * @param error why the target failed, as Prometheus words it, or null
     */
    public record Target(Labels labels, Labels discovered, String error) {
        /** Whether relabeling dropped the target (it is listed as a dropped target). */
        public boolean dropped() {
            return labels == null && error == null;
        }
    }

    private TargetLabels() {
    }

    /** The targets of one group, in order; failures carry Prometheus's message with the position. */
    public static List<Target> fromGroup(TargetGroup group, ScrapeConfig cfg, Relabeler relabel, boolean noDefaultPort) {
        List<Target> out = new ArrayList<>(group.targets().size());
        for (int i = 0; i < group.targets().size(); i++) {
            Labels own = group.targets().get(i);
            Labels.Builder b = own.toBuilder();
            Labels common = group.labels();
            for (int k = 0; k < common.size(); k++) {
                if (!own.has(common.name(k))) {
                    b.set(common.name(k), common.value(k));
                }
            }
            Target t = populate(b.build(), cfg, relabel, noDefaultPort);
            if (t.error() != null) {
                t = new Target(null, null, "instance " + i + " in group " + group.source() + ": " + t.error());
            }
            out.add(t);
        }
        return out;
    }

    /** Prometheus's {@code PopulateLabels} for one target's merged labels. */
    public static Target populate(Labels lset, ScrapeConfig cfg, Relabeler relabel, boolean noDefaultPort) {
        Labels.Builder b = lset.toBuilder();
        setIfAbsent(b, lset, "job", cfg.jobName());
        setIfAbsent(b, lset, INTERVAL, PromDuration.format(cfg.scrapeInterval()));
        setIfAbsent(b, lset, TIMEOUT, PromDuration.format(cfg.scrapeTimeout()));
        setIfAbsent(b, lset, METRICS_PATH, cfg.metricsPath());
        setIfAbsent(b, lset, SCHEME, cfg.scheme());
        for (Map.Entry<String, List<String>> p : cfg.params().entrySet()) {
            if (!p.getValue().isEmpty()) {
                b.set(PARAM_PREFIX + p.getKey(), p.getValue().get(0));
            }
        }
        Labels pre = b.build();
        Labels res = relabel == null ? pre : relabel.process(pre);
        if (res == null) {
            return new Target(null, pre, null);
        }
        String addr = res.get(ADDRESS);
        if (addr.isEmpty()) {
            return new Target(null, null, "no address");
        }
        b = res.toBuilder();
        String scheme = res.get(SCHEME);
        String[] hostPort = splitHostPort(addr);
        boolean addPort = hostPort == null && splitHostPort(addr + ":1234") != null;
        if (!noDefaultPort && addPort) {
            switch (scheme) {
                case "http", "" -> addr = addr + ":80";
                case "https" -> addr = addr + ":443";
                default -> {
                    return new Target(null, null, "invalid scheme: " + GoQuote.quote(cfg.scheme()));
                }
            }
            b.set(ADDRESS, addr);
        }
        if (noDefaultPort && hostPort != null) {
            if ((hostPort[1].equals("80") && scheme.equals("http")) || (hostPort[1].equals("443") && scheme.equals("https"))) {
                b.set(ADDRESS, hostPort[0]);
            }
        }
        if (addr.contains("/")) {
            return new Target(null, null, GoQuote.quote(addr) + " is not a valid hostname");
        }
        String interval = res.get(INTERVAL);
        Duration iv;
        try {
            iv = PromDuration.parse(interval);
        } catch (IllegalArgumentException e) {
            return new Target(null, null, "error parsing scrape interval: " + e.getMessage());
        }
        if (iv.isZero()) {
            return new Target(null, null, "scrape interval cannot be 0");
        }
        String timeout = res.get(TIMEOUT);
        Duration to;
        try {
            to = PromDuration.parse(timeout);
        } catch (IllegalArgumentException e) {
            return new Target(null, null, "error parsing scrape timeout: " + e.getMessage());
        }
        if (to.isZero()) {
            return new Target(null, null, "scrape timeout cannot be 0");
        }
        if (to.compareTo(iv) > 0) {
            return new Target(null, null, "scrape timeout cannot be greater than scrape interval (" + GoQuote.quote(timeout)
                    + " > " + GoQuote.quote(interval) + ")");
        }
        for (int k = 0; k < res.size(); k++) {
            if (res.name(k).startsWith(META_PREFIX)) {
                b.delete(res.name(k));
            }
        }
        if (res.get("instance").isEmpty()) {
            b.set("instance", addr);
        }
        return new Target(b.build(), pre, null);
    }

    /** The labels a target attaches to its samples: those without the {@code __} prefix. */
    public static Labels publicLabels(Labels target) {
        Labels.Builder b = Labels.builder(target.size());
        for (int k = 0; k < target.size(); k++) {
            if (!target.name(k).startsWith("__")) {
                b.add(target.name(k), target.value(k));
            }
        }
        return b.build();
    }

    private static void setIfAbsent(Labels.Builder b, Labels lset, String name, String value) {
        if (lset.get(name).isEmpty()) {
            b.set(name, value);
        }
    }

    /** Go's {@code net.SplitHostPort}: {host, port}, or null where Go reports an error. */
    static String[] splitHostPort(String hp) {
        int i = hp.lastIndexOf(':');
        if (i < 0) {
            return null;
        }
        String host;
        int j = 0;
        int k = 0;
        if (hp.startsWith("[")) {
            int end = hp.indexOf(']');
            if (end < 0 || end + 1 != i) {
                return null;
            }
            host = hp.substring(1, end);
            j = 1;
            k = end + 1;
        } else {
            host = hp.substring(0, i);
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        if (hp.indexOf('[', j) >= 0 || hp.indexOf(']', k) >= 0) {
            return null;
        }
        return new String[] {host, hp.substring(i + 1)};
    }
}
