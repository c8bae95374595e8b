package dev.ignis.scrape.internal.loop;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scrape manager's own metrics under Prometheus 2.42's names and help texts. Counters are
 * {@link LongAdder}s bumped once per scrape or sync, never per sample.
 *
 * <p>{@code prometheus_target_interval_length_seconds} is a summary per interval whose
 * quantiles are computed over the last {@value #WINDOW} observations (Prometheus uses a
 * 10-minute decaying window); sum and count cover all observations.
 */
final class ScrapeMetrics {
    private static final int WINDOW = 1024;
    private static final double[] QUANTILES = {0.01, 0.05, 0.5, 0.9, 0.99};

    final LongAdder poolsTotal = new LongAdder();
    final LongAdder poolsFailed = new LongAdder();
    final LongAdder reloads = new LongAdder();
    final LongAdder reloadsFailed = new LongAdder();
    final LongAdder exceededTargetLimit = new LongAdder();
    final LongAdder exceededSampleLimit = new LongAdder();
    final LongAdder exceededBodySize = new LongAdder();
    final LongAdder outOfOrder = new LongAdder();
    final LongAdder exemplarOutOfOrder = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder outOfBounds = new LongAdder();
    private final Map<String, LongAdder> syncs = new ConcurrentHashMap<>();
    private final Map<String, Window> intervals = new ConcurrentHashMap<>();

    /** Observations of one interval: a ring of the latest ones plus sum and count. */
    private static final class Window {
        final double[] ring = new double[WINDOW];
        long count;
        double sum;

        synchronized void add(double v) {
            ring[(int) (count % WINDOW)] = v;
            count++;
            sum += v;
        }

        synchronized double[] sorted() {
            double[] copy = Arrays.copyOf(ring, (int) Math.min(count, WINDOW));
            Arrays.sort(copy);
            return copy;
        }
    }

    void observeInterval(String interval, double seconds) {
        intervals.computeIfAbsent(interval, k -> new Window()).add(seconds);
    }

    void sync(String job) {
        syncs.computeIfAbsent(job, k -> new LongAdder()).increment();
    }

    /** Writes the manager's families; {@code targets} maps each job to its active target count. */
    void collect(MetricWriter w, Map<String, Integer> targets) {
        Map<String, Window> iv = new TreeMap<>(intervals);
        w.family("prometheus_target_interval_length_seconds", MetricType.SUMMARY, "Actual intervals between scrapes.");
        for (Map.Entry<String, Window> e : iv.entrySet()) {
            double[] s = e.getValue().sorted();
            for (double q : QUANTILES) {
                double v = s.length == 0 ? Double.NaN : s[(int) Math.min(s.length - 1, Math.floor(q * s.length))];
                w.sample("prometheus_target_interval_length_seconds",
                        Labels.of("interval", e.getKey(), "quantile", Double.toString(q)), v);
            }
            synchronized (e.getValue()) {
                w.sample("prometheus_target_interval_length_seconds_sum", Labels.of("interval", e.getKey()), e.getValue().sum);
                w.sample("prometheus_target_interval_length_seconds_count", Labels.of("interval", e.getKey()),
                        e.getValue().count);
            }
        }
        counter(w, "prometheus_target_scrape_pools_total", "Total number of scrape pool creation attempts.", poolsTotal);
        counter(w, "prometheus_target_scrape_pools_failed_total", "Total number of scrape pool creations that failed.",
                poolsFailed);
        counter(w, "prometheus_target_scrape_pool_reloads_total", "Total number of scrape pool reloads.", reloads);
        counter(w, "prometheus_target_scrape_pool_reloads_failed_total", "Total number of failed scrape pool reloads.",
                reloadsFailed);
        counter(w, "prometheus_target_scrape_pool_exceeded_target_limit_total",
                "Total number of times scrape pools hit the target limit, during sync or config reload.",
                exceededTargetLimit);
        counter(w, "prometheus_target_scrapes_exceeded_sample_limit_total",
                "Total number of scrapes that hit the sample limit and were rejected.", exceededSampleLimit);
        counter(w, "prometheus_target_scrapes_exceeded_body_size_limit_total",
                "Total number of scrapes that hit the body size limit", exceededBodySize);
        counter(w, "prometheus_target_scrapes_exemplar_out_of_order_total",
                "Total number of exemplar rejected due to not being out of the expected order.", exemplarOutOfOrder);
        counter(w, "prometheus_target_scrapes_sample_duplicate_timestamp_total",
                "Total number of samples rejected due to duplicate timestamps but different values.", duplicates);
        counter(w, "prometheus_target_scrapes_sample_out_of_bounds_total",
                "Total number of samples rejected due to timestamp falling outside of the time bounds.", outOfBounds);
        counter(w, "prometheus_target_scrapes_sample_out_of_order_total",
                "Total number of samples rejected due to not being out of the expected order.", outOfOrder);
        w.family("prometheus_target_scrape_pool_sync_total", MetricType.COUNTER,
                "Total number of syncs that were executed on a scrape pool.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(syncs).entrySet()) {
            w.sample("prometheus_target_scrape_pool_sync_total", Labels.of("scrape_job", e.getKey()), e.getValue().sum());
        }
        w.family("prometheus_target_scrape_pool_targets", MetricType.GAUGE, "Current number of targets in this scrape pool.");
        for (Map.Entry<String, Integer> e : new TreeMap<>(targets).entrySet()) {
            w.sample("prometheus_target_scrape_pool_targets", Labels.of("scrape_job", e.getKey()), e.getValue());
        }
    }

    private static void counter(MetricWriter w, String name, String help, LongAdder a) {
        w.family(name, MetricType.COUNTER, help);
        w.sample(name, a.sum());
    }
}
