package dev.ignis.tsdb.internal;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockData;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockTombstones;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.MetaFile;
import dev.ignis.tsdb.internal.block.Ulid;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadDelete;
import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.wal.Records;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TSDB admin operations of Prometheus 2.42 ({@code DB.Delete}, {@code DB.CleanTombstones},
 * {@code DB.Snapshot}) over one open {@link Tsdb}. Each holds the compaction lock, so none
 * runs while the head is being cut into a block (a deletion must not fall between the read of
 * the head and its truncation) or while another admin operation runs. Thread-safe.
 */
public final class TsdbAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TsdbAdmin.class);

    /** Upper bounds of {@code prometheus_tsdb_tombstone_cleanup_seconds} (Go client's default buckets). */
    static final double[] CLEANUP_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final String[] CLEANUP_LE =
            {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

    private final Tsdb db;
    // Guarded by this.
    private final long[] cleanupBuckets = new long[CLEANUP_BUCKETS.length];
    private long cleanupCount;
    private double cleanupSum;

    TsdbAdmin(Tsdb db) {
        this.db = db;
    }

    /**
     * Deletes [mint, maxt] (inclusive, ms) of the series the matchers select: tombstones in
     * each block holding time in the range (written to its {@code tombstones} file), and
     * deleted intervals in the head, logged to the WAL first so that a restart replays them.
     */
    public void deleteSeries(long mint, long maxt, List<LabelMatcher> matchers) throws IOException {
        Matcher[] ms = Matcher.compile(matchers.toArray(new LabelMatcher[0]));
        synchronized (db.compactor().lock()) {
            for (Block b : db.blocks()) {
                if (b.meta().minTime() <= maxt && mint <= b.meta().maxTime()) {
                    BlockTombstones.delete(b, mint, maxt, ms);
                }
            }
            Head h = db.head();
            if (HeadDelete.overlaps(h, mint, maxt)) {
                HeadDelete.Stones stones = HeadDelete.plan(h, mint, maxt, ms);
                if (stones.size() > 0) {
                    ByteBuf rec = new ByteBuf(16 + stones.size() * 28);
                    Records.tombstones(rec, stones.refs(), stones.mints(), stones.maxts(), stones.size());
                    db.wal().log(new byte[][] {rec.array()}, new int[] {rec.length()}, 1);
                    HeadDelete.apply(h, stones);
                }
            }
        }
    }

    /**
     * Rewrites every block that has tombstones into a new block without the deleted data (level
     * 1, itself as source, the old block as parent, as Prometheus's compactor writes it; no new
     * block when nothing is left), which replaces the old one in queries; the old one is deleted
     * once the queriers that may read it are closed.
     *
     * @return blocks rewritten or removed
     */
    public int cleanTombstones() throws IOException {
        long t0 = System.nanoTime();
        try {
            return clean();
        } finally {
            observeCleanup((System.nanoTime() - t0) / 1e9);
        }
    }

    private int clean() throws IOException {
        synchronized (db.compactor().lock()) {
            int cleaned = 0;
            for (Block b : db.blocks()) {
                if (b.tombstones().isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                BlockMeta old = b.meta();
                List<BlockWriter.SeriesData> series = BlockData.series(b);
                String fresh = null;
                if (!series.isEmpty()) {
                    String ulid = Ulid.next();
                    MetaFile.Compaction compaction = new MetaFile.Compaction(1, List.of(ulid), false,
                            List.of(new MetaFile.Parent(old.ulid(), old.minTime(), old.maxTime())), false, List.of());
                    Path dir = db.options().dir();
                    level1Write(() -> db.blockLifecycle().level1Writer()
                            .write(dir, ulid, old.minTime(), old.maxTime(), series, compaction));
                    fresh = ulid;
                    LOG.atInfo().setMessage("write block").addKeyValue("mint", old.minTime())
                            .addKeyValue("maxt", old.maxTime()).addKeyValue("ulid", ulid)
                            .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000 + "ms").log();
                } else {
                    LOG.atInfo().setMessage("write block resulted in empty block").addKeyValue("mint", old.minTime())
                            .addKeyValue("maxt", old.maxTime()).log();
                }
                if (fresh == null) {
                    // Nothing left: flag the block so that the reload below drops it (Prometheus
                    // flags it in memory only; on disk it also covers a crash before the reload).
                    MetaFile m = MetaFile.read(b.dir());
                    new MetaFile(m.meta(), m.numTombstones(), m.compaction().withDeletable(true)).write(b.dir());
                }
                // Loads the new block and drops the old one (a parent of the new one, or
                // deletable), deleting it once no querier reads it.
                db.blockLifecycle().reload();
                cleaned++;
            }
            return cleaned;
        }
    }

    /**
     * Writes a snapshot into {@code dir} (which must exist): each block hard-linked into
     * {@code dir/<ULID>/} (its files are never changed in place, only replaced, so the links
     * keep the snapshot's content), and with {@code withHead} the head's samples written as
     * one more block covering [head min time, head max time + 1).
     */
    public void snapshot(Path dir, boolean withHead) throws IOException {
        synchronized (db.compactor().lock()) {
            for (Block b : db.blocks()) {
                LOG.atInfo().setMessage("Snapshotting block").addKeyValue("block", b.meta().ulid()).log();
                linkBlock(b.dir(), dir.resolve(b.meta().ulid()));
            }
            if (!withHead) {
                return;
            }
            Head h = db.head();
            long mint = h.minTime();
            long maxt = h.maxTime();
            if (mint == Long.MAX_VALUE || maxt == Long.MIN_VALUE) {
                return;
            }
            List<BlockWriter.SeriesData> series = h.blockSeries(mint, maxt + 1);
            if (!series.isEmpty()) {
                BlockMeta m = level1Write(() -> db.blockLifecycle().level1Writer().write(dir, mint, maxt + 1, series));
                LOG.atInfo().setMessage("write block").addKeyValue("mint", mint).addKeyValue("maxt", maxt + 1)
                        .addKeyValue("ulid", m.ulid()).log();
            }
        }
    }

    private interface BlockWrite {
        BlockMeta write() throws IOException;
    }

    /** Counts a block write as a compaction run (done or failed) with its duration, as 2.42's compactor write does. */
    private BlockMeta level1Write(BlockWrite write) throws IOException {
        long start = System.nanoTime();
        try {
            return write.write();
        } finally {
            db.compactor().compactions.increment();
            db.blockLifecycle().observeDuration((System.nanoTime() - start) / 1e9);
        }
    }

    private synchronized void observeCleanup(double seconds) {
        for (int i = 0; i < CLEANUP_BUCKETS.length; i++) {
            if (seconds <= CLEANUP_BUCKETS[i]) {
                cleanupBuckets[i]++;
            }
        }
        cleanupSum += seconds;
        cleanupCount++;
    }

    /**
     * Writes {@code prometheus_tsdb_tombstone_cleanup_seconds}. Prometheus 2.42 observes about
     * zero on every call (its deferred observation evaluates the duration at the start); this
     * records the time each clean_tombstones call took.
     */
    synchronized void collect(MetricWriter w) {
        String name = "prometheus_tsdb_tombstone_cleanup_seconds";
        w.family(name, MetricType.HISTOGRAM, "The time taken to recompact blocks to remove tombstones.");
        for (int i = 0; i < CLEANUP_BUCKETS.length; i++) {
            w.sample(name + "_bucket", Labels.of("le", CLEANUP_LE[i]), cleanupBuckets[i]);
        }
        w.sample(name + "_bucket", Labels.of("le", "+Inf"), cleanupCount);
        w.sample(name + "_sum", cleanupSum);
        w.sample(name + "_count", cleanupCount);
    }

    private static void linkBlock(Path from, Path to) throws IOException {
        Files.createDirectories(to.resolve("chunks"));
        for (String f : new String[] {"meta.json", "index", TombstoneFile.NAME}) {
            if (Files.exists(from.resolve(f))) {
                Files.createLink(to.resolve(f), from.resolve(f));
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(from.resolve("chunks"))) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    Files.createLink(to.resolve("chunks").resolve(p.getFileName().toString()), p);
                }
            }
        }
    }
}
