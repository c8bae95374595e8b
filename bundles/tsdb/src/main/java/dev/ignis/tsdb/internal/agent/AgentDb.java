package dev.ignis.tsdb.internal.agent;

import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.DirLock;
import dev.ignis.tsdb.internal.wal.Checkpoint;
import dev.ignis.tsdb.internal.wal.CorruptionException;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's WAL-only storage (Prometheus 2.42 {@code tsdb/agent}): series refs and the
 * newest timestamp per series in memory, every committed batch logged to {@code <dir>/wal}
 * as series and samples records, nothing queryable. Opening replays the WAL (repairing a torn
 * tail) so refs stay stable across restarts. Every truncation period the WAL is truncated:
 * series without a sample since the cut-off are dropped, a new segment is started, the older
 * two thirds of the segments are folded into a checkpoint that keeps the live series and the
 * samples after the cut-off, and the folded segments and older checkpoints are deleted.
 *
 * <p>The cut-off ({@link #truncationCutoff()}) is the lowest timestamp remote write has sent
 * minus the minimum WAL time, raised to now minus the maximum WAL time. Without remote write
 * the lowest sent timestamp is {@code Long.MAX_VALUE}, as Prometheus reports with no queues, so
 * a truncation drops every series (their refs are recreated on their next sample).
 *
 * <p>Owns the WAL writer, the lock file and the truncation thread; {@link #close()} releases
 * them. Thread-safe.
 */
public final class AgentDb implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentDb.class);

    final AgentOptions opts;
    final AgentMetrics metrics;
    final AgentSeriesMap series = new AgentSeriesMap();
    final AtomicLong nextRef = new AtomicLong();
    private final LongSupplier clock;
    private final ConcurrentLinkedQueue<AgentBatch> pool = new ConcurrentLinkedQueue<>();
    private final Object truncateLock = new Object();
    // Collected series whose records must stay in checkpoints until the segment given has gone.
    private final Map<Long, Integer> deleted = new HashMap<>();
    private final ScheduledExecutorService truncator;
    private volatile LongSupplier lowestSentTimestamp = () -> Long.MAX_VALUE;
    private volatile WalWriter wal;
    private DirLock lock;
    private boolean closed;

    private AgentDb(AgentOptions opts, LongSupplier clock, AgentMetrics metrics) {
        this.opts = opts;
        this.clock = clock;
        this.metrics = metrics;
        this.truncator = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ignis-agent-wal-truncate");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens the agent storage with the system clock and starts periodic truncation. */
    public static AgentDb open(AgentOptions opts) throws IOException {
        return open(opts, System::currentTimeMillis, true);
    }

    /**
     * Opens the agent storage.
     *
     * @param clock        milliseconds since the epoch, for the maximum WAL time
     * @param periodic     whether to truncate every {@link AgentOptions#truncateFrequency()}
     */
    public static AgentDb open(AgentOptions opts, LongSupplier clock, boolean periodic) throws IOException {
        long start = System.nanoTime();
        AgentDb db = new AgentDb(opts, clock, new AgentMetrics());
        try {
            Files.createDirectories(opts.dir());
            if (opts.useLockfile()) {
                db.lock = DirLock.acquire(opts.dir());
                db.metrics.cleanStart.set(db.lock.cleanStart());
            }
            Path walDir = opts.walDir();
            Files.createDirectories(walDir);
            AgentReplay.Result r = new AgentReplay(db.series, db.metrics).replay(walDir);
            db.nextRef.set(r.maxRef());
            db.wal = new WalWriter(walDir, opts.walSegmentSize(), opts.walCompression(), false, db.metrics.wal);
            LOG.atInfo().setMessage("Agent WAL storage started").addKeyValue("dir", opts.dir())
                    .addKeyValue("series", r.series()).addKeyValue("segment", db.wal.segmentIndex())
                    .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms").log();
        } catch (IOException | RuntimeException e) {
            try {
                db.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (periodic) {
            long ms = opts.truncateFrequency().toMillis();
            db.truncator.scheduleWithFixedDelay(db::periodicTruncate, ms, ms, TimeUnit.MILLISECONDS);
        }
        return db;
    }

    /** A new appender for one batch. */
    public Appender appender() {
        AgentBatch b = pool.poll();
        return new AgentAppender(this, b != null ? b : new AgentBatch());
    }

    void release(AgentBatch b) {
        b.clear();
        pool.offer(b);
    }

    /** Logs the records of one commit. */
    void log(byte[][] records, int[] lengths, int count) throws IOException {
        wal.log(records, lengths, count); // throws once closed
    }

    /**
     * Sets where the truncation cut-off comes from: the lowest timestamp sent by every remote
     * write queue ({@code Long.MAX_VALUE} when there is none).
     */
    public void setLowestSentTimestamp(LongSupplier s) {
        lowestSentTimestamp = s;
    }

    /** The WAL directory ({@code <dir>/wal}), for readers such as remote write. */
    public Path walDir() {
        return opts.walDir();
    }

    /** Index of the segment being written. */
    public int currentSegment() {
        return wal.segmentIndex();
    }

    /** Number of series tracked. */
    public int numSeries() {
        return series.size();
    }

    /**
     * The timestamp before which series are dropped at a truncation now: lowest sent minus the
     * minimum WAL time (at least 0), raised to now minus the maximum WAL time.
     */
    long truncationCutoff() {
        long ts = lowestSentTimestamp.getAsLong() - opts.minWalTimeMs();
        if (ts < 0) {
            ts = 0;
        }
        long maxTs = clock.getAsLong() - opts.maxWalTimeMs();
        return Math.max(ts, maxTs);
    }

    private void periodicTruncate() {
        try {
            long ts = truncationCutoff();
            LOG.atDebug().setMessage("Truncating the WAL").addKeyValue("ts", ts).log();
            truncate(ts);
        } catch (IOException | RuntimeException e) {
            LOG.atWarn().setMessage("Failed to truncate WAL").addKeyValue("err", e.toString()).log();
        }
    }

    /**
     * Truncates the WAL at {@code mint}: drops series with no sample at or after it, starts a
     * new segment and, when there are enough older segments, checkpoints and deletes them.
     */
    public void truncate(long mint) throws IOException {
        synchronized (truncateLock) {
            long start = System.nanoTime();
            Path walDir = opts.walDir();
            gc(mint);
            List<Integer> segs = Segments.list(walDir);
            int first = segs.isEmpty() ? -1 : segs.get(0);
            int last = segs.isEmpty() ? -1 : segs.get(segs.size() - 1);
            nextSegment();
            last--; // the newest segment is never checkpointed
            if (last < 0) {
                return;
            }
            // The older two thirds of the segments should hold mostly obsolete samples.
            last = first + (last - first) * 2 / 3;
            if (last <= first) {
                return;
            }
            int firstSeg = first;
            metrics.checkpointCreations.increment();
            metrics.walTruncations.increment();
            Checkpoint.Stats cp;
            try {
                // Also deletes the folded segments and older checkpoints.
                cp = Checkpoint.create(walDir, last, ref -> {
                    if (series.get(ref) != null) {
                        return true;
                    }
                    Integer seg = deleted.get(ref);
                    return seg != null && seg >= firstSeg;
                }, mint, opts.walCompression());
            } catch (IOException | RuntimeException e) {
                metrics.checkpointCreationsFailed.increment();
                metrics.walTruncationsFailed.increment();
                if (e instanceof CorruptionException) {
                    metrics.corruptions.increment();
                }
                throw new IOException("create checkpoint: " + e.getMessage(), e);
            }
            deleted.values().removeIf(seg -> seg < firstSeg);
            metrics.checkpointDeletions.increment();
            metrics.deletedSeries.set(deleted.size());
            long nanos = System.nanoTime() - start;
            metrics.truncateNanos.add(nanos);
            metrics.truncateCount.increment();
            LOG.atInfo().setMessage("WAL checkpoint complete").addKeyValue("first", first).addKeyValue("last", last)
                    .addKeyValue("series_kept", cp.seriesKept()).addKeyValue("samples_kept", cp.samplesKept())
                    .addKeyValue("duration", nanos / 1_000_000 + "ms").log();
        }
    }

    private void gc(long mint) throws IOException {
        long start = System.nanoTime();
        List<AgentSeries> removed = series.gc(mint);
        metrics.activeSeries.addAndGet(-removed.size());
        List<Integer> segs = Segments.list(opts.walDir());
        int last = segs.isEmpty() ? -1 : segs.get(segs.size() - 1);
        // Series records of collected series stay until the segments that may hold their
        // samples are gone, so the WAL never has samples without their series.
        for (AgentSeries s : removed) {
            deleted.put(s.ref, last);
        }
        metrics.deletedSeries.set(deleted.size());
        LOG.atInfo().setMessage("Series GC completed").addKeyValue("removed", removed.size())
                .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms").log();
    }

    /** Closes the current segment and starts the next one. */
    void nextSegment() throws IOException {
        wal.cutSegment();
    }

    @Override
    public void close() throws IOException {
        // A truncation in progress finishes (as Prometheus waits for its run loop); later ones are cancelled.
        truncator.shutdown();
        try {
            if (!truncator.awaitTermination(60, TimeUnit.SECONDS)) {
                truncator.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (truncateLock) {
            if (closed) {
                return;
            }
            closed = true;
            IOException failure = null;
            try {
                if (wal != null) {
                    wal.close();
                }
            } catch (IOException e) {
                failure = e;
            }
            try {
                if (lock != null) {
                    lock.close();
                }
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        LOG.atInfo().setMessage("Agent WAL storage closed").addKeyValue("dir", opts.dir()).log();
    }
}
