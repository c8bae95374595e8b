package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.query.ReleasingQuerier;
import dev.ignis.tsdb.internal.util.Dirs;
import dev.ignis.tsdb.internal.wal.Checkpoint;
import dev.ignis.tsdb.internal.wal.Segments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the head as Prometheus's {@code db.compactHead} does: while the head spans more
 * than 1.5 block ranges, [head min time, end of its block range) is written as a level-1
 * block, the block is added to the queried set, then (once queriers opened before are closed)
 * the head drops the older chunks and the WAL is checkpointed and truncated. Runs on its own
 * thread every minute and on request. Thread-safe; one compaction at a time.
 */
public final class HeadCompactor {

    private static final Logger LOG = LoggerFactory.getLogger(HeadCompactor.class);
    /** How long head truncation waits for old queriers before it goes ahead (a leaked querier). */
    static final long MAX_READER_WAIT_NANOS = TimeUnit.MINUTES.toNanos(2);

    private final Tsdb db;
    private final Object running = new Object();
    private final AtomicLong epoch = new AtomicLong();
    private final Set<Reader> queriers = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService exec;
    private volatile boolean stopping;

    final LongAdder compactions = new LongAdder();
    final LongAdder compactionsFailed = new LongAdder();
    final LongAdder compactionsTriggered = new LongAdder();
    final LongAdder headTruncationsFailed = new LongAdder();
    final LongAdder checkpoints = new LongAdder();
    final LongAdder checkpointsFailed = new LongAdder();
    final LongAdder walTruncations = new LongAdder();
    final LongAdder walTruncationsFailed = new LongAdder();
    /** Head truncations' garbage collection ({@code prometheus_tsdb_head_gc_duration_seconds}). */
    final LongAdder headGcCount = new LongAdder();
    final LongAdder headGcNanos = new LongAdder();

    HeadCompactor(Tsdb db) {
        this.db = db;
    }

    void start() {
        ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tsdb-compactor");
            t.setDaemon(true);
            return t;
        });
        exec = e;
        // Prometheus's db.run checks once a minute.
        e.scheduleWithFixedDelay(this::runLogged, 1, 1, TimeUnit.MINUTES);
    }

    /** Asks the compactor thread to check now. */
    public Future<?> trigger() {
        compactionsTriggered.increment();
        return exec.submit(this::runLogged);
    }

    void stop() {
        stopping = true;
        ScheduledExecutorService e = exec;
        if (e != null) {
            e.shutdown();
            try {
                if (!e.awaitTermination(60, TimeUnit.SECONDS)) {
                    e.shutdownNow();
                }
            } catch (InterruptedException ie) {
                e.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One round, as Prometheus's {@code db.run} and {@code db.Compact}: reload the blocks
     * (retention), cut the head while it is compactable, then compact blocks while the planner
     * finds work.
     */
    private void runLogged() {
        try {
            BlockLifecycle blocks = db.blockLifecycle();
            blocks.reload();
            if (compactHead() > 0) {
                blocks.reload();
            }
            blocks.compactBlocks();
        } catch (IOException | RuntimeException e) {
            LOG.atError().setMessage("compaction failed").addKeyValue("err", e.toString()).log();
        }
    }

    /**
     * The lock every change to the set of blocks holds: head cuts, block compaction and
     * reloads, and the admin operations (as Prometheus's compaction mutex).
     */
    public Object lock() {
        return running;
    }

    /** Whether the database is closing (long-running work stops early). */
    boolean stopping() {
        return stopping;
    }

    /** Whether the head spans more than 1.5 block ranges (Prometheus's {@code compactable}). */
    public boolean compactable() {
        Head h = db.head();
        long mint = h.minTime();
        long maxt = h.maxTime();
        return mint != Long.MAX_VALUE && maxt != Long.MIN_VALUE && maxt - mint > h.options().chunkRange() / 2 * 3;
    }

    /**
     * Cuts blocks from the head while it is compactable.
     *
     * @return blocks written
     * @throws IOException if a block cannot be written (the head keeps its data)
     */
    public int compactHead() throws IOException {
        synchronized (running) {
            int written = 0;
            while (!stopping && compactable()) {
                Head h = db.head();
                long range = h.options().chunkRange();
                long mint = h.minTime();
                long maxt = Math.floorDiv(mint, range) * range + range;
                if (cut(mint, maxt)) {
                    written++;
                }
                if (h.minTime() <= mint && h.minTime() != Long.MAX_VALUE) {
                    // Nothing moved (data kept for a pending commit): try again on the next run.
                    break;
                }
            }
            return written;
        }
    }

    private boolean cut(long mint, long maxt) throws IOException {
        Head h = db.head();
        long start = System.nanoTime();
        List<BlockWriter.SeriesData> series = h.blockSeries(mint, maxt);
        BlockMeta meta = null;
        if (!series.isEmpty()) {
            BlockLifecycle lifecycle = db.blockLifecycle();
            lifecycle.populating.set(1);
            try {
                meta = lifecycle.level1Writer().write(db.options().dir(), mint, maxt, series);
                db.addBlock(Block.open(db.options().dir().resolve(meta.ulid())));
            } catch (IOException | RuntimeException e) {
                compactionsFailed.increment();
                throw e;
            } finally {
                lifecycle.populating.set(0);
            }
            compactions.increment();
            lifecycle.observeDuration((System.nanoTime() - start) / 1e9);
            LOG.atInfo().setMessage("write block").addKeyValue("mint", mint).addKeyValue("maxt", maxt)
                    .addKeyValue("ulid", meta.ulid()).addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms")
                    .log();
        }
        long e = epoch.incrementAndGet();
        if (!waitForQueriersBefore(e)) {
            return meta != null;
        }
        long t0 = System.nanoTime();
        try {
            h.truncate(maxt);
        } catch (RuntimeException ex) {
            headTruncationsFailed.increment();
            throw ex;
        }
        long gcNanos = System.nanoTime() - t0;
        headGcNanos.add(gcNanos);
        headGcCount.increment();
        LOG.atInfo().setMessage("Head GC completed").addKeyValue("duration", gcNanos / 1_000_000 + "ms")
                .log();
        truncateWal(maxt);
        return meta != null;
    }

    /**
     * Checkpoints the first two thirds of the closed WAL segments, as Prometheus's
     * {@code truncateWAL} does (the newest third is likely to hold samples still in the head).
     */
    private void truncateWal(long mint) throws IOException {
        Path walDir = db.options().dir().resolve("wal");
        long start = System.nanoTime();
        walTruncations.increment();
        try {
            List<Integer> segs = Segments.list(walDir);
            int current = db.wal().cutSegment();
            if (segs.isEmpty()) {
                return;
            }
            int first = segs.get(0);
            int last = current - 1;
            last = first + (last - first) * 2 / 3;
            if (last <= first) {
                return;
            }
            checkpoints.increment();
            try {
                Checkpoint.create(walDir, last, db.head()::hasSeries, mint, db.options().walCompression(), db.walMetrics());
            } catch (IOException | RuntimeException e) {
                checkpointsFailed.increment();
                throw e;
            }
            db.walMetrics().truncateNanos.add(System.nanoTime() - start);
            db.walMetrics().truncateCount.increment();
        } catch (IOException | RuntimeException e) {
            walTruncationsFailed.increment();
            throw e;
        }
    }

    /** Waits until every querier created before epoch {@code e} is closed; false if stopping. */
    private boolean waitForQueriersBefore(long e) {
        long start = System.nanoTime();
        long nextLog = start + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            boolean pending = false;
            for (Reader q : queriers) {
                if (q.epoch < e) {
                    pending = true;
                    break;
                }
            }
            if (!pending) {
                return true;
            }
            if (stopping) {
                return false;
            }
            long now = System.nanoTime();
            if (now - start > MAX_READER_WAIT_NANOS) {
                LOG.atWarn().setMessage("Truncating the head although old queriers are still open")
                        .addKeyValue("waited", (now - start) / 1_000_000 + "ms").log();
                return true;
            }
            if (now > nextLog) {
                LOG.atInfo().setMessage("Waiting for queriers to close before head truncation").log();
                nextLog = now + TimeUnit.SECONDS.toNanos(10);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** A querier of the database, registered until closed. */
    Querier track(long mint, long maxt) {
        Reader r = new Reader(epoch.get());
        queriers.add(r);
        try {
            return new ReleasingQuerier(db.querierNow(mint, maxt), () -> queriers.remove(r));
        } catch (RuntimeException e) {
            queriers.remove(r);
            throw e;
        }
    }

    /** Open queriers (tests). */
    int openQueriers() {
        return queriers.size();
    }

    /** An open querier, by the epoch it was created in (an identity, not a value: one per querier). */
    private static final class Reader {
        final long epoch;

        Reader(long epoch) {
            this.epoch = epoch;
        }
    }
}
