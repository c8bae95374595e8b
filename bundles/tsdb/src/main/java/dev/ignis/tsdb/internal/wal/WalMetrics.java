package dev.ignis.tsdb.internal.wal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the WAL, exported under Prometheus's names. Thread-safe. */
public final class WalMetrics {
    public final LongAdder pageFlushes = new LongAdder();
    public final LongAdder completedPages = new LongAdder();
    public final LongAdder writesFailed = new LongAdder();
    public final LongAdder corruptions = new LongAdder();
    public final LongAdder fsyncCount = new LongAdder();
    public final LongAdder fsyncNanos = new LongAdder();
    public final AtomicLong segmentCurrent = new AtomicLong();
    public final AtomicLong replayNanos = new AtomicLong();
}
