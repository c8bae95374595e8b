package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.wal.WalCommitLog;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReplay;
import dev.ignis.tsdb.internal.wal.WalWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open data directory: the directory lock, the head and its WAL. Opening replays the WAL
 * into the head before anything can append. Owns every file handle it opens and closes them in
 * {@link #close()}. Thread-safe.
 */
public final class Tsdb implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);

    private final TsdbOptions opts;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Head head;
    private final WalMetrics walMetrics;
    private final WalWriter wal;

    private Tsdb(TsdbOptions opts, FileChannel lockChannel, FileLock lock, Head head, WalMetrics walMetrics, WalWriter wal) {
        this.opts = opts;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.head = head;
        this.walMetrics = walMetrics;
        this.wal = wal;
    }

    /**
     * Opens (creating if needed) a data directory and locks it as Prometheus does with its
     * {@code lock} file.
     *
     * @throws IOException if the directory cannot be created or another process holds it
     */
    public static Tsdb open(TsdbOptions opts) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(opts.dir());
        FileChannel ch = FileChannel.open(opts.dir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new IOException("lock DB directory: " + opts.dir() + " is in use by another process");
        }
        try {
            Head head = new Head(opts.head());
            WalMetrics walMetrics = new WalMetrics();
            Path walDir = opts.dir().resolve("wal");
            WalReplay.Result replayed = new WalReplay(head, walMetrics).replay(walDir);
            WalWriter wal = new WalWriter(walDir, opts.walSegmentSize(), opts.walCompression(), opts.syncOnCommit(), walMetrics);
            head.setCommitLog(new WalCommitLog(wal));
            Tsdb db = new Tsdb(opts, ch, lock, head, walMetrics, wal);
            LOG.atInfo().setMessage("TSDB started").addKeyValue("dir", opts.dir())
                    .addKeyValue("series", head.numSeries()).addKeyValue("samples", replayed.samples())
                    .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms").log();
            return db;
        } catch (IOException | RuntimeException e) {
            try {
                lock.release();
            } finally {
                ch.close();
            }
            throw e;
        }
    }

    public TsdbOptions options() {
        return opts;
    }

    public Head head() {
        return head;
    }

    public Appender appender() {
        return head.appender();
    }

    public Querier querier(long mint, long maxt) {
        return head.querier(mint, maxt);
    }

    public long minTime() {
        return head.minTime();
    }

    public WalMetrics walMetrics() {
        return walMetrics;
    }

    public TsdbStats stats(int limit) {
        return head.stats(limit);
    }

    @Override
    public void close() throws IOException {
        try {
            wal.close();
        } finally {
            try {
                lock.release();
            } finally {
                lockChannel.close();
            }
        }
        LOG.atInfo().setMessage("TSDB closed").addKeyValue("dir", opts.dir()).log();
    }
}
