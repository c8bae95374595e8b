package dev.ignis.tsdb.internal.wal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the WAL, exported under Prometheus's names. Thread-safe. */
public final class WalMetrics {
    /** Prometheus's objectives for the fsync summary. */
    static final double[] FSYNC_QUANTILES = {0.5, 0.9, 0.99};
    /** Prometheus's summaries forget observations after 10 minutes. */
    static final long FSYNC_MAX_AGE_NANOS = TimeUnit.MINUTES.toNanos(10);
    // fsyncs come per segment cut and on close (per commit only with syncOnCommit): a small
    // ring of the latest ones holds all of a 10-minute window in practice.
    private static final int FSYNC_RING = 512;

    public final LongAdder pageFlushes = new LongAdder();
    public final LongAdder completedPages = new LongAdder();
    public final LongAdder writesFailed = new LongAdder();
    public final LongAdder corruptions = new LongAdder();
    public final LongAdder fsyncCount = new LongAdder();
    public final LongAdder fsyncNanos = new LongAdder();
    public final AtomicLong segmentCurrent = new AtomicLong();
    public final AtomicLong replayNanos = new AtomicLong();
    /** Old checkpoints deleted after a new one ({@code prometheus_tsdb_checkpoint_deletions_total}). */
    public final LongAdder checkpointDeletions = new LongAdder();
    public final LongAdder checkpointDeletionsFailed = new LongAdder();
    /** WAL truncations that wrote a checkpoint, and their time ({@code prometheus_tsdb_wal_truncate_duration_seconds}). */
    public final LongAdder truncateCount = new LongAdder();
    public final LongAdder truncateNanos = new LongAdder();

    private final long[] fsyncAt = new long[FSYNC_RING];
    private final long[] fsyncTook = new long[FSYNC_RING];
    private int fsyncNext;
    private int fsyncFilled;

    /** Records one fsync of {@code nanos}, finished at {@code now} ({@link System#nanoTime()}). */
    public void observeFsync(long nanos, long now) {
        fsyncNanos.add(nanos);
        fsyncCount.increment();
        synchronized (fsyncAt) {
            fsyncAt[fsyncNext] = now;
            fsyncTook[fsyncNext] = nanos;
            fsyncNext = (fsyncNext + 1) % FSYNC_RING;
            fsyncFilled = Math.min(FSYNC_RING, fsyncFilled + 1);
        }
    }

    /**
     * Writes {@code prometheus_tsdb_wal_fsync_duration_seconds} as 2.42's summary: quantiles
     * 0.5, 0.9, 0.99 of the fsyncs of the last 10 minutes (NaN when none), sum and count of all.
     */
    public void writeFsyncSummary(MetricWriter w, long now) {
        String name = "prometheus_tsdb_wal_fsync_duration_seconds";
        long[] recent;
        synchronized (fsyncAt) {
            recent = new long[fsyncFilled];
            int n = 0;
            for (int i = 0; i < fsyncFilled; i++) {
                if (now - fsyncAt[i] <= FSYNC_MAX_AGE_NANOS) {
                    recent[n++] = fsyncTook[i];
                }
            }
            recent = Arrays.copyOf(recent, n);
        }
        Arrays.sort(recent);
        w.family(name, MetricType.SUMMARY, "Duration of write log fsync.");
        for (double q : FSYNC_QUANTILES) {
            // Nearest rank; Prometheus's estimate is within 1% of rank of it.
            double v = recent.length == 0 ? Double.NaN
                    : recent[(int) Math.min(recent.length - 1, Math.ceil(q * recent.length) - 1)] / 1e9;
            w.sample(name, Labels.of("quantile", Double.toString(q)), v);
        }
        w.sample(name + "_sum", fsyncNanos.sum() / 1e9);
        w.sample(name + "_count", fsyncCount.sum());
    }
}
