package dev.ignis.discovery.file.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus's file_sd self-metrics, shared by every file discoverer of the bundle. The scan
 * duration is a summary reported as count and sum only (no quantiles). Thread-safe.
 */
final class FileSdMetrics {
    static final String READ_ERRORS = "prometheus_sd_file_read_errors_total";
    static final String SCAN_DURATION = "prometheus_sd_file_scan_duration_seconds";
    static final String WATCHER_ERRORS = "prometheus_sd_file_watcher_errors_total";
    static final String MTIME = "prometheus_sd_file_mtime_seconds";

    private final LongAdder readErrors = new LongAdder();
    private final LongAdder watcherErrors = new LongAdder();
    private final Set<FileDiscoverer> discoverers = ConcurrentHashMap.newKeySet();
    private long scans;
    private double scanSeconds;

    void readError() {
        readErrors.increment();
    }

    void watcherError() {
        watcherErrors.increment();
    }

    synchronized void scanned(long nanos) {
        scans++;
        scanSeconds += nanos / 1e9;
    }

    void add(FileDiscoverer d) {
        discoverers.add(d);
    }

    void remove(FileDiscoverer d) {
        discoverers.remove(d);
    }

    long readErrors() {
        return readErrors.sum();
    }

    synchronized long scans() {
        return scans;
    }

    /** The modification times of the files that running discoverers last read successfully. */
    Map<String, Double> mtimes() {
        Map<String, Double> out = new TreeMap<>();
        for (FileDiscoverer d : discoverers) {
            out.putAll(d.mtimes());
        }
        return out;
    }

    void collect(MetricWriter w) {
        long count;
        double sum;
        synchronized (this) {
            count = scans;
            sum = scanSeconds;
        }
        w.family(MTIME, MetricType.GAUGE,
                "Timestamp (mtime) of files read by FileSD. Timestamp is set at read time.");
        for (Map.Entry<String, Double> e : mtimes().entrySet()) {
            w.sample(MTIME, Labels.of("filename", e.getKey()), e.getValue());
        }
        w.family(READ_ERRORS, MetricType.COUNTER, "The number of File-SD read errors.");
        w.sample(READ_ERRORS, readErrors.sum());
        w.family(SCAN_DURATION, MetricType.SUMMARY, "The duration of the File-SD scan in seconds.");
        w.sample(SCAN_DURATION + "_sum", sum);
        w.sample(SCAN_DURATION + "_count", count);
        w.family(WATCHER_ERRORS, MetricType.COUNTER, "The number of File-SD errors caused by filesystem watch failures.");
        w.sample(WATCHER_ERRORS, watcherErrors.sum());
    }
}
