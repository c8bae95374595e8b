package dev.ignis.tsdb.internal.headchunks;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completed head chunks on their way to {@code chunks_head/} when
 * {@code --storage.tsdb.head-chunks-write-queue-size} is positive, as Prometheus 2.42's chunk
 * write queue: {@link #add} hands a chunk (whose ref is already decided) to one writer thread
 * through a bounded queue and blocks only while the queue is full; until the chunk is written,
 * {@link #get} answers reads of its ref from memory. The map of pending chunks is replaced by a
 * smaller one once empty, at most every 10 minutes and only after it held 1000 chunks, as
 * Prometheus shrinks its map (Java's hash maps do not shrink either).
 *
 * <p>A chunk that fails to be written stays readable from memory, and so does every later one
 * (the file positions of their refs can no longer be trusted), until {@link #dropBelow} drops
 * them with the file numbers head truncation deletes; the WAL holds their samples for a restart.
 */
final class ChunkWriteQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkWriteQueue.class);
    static final int SHRINK_THRESHOLD = 1000;
    static final long SHRINK_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** A chunk to write at {@code ref}; {@code cutFile} when it starts a new file. */
    record Job(long ref, boolean cutFile, long seriesRef, long mint, long maxt, int encoding, byte[] data) {
    }

    /** Writes one job where its ref says (the mapper). */
    interface Writer {
        void write(Job job) throws IOException;
    }

    private static final Job STOP = new Job(-1, false, 0, 0, 0, 0, null);

    private final ArrayBlockingQueue<Job> jobs;
    private final Writer writer;
    private final Thread thread;
    // Replaced whole when shrunk; changed under mapLock, read without it.
    private volatile ConcurrentHashMap<Long, Job> pending = new ConcurrentHashMap<>();
    private final Object mapLock = new Object();
    private int peak;
    private long lastShrink = System.nanoTime();
    private volatile boolean failed;
    private boolean stopped;

    final LongAdder adds = new LongAdder();
    final LongAdder completes = new LongAdder();
    final LongAdder gets = new LongAdder();
    final LongAdder shrinks = new LongAdder();

    ChunkWriteQueue(int size, Writer writer) {
        if (size <= 0) {
            throw new IllegalArgumentException("queue size must be positive: " + size);
        }
        this.jobs = new ArrayBlockingQueue<>(size);
        this.writer = writer;
        this.thread = new Thread(this::run, "tsdb-chunk-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues a chunk, waiting while the queue is full. Callers add in ref order, one at a time.
     *
     * @throws IOException when the queue was stopped
     */
    void add(Job job) throws IOException {
        synchronized (mapLock) {
            if (stopped) {
                throw new IOException("head chunk write queue stopped");
            }
            pending.put(job.ref(), job);
            peak = Math.max(peak, pending.size());
        }
        try {
            jobs.put(job);
        } catch (InterruptedException e) {
            synchronized (mapLock) {
                pending.remove(job.ref());
            }
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the head chunk write queue", e);
        }
        adds.increment();
    }

    /** The data of the chunk at {@code ref} while it waits (or failed) to be written, else null. */
    byte[] get(long ref) {
        Job j = pending.get(ref);
        if (j == null) {
            return null;
        }
        gets.increment();
        return j.data();
    }

    /** Chunks waiting, the one being written included. */
    int size() {
        return pending.size();
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = jobs.take();
            } catch (InterruptedException e) {
                // Only stop() ends the writer: chunks must not be dropped.
                continue;
            }
            if (job == STOP) {
                return;
            }
            boolean written = false;
            if (!failed) {
                try {
                    writer.write(job);
                    written = true;
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    LOG.atError().setMessage("Writing a head chunk to chunks_head failed; it and later chunks stay in memory")
                            .addKeyValue("ref", Long.toHexString(job.ref())).addKeyValue("err", e.toString()).log();
                }
            }
            synchronized (mapLock) {
                if (written) {
                    pending.remove(job.ref());
                }
                completes.increment();
                shrink();
                mapLock.notifyAll();
            }
        }
    }

    private void shrink() {
        long now = System.nanoTime();
        if (!pending.isEmpty() || peak < SHRINK_THRESHOLD || now - lastShrink < SHRINK_INTERVAL_NANOS) {
            return;
        }
        pending = new ConcurrentHashMap<>(peak / 2);
        peak = 0;
        lastShrink = now;
        shrinks.increment();
    }

    /** Waits until every queued chunk went through the writer. */
    void awaitEmpty() throws InterruptedException {
        synchronized (mapLock) {
            while (!jobs.isEmpty() || pendingWrites() > 0) {
                mapLock.wait(100);
            }
        }
    }

    // Chunks not yet through the writer: a failed chunk stays pending but is done.
    private int pendingWrites() {
        if (!failed) {
            return pending.size();
        }
        return (int) (adds.sum() - completes.sum());
    }

    /** Drops failed chunks of files numbered below {@code fileNo} (their refs are gone from the head). */
    void dropBelow(int fileNo) {
        if (!failed) {
            return;
        }
        synchronized (mapLock) {
            pending.keySet().removeIf(ref -> (int) (ref >>> 32) < fileNo);
        }
    }

    /** Writes what is queued, then stops the writer; later {@link #add}s fail. */
    void stop() throws InterruptedException {
        synchronized (mapLock) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        jobs.put(STOP);
        thread.join();
    }
}
