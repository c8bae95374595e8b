package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.query.ReleasingQuerier;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.compact.Histogram;
import dev.ignis.tsdb.internal.block.MetaFile;
import dev.ignis.tsdb.internal.block.Ulid;
import dev.ignis.tsdb.internal.compact.BlockMerger;
import dev.ignis.tsdb.internal.compact.Planner;
import dev.ignis.tsdb.internal.compact.Retention;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import dev.ignis.tsdb.internal.util.Dirs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of persisted blocks after they are written, as Prometheus 2.42's {@code db.go} and
 * {@code compact.go} manage it: reloading the block directories (new blocks in, blocks
 * superseded by a compaction, flagged deletable or beyond retention out), leveled and
 * vertical compaction of blocks ({@link Planner}, {@link BlockMerger}), and deleting a block
 * only when no querier reads it any more. A block that cannot be opened is logged, counted as
 * a failed reload and left on disk, never fatal. Runs on the compactor thread under
 * {@link HeadCompactor}'s lock; queriers may be created from any thread.
 */
public final class BlockLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BlockLifecycle.class);
    static final String DELETION_SUFFIX = ".tmp-for-deletion";
    static final String CREATION_SUFFIX = ".tmp-for-creation";
    private final Tsdb db;
    private final Planner planner;
    // One gate per loaded block; a block without a gate is being deleted.
    private final Map<Block, Gate> gates = new ConcurrentHashMap<>();
    // Blocks retired but not deleted yet (queriers hold them): reloads leave their directories alone.
    private final Set<String> retiring = ConcurrentHashMap.newKeySet();
    // Blocks that failed to open, by directory name, so each is logged once.
    private final Map<String, String> corrupt = new ConcurrentHashMap<>();

    final LongAdder reloads = new LongAdder();
    final LongAdder reloadsFailed = new LongAdder();
    final LongAdder timeRetentions = new LongAdder();
    final LongAdder sizeRetentions = new LongAdder();
    final LongAdder verticalCompactions = new LongAdder();
    final AtomicInteger populating = new AtomicInteger();
    final AtomicLong blocksBytes = new AtomicLong();
    final Histogram duration = new Histogram("prometheus_tsdb_compaction_duration_seconds", "Duration of compaction runs",
            Histogram.exponential(1, 2, 14));
    // Chunks of level-1 blocks (head cuts, clean_tombstones, snapshots), as 2.42 instruments its chunk writer there.
    final Histogram chunkRange = new Histogram("prometheus_tsdb_compaction_chunk_range_seconds",
            "Final time range of chunks on their first compaction", Histogram.exponential(100, 4, 10));
    final Histogram chunkSamples = new Histogram("prometheus_tsdb_compaction_chunk_samples",
            "Final number of samples on their first compaction", Histogram.exponential(4, 1.5, 12));
    final Histogram chunkSize = new Histogram("prometheus_tsdb_compaction_chunk_size_bytes",
            "Final size of chunks on their first compaction", Histogram.exponential(32, 1.5, 12));

    BlockLifecycle(Tsdb db) {
        this.db = db;
        this.planner = new Planner(db.options().compactionRanges());
    }

    /** The planner in use (its ranges come from the block and max block durations). */
    public Planner planner() {
        return planner;
    }

    // --- opening blocks ---

    /** Blocks opened from a directory and the ones that failed, by directory name. */
    record Scan(List<Block> loaded, Map<String, String> failed) {
    }

    /**
     * Opens every block directory of {@code dir} not in {@code known} (matched by ULID), and
     * removes leftovers of interrupted block writes and deletions.
     */
    static Scan scan(Path dir, List<Block> known) {
        return scan(dir, known, Set.of());
    }

    /** As {@link #scan(Path, List)}, skipping the block directories named in {@code skip}. */
    static Scan scan(Path dir, List<Block> known, Set<String> skip) {
        Map<String, Block> byUlid = new HashMap<>();
        for (Block b : known) {
            byUlid.put(b.meta().ulid(), b);
        }
        List<Block> out = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if ((name.endsWith(CREATION_SUFFIX) || name.endsWith(DELETION_SUFFIX)) && Files.isDirectory(p)) {
                    // A block write or deletion that a crash interrupted: Prometheus removes them on start.
                    try {
                        Dirs.deleteTree(p);
                        LOG.atInfo().setMessage("Removed incomplete block directory").addKeyValue("dir", name).log();
                    } catch (IOException e) {
                        LOG.atWarn().setMessage("Cannot remove incomplete block directory").addKeyValue("dir", name)
                                .addKeyValue("err", e.toString()).log();
                    }
                    continue;
                }
                if (skip.contains(name) || !Files.isDirectory(p) || !Block.isBlockDir(p)) {
                    continue;
                }
                Block b = byUlid.get(name);
                if (b != null) {
                    out.add(b);
                    continue;
                }
                try {
                    out.add(Block.open(p));
                } catch (IOException | RuntimeException e) {
                    failed.put(name, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.atError().setMessage("Cannot list blocks").addKeyValue("dir", dir).addKeyValue("err", e.toString()).log();
        }
        out.sort(Comparator.comparingLong((Block b) -> b.meta().minTime()).thenComparing(b -> b.meta().ulid()));
        return new Scan(out, failed);
    }

    /** Called once the database is open with the blocks of {@code scan}: a first reload without retention. */
    void opened(Scan scan) {
        synchronized (db.compactor().lock()) {
            apply(scan, false);
        }
    }

    // --- queriers ---

    /**
     * A querier over a loaded block that holds it until closed, or null when the block is being
     * deleted (the caller reads the block list again: the blocks replacing it are in it).
     */
    Querier tryQuerier(Block b, long mint, long maxt) {
        // Gates are made on first use; a retired gate stays in the map until a later reload,
        // so a querier holding an old block list cannot make a fresh gate for a deleted block.
        Gate g = gates.computeIfAbsent(b, k -> new Gate());
        if (!g.tryAcquire()) {
            return null;
        }
        try {
            return new ReleasingQuerier(b.querier(mint, maxt), g::release);
        } catch (RuntimeException e) {
            g.release();
            throw e;
        }
    }

    /** Readers currently holding {@code b} (tests); -1 when it is not loaded. */
    int readers(Block b) {
        Gate g = gates.get(b);
        return g == null ? -1 : g.state.get() >>> 1;
    }

    // --- reload ---

    /**
     * Reads the block directories again, as Prometheus's {@code reloadBlocks}: opens new
     * blocks, drops blocks that a loaded block names as parents, blocks flagged deletable and
     * blocks beyond the time or size retention, and deletes those once no querier reads them.
     *
     * @return whether every block directory could be opened
     */
    public boolean reload() {
        synchronized (db.compactor().lock()) {
            return apply(scan(db.options().dir(), db.blocks(), retiring), !db.blocks().isEmpty());
        }
    }

    private boolean apply(Scan scan, boolean retention) {
        Set<String> deletable = new HashSet<>();
        Map<String, String> failed = new LinkedHashMap<>(scan.failed());
        Map<String, MetaFile> metas = new HashMap<>();
        for (Block b : scan.loaded()) {
            MetaFile m = metaFile(b);
            metas.put(b.meta().ulid(), m);
            if (m != null && m.compaction().deletable()) {
                deletable.add(b.meta().ulid());
            }
        }
        // Parents of a loaded block are superseded, whether they opened or not (a crash between
        // writing a compacted block and deleting its parents).
        Set<String> parents = new HashSet<>();
        for (MetaFile m : metas.values()) {
            if (m != null) {
                for (MetaFile.Parent p : m.compaction().parents()) {
                    parents.add(p.ulid());
                }
            }
        }
        deletable.addAll(parents);
        for (String p : parents) {
            if (failed.remove(p) != null) {
                LOG.atWarn().setMessage("Found corrupted block, but replaced by compacted one so it's safe to delete")
                        .addKeyValue("block", p).log();
                deleteDir(db.options().dir().resolve(p));
            }
        }
        if (retention) {
            List<Retention.BlockInfo> infos = new ArrayList<>();
            for (Block b : scan.loaded()) {
                infos.add(new Retention.BlockInfo(b.meta().ulid(), b.meta().maxTime(), size(b.dir())));
            }
            Retention.Decision d = Retention.decide(infos, true, db.options().retention(), db.options().maxBytes(),
                    headBytes());
            if (d.byTime()) {
                timeRetentions.increment();
            }
            if (d.bySize()) {
                sizeRetentions.increment();
            }
            deletable.addAll(d.deletable());
        }
        List<Block> keep = new ArrayList<>();
        List<Block> drop = new ArrayList<>();
        long bytes = 0;
        for (Block b : scan.loaded()) {
            if (deletable.contains(b.meta().ulid())) {
                drop.add(b);
            } else {
                keep.add(b);
                bytes += size(b.dir());
            }
        }
        blocksBytes.set(bytes);
        db.setBlocks(keep);
        warnOverlaps(keep);
        long round = reloads.sum();
        // Gates of blocks deleted before the previous reload: no querier can still be on its way to them.
        gates.values().removeIf(g -> g.state.get() == 1 && g.retiredIn < round);
        for (Block b : drop) {
            retire(b, round);
        }
        for (Map.Entry<String, String> e : failed.entrySet()) {
            if (corrupt.put(e.getKey(), e.getValue()) == null) {
                LOG.atError().setMessage("Cannot open block, skipping it").addKeyValue("block", e.getKey())
                        .addKeyValue("err", e.getValue()).log();
            }
        }
        corrupt.keySet().retainAll(failed.keySet());
        reloads.increment();
        if (!failed.isEmpty()) {
            reloadsFailed.increment();
            return false;
        }
        return true;
    }

    private static MetaFile metaFile(Block b) {
        try {
            return MetaFile.read(b.dir());
        } catch (IOException e) {
            return null;
        }
    }

    private static void warnOverlaps(List<Block> blocks) {
        long maxT = Long.MIN_VALUE;
        for (Block b : blocks) {
            if (b.meta().minTime() < maxT) {
                LOG.atWarn().setMessage("Overlapping blocks found during reloadBlocks").addKeyValue("block", b.meta().ulid())
                        .log();
            }
            maxT = Math.max(maxT, b.meta().maxTime());
        }
    }

    /** Takes a block out of use: closed and deleted once its last querier is closed. */
    private void retire(Block b, long round) {
        Gate g = gates.computeIfAbsent(b, k -> new Gate());
        g.retiredIn = round;
        String ulid = b.meta().ulid();
        retiring.add(ulid);
        Runnable delete = () -> {
            try {
                b.close();
            } catch (IOException e) {
                LOG.atWarn().setMessage("Cannot close block").addKeyValue("block", b.meta().ulid())
                        .addKeyValue("err", e.toString()).log();
            }
            LOG.atInfo().setMessage("Deleting obsolete block").addKeyValue("block", b.meta().ulid()).log();
            deleteDir(b.dir());
            retiring.remove(ulid);
        };
        g.retire(delete);
    }

    /** Renames a block directory out of the way, then deletes it (a crash leaves a directory the next start removes). */
    private static void deleteDir(Path dir) {
        Path tmp = dir.resolveSibling(dir.getFileName() + DELETION_SUFFIX);
        try {
            Files.move(dir, tmp, StandardCopyOption.ATOMIC_MOVE);
            Dirs.deleteTree(tmp);
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException e) {
            LOG.atError().setMessage("Cannot delete block").addKeyValue("dir", dir).addKeyValue("err", e.toString()).log();
        }
    }

    /** Bytes of the head on disk as Prometheus counts them for size retention: {@code wal/} and {@code chunks_head/}. */
    long headBytes() {
        return size(db.options().dir().resolve("wal")) + size(db.options().dir().resolve("chunks_head"));
    }

    /** Bytes of the regular files under {@code dir} (0 if it does not exist). */
    static long size(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    // --- compaction ---

    /**
     * Compacts blocks while the planner finds something to do, reloading after each new block
     * (which deletes its parents), as Prometheus's {@code compactBlocks}.
     *
     * @return blocks written
     * @throws IOException if a compaction fails (its blocks are flagged {@code failed} and left out of later plans)
     */
    public int compactBlocks() throws IOException {
        synchronized (db.compactor().lock()) {
            int written = 0;
            while (!db.compactor().stopping()) {
                List<Planner.Meta> plan = planner.plan(plannerMetas(db.blocks()));
                if (plan.isEmpty()) {
                    return written;
                }
                if (compact(plan) != null) {
                    written++;
                }
                reload();
            }
            return written;
        }
    }

    private List<Planner.Meta> plannerMetas(List<Block> blocks) {
        List<Planner.Meta> out = new ArrayList<>();
        for (Block b : blocks) {
            MetaFile m = metaFile(b);
            long tombstones = m == null ? 0 : m.numTombstones();
            boolean failed = m != null && m.compaction().failed();
            out.add(new Planner.Meta(b.meta().ulid(), b.meta().minTime(), b.meta().maxTime(), b.meta().numSeries(),
                    tombstones, failed));
        }
        return out;
    }

    /**
     * Merges the planned blocks into one (Prometheus's {@code LeveledCompactor.Compact}).
     *
     * @return the new block's meta, or null when nothing was left (the inputs are then flagged deletable)
     */
    BlockMeta compact(List<Planner.Meta> plan) throws IOException {
        long start = System.nanoTime();
        Map<String, Block> byUlid = new HashMap<>();
        for (Block b : db.blocks()) {
            byUlid.put(b.meta().ulid(), b);
        }
        List<Block> blocks = new ArrayList<>();
        List<MetaFile> metas = new ArrayList<>();
        for (Planner.Meta m : plan) {
            Block b = byUlid.get(m.ulid());
            if (b == null) {
                throw new IllegalStateException("BUG: planned block " + m.ulid() + " is not loaded");
            }
            blocks.add(b);
            metas.add(MetaFile.read(b.dir()));
        }
        String ulid = Ulid.next();
        long mint = Long.MAX_VALUE;
        long maxt = Long.MIN_VALUE;
        int level = 0;
        Set<String> sources = new java.util.TreeSet<>();
        List<MetaFile.Parent> parents = new ArrayList<>();
        List<BlockMerger.Source> sourcesToRead = new ArrayList<>();
        boolean overlapping = false;
        long prevMax = Long.MIN_VALUE;
        for (int i = 0; i < blocks.size(); i++) {
            BlockMeta m = blocks.get(i).meta();
            mint = Math.min(mint, m.minTime());
            maxt = Math.max(maxt, m.maxTime());
            level = Math.max(level, metas.get(i).compaction().level());
            sources.addAll(metas.get(i).compaction().sources());
            parents.add(new MetaFile.Parent(m.ulid(), m.minTime(), m.maxTime()));
            sourcesToRead.add(new BlockMerger.Source(blocks.get(i), deletionsOf(blocks.get(i))));
            overlapping |= m.minTime() < prevMax;
            prevMax = Math.max(prevMax, m.maxTime());
        }
        MetaFile.Compaction compaction = new MetaFile.Compaction(level + 1, new ArrayList<>(sources), false, parents, false,
                List.of());
        populating.set(1);
        BlockMeta written;
        // Series go to disk as they are merged: only labels and chunk times are held.
        try (BlockWriter.SeriesAppender app = new BlockWriter().appender(db.options().dir(), ulid)) {
            new BlockMerger().merge(sourcesToRead, app::add);
            // Nothing left (everything deleted): no block, and closing the appender removes the partial one.
            written = app.samples() == 0 ? null : app.finish(mint, maxt, compaction);
        } catch (IOException | RuntimeException e) {
            db.compactor().compactionsFailed.increment();
            for (int i = 0; i < blocks.size(); i++) {
                try {
                    MetaFile m = metas.get(i);
                    new MetaFile(m.meta(), m.numTombstones(), m.compaction().withFailed(true)).write(blocks.get(i).dir());
                } catch (IOException ex) {
                    e.addSuppressed(ex);
                }
            }
            throw e;
        } finally {
            populating.set(0);
        }
        db.compactor().compactions.increment();
        if (overlapping) {
            verticalCompactions.increment();
        }
        observeDuration((System.nanoTime() - start) / 1e9);
        List<String> uids = plan.stream().map(Planner.Meta::ulid).toList();
        if (written == null) {
            for (int i = 0; i < blocks.size(); i++) {
                MetaFile m = metas.get(i);
                new MetaFile(m.meta(), m.numTombstones(), m.compaction().withDeletable(true)).write(blocks.get(i).dir());
            }
            LOG.atInfo().setMessage("compact blocks resulted in empty block").addKeyValue("count", blocks.size())
                    .addKeyValue("sources", uids).addKeyValue("duration", millis(start)).log();
            return null;
        }
        LOG.atInfo().setMessage("compact blocks").addKeyValue("count", blocks.size()).addKeyValue("mint", mint)
                .addKeyValue("maxt", maxt).addKeyValue("ulid", ulid).addKeyValue("sources", uids)
                .addKeyValue("duration", millis(start)).log();
        return written;
    }

    /**
     * The deleted intervals of a block's series (its tombstones), applied when it is compacted:
     * the new block holds none of the deleted samples and an empty tombstones file.
     */
    static BlockMerger.Deletions deletionsOf(Block b) {
        Tombstones t = b.tombstones();
        if (t.isEmpty()) {
            return BlockMerger.Deletions.NONE;
        }
        return ref -> {
            Intervals iv = t.get(ref);
            return iv == null || iv.isEmpty() ? null : iv.toArray();
        };
    }

    /** Seconds spent in head cuts and block compactions so far (the duration histogram's sum). */
    public double compactionSeconds() {
        return duration.sum();
    }

    void observeDuration(double seconds) {
        duration.observe(seconds);
    }

    /**
     * A writer for a level-1 block, whose chunks go into the chunk histograms. The range is
     * observed in the block's time unit (milliseconds), as 2.42 observes it despite the name.
     */
    BlockWriter level1Writer() {
        return new BlockWriter(c -> {
            chunkSize.observe(c.data().length);
            chunkSamples.observe(c.numSamples());
            chunkRange.observe(c.maxT() - c.minT());
        });
    }

    private static String millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000 + "ms";
    }

    /** Readers of one block: their count times 2, plus 1 once retired (then no new readers). */
    static final class Gate {
        final AtomicInteger state = new AtomicInteger();
        private volatile Runnable whenUnused;
        volatile long retiredIn;

        boolean tryAcquire() {
            while (true) {
                int s = state.get();
                if ((s & 1) != 0) {
                    return false;
                }
                if (state.compareAndSet(s, s + 2)) {
                    return true;
                }
            }
        }

        void release() {
            if (state.addAndGet(-2) == 1) {
                whenUnused.run();
            }
        }

        /** No new readers; runs {@code action} now if unused, else when the last reader releases. */
        void retire(Runnable action) {
            whenUnused = action;
            int before = state.getAndUpdate(s -> s | 1);
            if (before == 0) {
                action.run();
            }
        }
    }
}
