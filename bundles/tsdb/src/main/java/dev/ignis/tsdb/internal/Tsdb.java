package dev.ignis.tsdb.internal;

import dev.ignis.api.config.StorageConfig;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.query.MergeQuerier;
import dev.ignis.tsdb.internal.snapshot.ChunkSnapshot;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalCommitLog;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReplay;
import dev.ignis.tsdb.internal.wal.WalWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open data directory: the directory lock (if enabled), the persisted blocks (read only so far), the
 * head and its WAL. Opening loads the blocks, then replays the WAL into the head before
 * anything can append; a block that cannot be opened is logged and skipped. Owns every file handle it opens and closes them in
 * {@link #close()}. Thread-safe.
 */
public final class Tsdb implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Tsdb.class);

    private final TsdbOptions opts;
    // Null without --storage.tsdb.use-lockfile.
    private final DirLock lock;
    private final Head head;
    private final WalMetrics walMetrics;
    private final WalWriter wal;
    // Oldest first; replaced whole (copy on write) when a block is added.
    private volatile List<Block> blocks;
    private final HeadCompactor compactor;
    private final BlockLifecycle lifecycle;
    private final TsdbAdmin admin = new TsdbAdmin(this);
    private int snapshotReplayErrors;
    // storage.exemplars.max_exemplars of the last config applied; -1 before the first.
    private long configuredExemplars = -1;
    private WalReplay.Result replayed;

    private Tsdb(TsdbOptions opts, DirLock lock, Head head, WalMetrics walMetrics, WalWriter wal,
            List<Block> blocks) {
        this.opts = opts;
        this.lock = lock;
        this.head = head;
        this.walMetrics = walMetrics;
        this.wal = wal;
        this.blocks = blocks;
        this.compactor = new HeadCompactor(this);
        this.lifecycle = new BlockLifecycle(this);
    }

    /**
     * Opens (creating if needed) a data directory and, with {@link TsdbOptions#useLockfile()},
     * locks it as Prometheus does with its {@code lock} file.
     *
     * @throws IOException if the directory cannot be created or another process holds its lock
     */
    public static Tsdb open(TsdbOptions opts) throws IOException {
        long start = System.nanoTime();
        Files.createDirectories(opts.dir());
        // As Prometheus 2.42: the directory is locked only with --storage.tsdb.use-lockfile.
        DirLock lock = opts.useLockfile() ? DirLock.acquire(opts.dir()) : null;
        List<Block> blocks = new ArrayList<>();
        HeadChunkMapper chunkMapper = null;
        try {
            BlockLifecycle.Scan scan = BlockLifecycle.scan(opts.dir(), List.of());
            blocks.addAll(scan.loaded());
            Head head = newHead(opts, blocks);
            WalMetrics walMetrics = new WalMetrics();
            Path walDir = opts.dir().resolve("wal");
            // As Prometheus: completed chunks from chunks_head/ first, then the WAL's series claim
            // them and only its newer samples are appended.
            LOG.atInfo().setMessage("Replaying on-disk memory mappable chunks if any").log();
            long mmapStart = System.nanoTime();
            chunkMapper = HeadChunkMapper.open(opts.dir().resolve("chunks_head"), HeadChunkMapper.WRITE_BUFFER_SIZE,
                    opts.headChunksWriteQueueSize());
            long mapped = head.loadMapped(chunkMapper);
            LOG.atInfo().setMessage("On-disk memory mappable chunks replay completed").addKeyValue("chunks", mapped)
                    .addKeyValue("duration", WalReplay.goDuration(System.nanoTime() - mmapStart)).log();
            int fromSegment = -1;
            long fromOffset = 0;
            int snapshotErrors = 0;
            Path snapshot = opts.memorySnapshotOnShutdown() ? ChunkSnapshot.last(opts.dir()) : null;
            if (snapshot != null) {
                long snapStart = System.nanoTime();
                LOG.atInfo().setMessage("Chunk snapshot is enabled, replaying from the snapshot").log();
                try {
                    ChunkSnapshot.Loaded l = ChunkSnapshot.load(snapshot, head);
                    fromSegment = l.walSegment();
                    fromOffset = l.walOffset();
                    LOG.atInfo().setMessage("chunk snapshot loaded").addKeyValue("dir", snapshot)
                            .addKeyValue("num_series", l.series())
                            .addKeyValue("duration", WalReplay.goDuration(System.nanoTime() - snapStart)).log();
                } catch (IOException | RuntimeException e) {
                    // As Prometheus: forget what was partly loaded and replay the whole WAL.
                    snapshotErrors = 1;
                    LOG.atError().setMessage("Failed to load chunk snapshot").addKeyValue("err", e.toString()).log();
                    head = newHead(opts, blocks);
                    head.loadMapped(chunkMapper);
                }
            }
            WalReplay.Result replayed = new WalReplay(head, walMetrics).replay(walDir, fromSegment, fromOffset);
            head.mappedReplayDone();
            WalWriter wal = new WalWriter(walDir, opts.walSegmentSize(), opts.walCompression(), opts.syncOnCommit(), walMetrics);
            head.setCommitLog(new WalCommitLog(wal));
            Tsdb db = new Tsdb(opts, lock, head, walMetrics, wal, List.copyOf(blocks));
            db.snapshotReplayErrors = snapshotErrors;
            db.replayed = replayed;
            db.lifecycle.opened(scan);
            db.compactor.start();
            LOG.atInfo().setMessage("TSDB started").addKeyValue("dir", opts.dir()).addKeyValue("blocks", blocks.size())
                    .addKeyValue("series", head.numSeries()).addKeyValue("samples", replayed.samples())
                    .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms").log();
            return db;
        } catch (IOException | RuntimeException e) {
            try {
                for (Block b : blocks) {
                    b.close();
                }
                if (chunkMapper != null) {
                    chunkMapper.close();
                }
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
            throw e;
        }
    }

    private static Head newHead(TsdbOptions opts, List<Block> blocks) {
        Head head = new Head(opts.head());
        if (opts.exemplarStorage()) {
            // The configured size arrives with the config (resizeExemplars); until then 2.42's default.
            head.setExemplarStorage(new CircularExemplarStorage(StorageConfig.DEFAULT_MAX_EXEMPLARS));
        }
        if (!blocks.isEmpty()) {
            head.setMinValidTime(blocks.get(blocks.size() - 1).meta().maxTime());
        }
        return head;
    }

    /**
     * Applies {@code storage.exemplars.max_exemplars}, as 2.42's head on a config (re)load:
     * nothing without the exemplar-storage feature or when the size is unchanged; otherwise the
     * ring is resized keeping its newest exemplars.
     */
    public synchronized void resizeExemplars(long maxExemplars) {
        CircularExemplarStorage store = head.exemplars();
        long size = Math.max(0, maxExemplars);
        if (store == null) {
            return;
        }
        long from = configuredExemplars;
        configuredExemplars = size;
        if (from < 0) {
            // The first config: the ring had the default size, grown to what the replay held.
            store.resize(size);
            return;
        }
        if (size == from) {
            return;
        }
        int migrated = store.resize(size);
        LOG.atInfo().setMessage("Exemplar storage resized").addKeyValue("from", from).addKeyValue("to", size)
                .addKeyValue("migrated", migrated).log();
    }

    /** The {@code prometheus_tsdb_snapshot_replay_error_total} value: 1 if the snapshot failed to load on open. */
    public int snapshotReplayErrors() {
        return snapshotReplayErrors;
    }

    /** What the WAL replay on open read (after the memory snapshot, when one was loaded). */
    public WalReplay.Result walReplayed() {
        return replayed;
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

    public AppendSession session() {
        return head.session();
    }

    /**
     * A querier over the blocks overlapping [mint, maxt], oldest first, and the head. Head
     * truncation waits until queriers created before the block it persisted was added are
     * closed, so that a querier finds each sample in the head or in a block.
     */
    public Querier querier(long mint, long maxt) {
        return compactor.track(mint, maxt);
    }

    /** The querier itself, over the blocks loaded now (the caller registered it first). */
    Querier querierNow(long mint, long maxt) {
        List<Querier> qs = new ArrayList<>();
        // A block being deleted refuses new readers: read the list again. Blocks leave the list
        // before they are retired, so this ends.
        while (!blockQueriers(mint, maxt, qs)) {
            Thread.onSpinWait();
        }
        if (qs.isEmpty()) {
            return head.querier(mint, maxt);
        }
        qs.add(head.querier(mint, maxt));
        return new MergeQuerier(qs);
    }

    private boolean blockQueriers(long mint, long maxt, List<Querier> qs) {
        for (Block b : blocks) {
            if (b.overlaps(mint, maxt)) {
                Querier q = lifecycle.tryQuerier(b, mint, maxt);
                if (q == null) {
                    qs.forEach(Querier::close);
                    qs.clear();
                    return false;
                }
                qs.add(q);
            }
        }
        return true;
    }

    /** Oldest timestamp held, in a block or the head; Long.MAX_VALUE when empty. */
    public long minTime() {
        long t = head.minTime();
        return blocks.isEmpty() ? t : Math.min(t, blocks.get(0).meta().minTime());
    }

    /** The loaded blocks, oldest first. */
    public List<Block> blocks() {
        return blocks;
    }

    /** Adds a block just written (it becomes visible to new queriers). */
    synchronized void addBlock(Block b) {
        List<Block> next = new ArrayList<>(blocks);
        next.add(b);
        next.sort(Comparator.comparingLong(x -> x.meta().minTime()));
        blocks = List.copyOf(next);
    }

    /** Replaces the loaded blocks (reload: blocks added, blocks dropped). */
    synchronized void setBlocks(List<Block> next) {
        blocks = List.copyOf(next);
    }

    /** Block reloads, compaction of blocks, retention and block deletion. */
    public BlockLifecycle blockLifecycle() {
        return lifecycle;
    }

    /** Delete series, clean tombstones, snapshot. */
    public TsdbAdmin admin() {
        return admin;
    }

    WalWriter wal() {
        return wal;
    }

    /** The head compactor: block cuts, head and WAL truncation, and their counters. */
    public HeadCompactor compactor() {
        return compactor;
    }

    /** The {@code prometheus_tsdb_clean_start} value: -1 without a lock file, else 0 or 1. */
    public int cleanStart() {
        return lock == null ? DirLock.DISABLED : lock.cleanStart();
    }

    public WalMetrics walMetrics() {
        return walMetrics;
    }

    public TsdbStats stats(int limit) {
        return head.stats(limit);
    }

    /** Closes the WAL and writes the head's snapshot at its end; a failure is logged, as in Prometheus. */
    private void writeSnapshot() {
        long start = System.nanoTime();
        try {
            wal.close();
            int seg = wal.segmentIndex();
            long offset = Files.size(opts.dir().resolve("wal").resolve(Segments.name(seg)));
            Path dir = ChunkSnapshot.write(opts.dir(), head, seg, offset, opts.walCompression(), opts.head().chunkRange());
            LOG.atInfo().setMessage("Chunk snapshot complete").addKeyValue("dir", dir)
                    .addKeyValue("duration", WalReplay.goDuration(System.nanoTime() - start)).log();
        } catch (IOException | RuntimeException e) {
            LOG.atError().setMessage("Failed to create chunk snapshot").addKeyValue("err", e.toString()).log();
        }
    }

    @Override
    public void close() throws IOException {
        compactor.stop();
        if (opts.memorySnapshotOnShutdown()) {
            writeSnapshot();
        }
        IOException failure = null;
        List<Closeable> owned = new ArrayList<>();
        owned.add(wal);
        if (head.chunkMapper() != null) {
            owned.add(head.chunkMapper());
        }
        owned.addAll(blocks);
        if (lock != null) {
            owned.add(lock);
        }
        for (Closeable c : owned) {
            try {
                c.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        LOG.atInfo().setMessage("TSDB closed").addKeyValue("dir", opts.dir()).log();
    }
}
