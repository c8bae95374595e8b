package dev.ignis.tsdb.internal.head;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters and gauges of the head, exported under Prometheus's names. Thread-safe. */
public final class HeadMetrics {
    public final AtomicLong series = new AtomicLong();
    public final LongAdder seriesCreated = new LongAdder();
    public final LongAdder seriesNotFound = new LongAdder();
    public final AtomicLong chunks = new AtomicLong();
    public final LongAdder chunksCreated = new LongAdder();
    public final LongAdder seriesRemoved = new LongAdder();
    public final LongAdder chunksRemoved = new LongAdder();
    public final LongAdder truncations = new LongAdder();
    public final LongAdder samplesAppended = new LongAdder();
    public final LongAdder outOfOrderSamples = new LongAdder();
    public final LongAdder outOfBoundSamples = new LongAdder();
    public final AtomicLong activeAppenders = new AtomicLong();
}
