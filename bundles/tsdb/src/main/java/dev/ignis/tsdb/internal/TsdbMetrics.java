package dev.ignis.tsdb.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadMetrics;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import java.util.List;

/** Writes the TSDB's self-metrics under Prometheus 2.42's names and help texts. */
final class TsdbMetrics {

    private static final Labels FLOAT = Labels.of("type", "float");
    private static final Labels HISTOGRAM = Labels.of("type", "histogram");

    private TsdbMetrics() {
    }

    static void collect(Tsdb db, MetricWriter w) {
        Head head = db.head();
        HeadMetrics m = head.metrics();
        db.admin().collect(w);
        gauge(w, "prometheus_tsdb_head_series", "Total number of series in the head block.", m.series.get());
        counter(w, "prometheus_tsdb_head_series_created_total", "Total number of series created in the head",
                m.seriesCreated.sum());
        counter(w, "prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head",
                m.seriesRemoved.sum());
        counter(w, "prometheus_tsdb_head_series_not_found_total", "Total number of requests for series that were not found.",
                m.seriesNotFound.sum());
        gauge(w, "prometheus_tsdb_head_chunks", "Total number of chunks in the head block.", m.chunks.get());
        counter(w, "prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head",
                m.chunksCreated.sum());
        counter(w, "prometheus_tsdb_head_chunks_removed_total", "Total number of chunks removed in the head",
                m.chunksRemoved.sum());
        gauge(w, "prometheus_tsdb_isolation_high_watermark", "The highest TSDB append ID that has been given out.",
                head.isolationHighWatermark());
        gauge(w, "prometheus_tsdb_isolation_low_watermark", "The lowest TSDB append ID that is still referenced.",
                head.isolationLowWatermark());
        counter(w, "prometheus_tsdb_mmap_chunk_corruptions_total", "Total number of memory-mapped chunk corruptions.",
                head.chunkMapper() == null ? 0 : head.chunkMapper().corruptions());
        if (head.chunkMapper() != null) {
            head.chunkMapper().collectQueueMetrics(w);
        }
        gauge(w, "prometheus_tsdb_head_active_appenders", "Number of currently active appender transactions",
                m.activeAppenders.get());

        String appended = "prometheus_tsdb_head_samples_appended_total";
        w.family(appended, MetricType.COUNTER, "Total number of appended samples.");
        w.sample(appended, FLOAT, m.samplesAppended.sum());
        w.sample(appended, HISTOGRAM, 0);
        String ooo = "prometheus_tsdb_out_of_order_samples_total";
        w.family(ooo, MetricType.COUNTER,
                "Total number of out of order samples ingestion failed attempts due to out of order being disabled.");
        w.sample(ooo, FLOAT, m.outOfOrderSamples.sum());
        w.sample(ooo, HISTOGRAM, 0);
        String oob = "prometheus_tsdb_out_of_bound_samples_total";
        w.family(oob, MetricType.COUNTER,
                "Total number of out of bound samples ingestion failed attempts with out of order support disabled.");
        w.sample(oob, FLOAT, m.outOfBoundSamples.sum());
        String tooOld = "prometheus_tsdb_too_old_samples_total";
        w.family(tooOld, MetricType.COUNTER, "Total number of out of order samples ingestion failed attempts with out of"
                + " support enabled, but sample outside of time window.");
        w.sample(tooOld, FLOAT, 0);

        long minT = head.minTime();
        long maxT = head.maxTime();
        // Prometheus reports the empty head's bounds as MaxInt64 / MinInt64.
        gauge(w, "prometheus_tsdb_head_min_time",
                "Minimum time bound of the head block. The unit is decided by the library consumer.", minT);
        gauge(w, "prometheus_tsdb_head_max_time",
                "Maximum timestamp of the head block. The unit is decided by the library consumer.", maxT);
        gauge(w, "prometheus_tsdb_head_min_time_seconds", "Minimum time bound of the head block.", minT / 1000.0);
        gauge(w, "prometheus_tsdb_head_max_time_seconds", "Maximum timestamp of the head block.", maxT / 1000.0);

        gauge(w, "prometheus_tsdb_clean_start", DirLock.CLEAN_START_HELP, db.cleanStart());
        gauge(w, "prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", db.blocks().size());
        HeadCompactor c = db.compactor();
        counter(w, "prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.",
                c.compactions.sum());
        counter(w, "prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.",
                c.compactionsFailed.sum());
        counter(w, "prometheus_tsdb_compactions_triggered_total", "Total number of triggered compactions for the partition.",
                c.compactionsTriggered.sum());
        counter(w, "prometheus_tsdb_head_truncations_total", "Total number of head truncations attempted.",
                m.truncations.sum() + c.headTruncationsFailed.sum());
        counter(w, "prometheus_tsdb_head_truncations_failed_total", "Total number of head truncations that failed.",
                c.headTruncationsFailed.sum());
        counter(w, "prometheus_tsdb_checkpoint_creations_total", "Total number of checkpoint creations attempted.",
                c.checkpoints.sum());
        counter(w, "prometheus_tsdb_checkpoint_creations_failed_total", "Total number of checkpoint creations that failed.",
                c.checkpointsFailed.sum());

        blockMetrics(db, w);

        WalMetrics wm = db.walMetrics();
        counter(w, "prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.", wm.pageFlushes.sum());
        counter(w, "prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.", wm.completedPages.sum());
        counter(w, "prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.",
                wm.writesFailed.sum());
        counter(w, "prometheus_tsdb_wal_corruptions_total", "Total number of WAL corruptions.", wm.corruptions.sum());
        counter(w, "prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.",
                c.walTruncations.sum());
        counter(w, "prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.",
                c.walTruncationsFailed.sum());
        gauge(w, "prometheus_tsdb_wal_segment_current",
                "Write log segment index that TSDB is currently writing to.", wm.segmentCurrent.get());
        wm.writeFsyncSummary(w, System.nanoTime());
        summary(w, "prometheus_tsdb_wal_truncate_duration_seconds", "Duration of WAL truncation.", wm.truncateNanos.sum(),
                wm.truncateCount.sum());
        counter(w, "prometheus_tsdb_checkpoint_deletions_total", "Total number of checkpoint deletions attempted.",
                wm.checkpointDeletions.sum());
        counter(w, "prometheus_tsdb_checkpoint_deletions_failed_total", "Total number of checkpoint deletions that failed.",
                wm.checkpointDeletionsFailed.sum());
        gauge(w, "prometheus_tsdb_data_replay_duration_seconds", "Time taken to replay the data on disk.",
                wm.replayNanos.get() / 1e9);
        summary(w, "prometheus_tsdb_head_gc_duration_seconds", "Runtime of garbage collection in the head block.",
                c.headGcNanos.sum(), c.headGcCount.sum());
        // Out-of-order ingestion is not implemented: its family reads as a 2.42 without
        // out_of_order_time_window shows it.
        counter(w, "prometheus_tsdb_head_out_of_order_samples_appended_total", "Total number of appended out of order samples.",
                0);
        counter(w, "prometheus_tsdb_snapshot_replay_error_total", "Total number snapshot replays that failed.",
                db.snapshotReplayErrors());
        exemplarMetrics(w, db.head().exemplars());
    }

    /**
     * The exemplar storage's families; without the feature, the values of 2.42's storage with
     * max_exemplars 0.
     */
    private static void exemplarMetrics(MetricWriter w, CircularExemplarStorage ex) {
        counter(w, "prometheus_tsdb_exemplar_exemplars_appended_total", "Total number of appended exemplars.",
                ex == null ? 0 : ex.appendedTotal());
        gauge(w, "prometheus_tsdb_exemplar_exemplars_in_storage", "Number of exemplars currently in circular storage.",
                ex == null ? 0 : ex.inStorage());
        gauge(w, "prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds",
                "The timestamp of the oldest exemplar stored in circular storage. Useful to check for what timerange"
                + " the current exemplar buffer limit allows. This usually means the last timestampfor all exemplars for"
                + " a typical setup. This is not true though if one of the series timestamp is in future compared to"
                + " rest series.", ex == null ? 0 : ex.lastTimestampSeconds());
        gauge(w, "prometheus_tsdb_exemplar_max_exemplars",
                "Total number of exemplars the exemplar storage can store, resizeable.", ex == null ? 0 : ex.capacity());
        counter(w, "prometheus_tsdb_exemplar_out_of_order_exemplars_total",
                "Total number of out of order exemplar ingestion failed attempts.", ex == null ? 0 : ex.outOfOrderTotal());
        gauge(w, "prometheus_tsdb_exemplar_series_with_exemplars_in_storage",
                "Number of series with exemplars currently in circular storage.", ex == null ? 0 : ex.seriesInStorage());
    }

    /** Reloads, retention, block compaction and the blocks on disk (Prometheus's db.go and compact.go metrics). */
    private static void blockMetrics(Tsdb db, MetricWriter w) {
        BlockLifecycle b = db.blockLifecycle();
        counter(w, "prometheus_tsdb_reloads_total", "Number of times the database reloaded block data from disk.",
                b.reloads.sum());
        counter(w, "prometheus_tsdb_reloads_failures_total",
                "Number of times the database failed to reloadBlocks block data from disk.", b.reloadsFailed.sum());
        counter(w, "prometheus_tsdb_compactions_skipped_total",
                "Total number of skipped compactions due to disabled auto compaction.", 0);
        counter(w, "prometheus_tsdb_vertical_compactions_total", "Total number of compactions done on overlapping blocks.",
                b.verticalCompactions.sum());
        gauge(w, "prometheus_tsdb_compaction_populating_block",
                "Set to 1 when a block is currently being written to the disk.", b.populating.get());
        b.duration.write(w);
        b.chunkRange.write(w);
        b.chunkSamples.write(w);
        b.chunkSize.write(w);
        counter(w, "prometheus_tsdb_time_retentions_total",
                "The number of times that blocks were deleted because the maximum time limit was exceeded.",
                b.timeRetentions.sum());
        counter(w, "prometheus_tsdb_size_retentions_total",
                "The number of times that blocks were deleted because the maximum number of bytes was exceeded.",
                b.sizeRetentions.sum());
        gauge(w, "prometheus_tsdb_retention_limit_bytes",
                "Max number of bytes to be retained in the tsdb blocks, configured 0 means disabled",
                db.options().maxBytes());
        gauge(w, "prometheus_tsdb_storage_blocks_bytes",
                "The number of bytes that are currently used for local storage by all blocks.", b.blocksBytes.get());
        List<Block> blocks = db.blocks();
        long symbols = 0;
        for (Block blk : blocks) {
            symbols += blk.index().symbolTableBytes();
        }
        gauge(w, "prometheus_tsdb_symbol_table_size_bytes", "Size of symbol table in memory for loaded blocks", symbols);
        // As Prometheus: the oldest block's start, else the head's minimum time.
        long lowest = blocks.isEmpty() ? db.head().minTime() : blocks.get(0).meta().minTime();
        gauge(w, "prometheus_tsdb_lowest_timestamp",
                "Lowest timestamp value stored in the database. The unit is decided by the library consumer.", lowest);
        // Whole seconds: Prometheus divides the int64 milliseconds.
        gauge(w, "prometheus_tsdb_lowest_timestamp_seconds", "Lowest timestamp value stored in the database.",
                lowest / 1000);
    }

    static void gauge(MetricWriter w, String name, String help, double v) {
        w.family(name, MetricType.GAUGE, help);
        w.sample(name, v);
    }

    /** A summary without quantiles, as Prometheus's summaries without objectives. */
    static void summary(MetricWriter w, String name, String help, long nanos, long count) {
        w.family(name, MetricType.SUMMARY, help);
        w.sample(name + "_sum", nanos / 1e9);
        w.sample(name + "_count", count);
    }

    static void counter(MetricWriter w, String name, String help, double v) {
        w.family(name, MetricType.COUNTER, help);
        w.sample(name, v);
    }
}
