package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.tsdb.internal.DirLock;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the agent storage, written under the names, types and help texts that
 * Prometheus 2.42 in agent mode exports (checked against its {@code /metrics}). Thread-safe.
 */
final class AgentMetrics {

    private static final Labels FLOAT = Labels.of("type", "float");

    final AtomicLong activeSeries = new AtomicLong();
    final AtomicLong deletedSeries = new AtomicLong();
    final LongAdder samplesAppended = new LongAdder();
    final LongAdder outOfOrderSamples = new LongAdder();
    final LongAdder exemplarsAppended = new LongAdder();
    final LongAdder truncateCount = new LongAdder();
    final LongAdder truncateNanos = new LongAdder();
    final LongAdder corruptions = new LongAdder();
    final AtomicLong replayNanos = new AtomicLong();
    final LongAdder checkpointCreations = new LongAdder();
    final LongAdder checkpointCreationsFailed = new LongAdder();
    final LongAdder checkpointDeletions = new LongAdder();
    final LongAdder checkpointDeletionsFailed = new LongAdder();
    final LongAdder walTruncations = new LongAdder();
    final LongAdder walTruncationsFailed = new LongAdder();
    /** -1: lock file disabled, 0: a stale lock file was replaced, 1: clean. */
    final AtomicLong cleanStart = new AtomicLong(DirLock.DISABLED);
    final WalMetrics wal = new WalMetrics();

    void collect(MetricWriter w) {
        gauge(w, "prometheus_agent_active_series", "Number of active series being tracked by the WAL storage",
                activeSeries.get());
        counter(w, "prometheus_agent_checkpoint_creations_failed_total", "Total number of checkpoint creations that failed.",
                checkpointCreationsFailed.sum());
        counter(w, "prometheus_agent_checkpoint_creations_total", "Total number of checkpoint creations attempted.",
                checkpointCreations.sum());
        counter(w, "prometheus_agent_checkpoint_deletions_failed_total", "Total number of checkpoint deletions that failed.",
                checkpointDeletionsFailed.sum());
        counter(w, "prometheus_agent_checkpoint_deletions_total", "Total number of checkpoint deletions attempted.",
                checkpointDeletions.sum());
        gauge(w, "prometheus_agent_clean_start", DirLock.CLEAN_START_HELP, cleanStart.get());
        counter(w, "prometheus_agent_corruptions_total", "Total number of WAL corruptions.", corruptions.sum());
        gauge(w, "prometheus_agent_data_replay_duration_seconds", "Time taken to replay the data on disk.",
                replayNanos.get() / 1e9);
        gauge(w, "prometheus_agent_deleted_series", "Number of series pending deletion from the WAL", deletedSeries.get());
        counter(w, "prometheus_agent_exemplars_appended_total", "Total number of exemplars appended to the storage",
                exemplarsAppended.sum());
        counter(w, "prometheus_agent_out_of_order_samples_total",
                "Total number of out of order samples ingestion failed attempts.", outOfOrderSamples.sum());
        String appended = "prometheus_agent_samples_appended_total";
        w.family(appended, MetricType.COUNTER, "Total number of samples appended to the storage");
        w.sample(appended, FLOAT, samplesAppended.sum());
        summary(w, "prometheus_agent_truncate_duration_seconds", "Duration of WAL truncation.", truncateNanos.sum(),
                truncateCount.sum());

        counter(w, "prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.", wal.completedPages.sum());
        wal.writeFsyncSummary(w, System.nanoTime());
        counter(w, "prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.", wal.pageFlushes.sum());
        gauge(w, "prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.",
                wal.segmentCurrent.get());
        counter(w, "prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.",
                walTruncationsFailed.sum());
        counter(w, "prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.",
                walTruncations.sum());
        counter(w, "prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.",
                wal.writesFailed.sum());
    }

    private static void gauge(MetricWriter w, String name, String help, double v) {
        w.family(name, MetricType.GAUGE, help);
        w.sample(name, v);
    }

    private static void counter(MetricWriter w, String name, String help, double v) {
        w.family(name, MetricType.COUNTER, help);
        w.sample(name, v);
    }

    private static void summary(MetricWriter w, String name, String help, long nanos, long count) {
        w.family(name, MetricType.SUMMARY, help);
        w.sample(name + "_sum", nanos / 1e9);
        w.sample(name + "_count", count);
    }
}
