package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.AppendSession;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.StorageException;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.tombstones.ChunkFilter;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory head: series with stable refs, their chunks, and the postings index.
 *
 * <p>Commits run concurrently: each takes a sequence number and applies its batch holding the
 * read (shared) side of {@link #commitLock} and, per sample, the series' monitor, as Prometheus
 * locks per series. The write side is for what must see no commit half applied: a select's
 * snapshot of its series, head truncation, block cuts, deletions, WAL replay. With 4 threads
 * appending, the single exclusive commit lock was ~23% of their time spent waiting; selects
 * still wait for running commits (and for each other's snapshots) as they did before.
 *
 * <p>Isolation: the head publishes the highest sequence number up to which every commit has
 * finished (one that finishes before an older one is published with it). A querier remembers
 * that number when it is created, and each select cuts every series before the first sample
 * of a later commit (each series remembers its sample count before its last two commits, their
 * numbers made non-decreasing in the order they reached the series, so a commit that reaches a
 * series after a newer one is shown with the newer one, as Prometheus cuts a series at its
 * first invisible sample). A querier therefore sees each batch entirely or not at all, and the
 * same commits in all its selects unless a series received more than two commits since the
 * querier was created. Thread-safe.
 */
public final class Head {

    private static final Logger LOG = LoggerFactory.getLogger(Head.class);
    private static final int MAX_POOLED_BATCHES = 64;

    final HeadOptions opts;
    final StripeSeries series;
    final MemPostings postings = new MemPostings();
    final ReentrantReadWriteLock commitLock = new ReentrantReadWriteLock();
    final HeadMetrics metrics = new HeadMetrics();
    /** Deleted intervals by series ref (see {@link HeadDelete}); applied by queries and block cuts. */
    final Tombstones tombstones = new Tombstones();

    private final AtomicLong lastRef = new AtomicLong();
    private final StripeSeries.RefSource nextRef = lastRef::incrementAndGet;
    private final Consumer<MemSeries> onCreate = this::created;
    private final ConcurrentLinkedQueue<AppendBatch> batches = new ConcurrentLinkedQueue<>();
    // Open append sessions (see HeadSession), sorted by id; copied on change, which is rare (a
    // target comes or goes), so that a lookup allocates nothing. Changed under sessionLock.
    private volatile HeadSession[] sessions = new HeadSession[0];
    private final Object sessionLock = new Object();
    private int lastSessionId;

    private volatile long minT = Long.MAX_VALUE;
    private volatile long maxT = Long.MIN_VALUE;
    private volatile long minValidTime = Long.MIN_VALUE;
    private volatile CommitLog log = CommitLog.NONE;
    // Null without --enable-feature=exemplar-storage.
    private volatile CircularExemplarStorage exemplars;
    // chunks_head/: completed chunks go there when set (see MappedChunks); null keeps them on the heap.
    private volatile HeadChunkMapper chunkMapper;
    // Chunks found in chunks_head/ on start, until replaySeries claims them.
    private MappedChunks.Loaded pendingMapped;
    // Highest sequence number up to which every commit has finished; written under seqLock.
    private volatile long commitSeq;
    private final AtomicLong nextSeq = new AtomicLong();
    private final Object seqLock = new Object();
    // Finished commits above commitSeq + 1, waiting for an older one; under seqLock.
    private long[] finishedAhead = new long[8];
    private int nFinishedAhead;

    public Head(HeadOptions opts) {
        this.opts = opts;
        this.series = new StripeSeries(opts.stripes());
    }

    public HeadOptions options() {
        return opts;
    }

    public HeadMetrics metrics() {
        return metrics;
    }

    /** Sets where commits are logged before they are applied. */
    public void setCommitLog(CommitLog log) {
        this.log = log;
    }

    /** Turns exemplar storage on ({@code --enable-feature=exemplar-storage}); before the WAL replay. */
    public void setExemplarStorage(CircularExemplarStorage store) {
        this.exemplars = store;
    }

    /** The exemplar storage, or null when the feature is off. */
    public CircularExemplarStorage exemplars() {
        return exemplars;
    }

    /**
     * Stores an exemplar read from the WAL or a memory snapshot, as Prometheus's replay: skipped
     * when its series is unknown or it is older than the newest block. A full ring doubles: the
     * replay runs before the config gives the ring its size (2.42 reads the config first), and
     * that resize then keeps the newest.
     *
     * @return the storage's result ({@link CircularExemplarStorage#OK} ...), or -1 when skipped
     */
    public int replayExemplar(long ref, long t, double v, Labels labels) {
        CircularExemplarStorage store = exemplars;
        MemSeries s = series.getByRef(ref);
        if (store == null || s == null || t < minValidTime) {
            return -1;
        }
        int cap = store.capacity();
        if (cap > 0 && store.inStorage() == cap && cap <= Integer.MAX_VALUE / 2) {
            store.resize(2L * cap);
        }
        return store.add(s.labels, labels, t, false, v);
    }

    /** The ref of the series with these labels, or 0 when the head has none. */
    public long seriesRef(Labels labels) {
        MemSeries s = series.getByLabels(labels);
        return s == null ? 0 : s.ref;
    }

    /** A new appender for one batch. */
    public Appender appender() {
        return appender(null);
    }

    /** A new append session (see {@link HeadSession}). */
    public AppendSession session() {
        synchronized (sessionLock) {
            // Negative, never 0: batches' ids are positive.
            lastSessionId = (lastSessionId - 1) | Integer.MIN_VALUE;
            HeadSession s = new HeadSession(this, lastSessionId);
            HeadSession[] a = Arrays.copyOf(sessions, sessions.length + 1);
            a[a.length - 1] = s;
            Arrays.sort(a, (x, y) -> Integer.compare(x.id, y.id));
            sessions = a;
            return s;
        }
    }

    Appender appender(HeadSession session) {
        AppendBatch b = batches.poll();
        if (b == null) {
            b = new AppendBatch(this);
        }
        if (session != null) {
            b.session = session;
            b.ownerId = session.id;
        }
        metrics.activeAppenders.incrementAndGet();
        return new HeadAppender(this, b);
    }

    /** Whether the session with this id is open (not yet closed, or a batch of it still open). */
    boolean sessionOpen(int id) {
        return findSession(id) != null;
    }

    /** Whether the session with this id has a batch open. */
    boolean sessionActive(int id) {
        HeadSession s = findSession(id);
        return s != null && s.active();
    }

    private HeadSession findSession(int id) {
        HeadSession[] a = sessions;
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int m = a[mid].id;
            if (m < id) {
                lo = mid + 1;
            } else if (m > id) {
                hi = mid - 1;
            } else {
                return a[mid];
            }
        }
        return null;
    }

    void unregister(HeadSession s) {
        synchronized (sessionLock) {
            HeadSession[] a = sessions;
            for (int i = 0; i < a.length; i++) {
                if (a[i] == s) {
                    HeadSession[] b = new HeadSession[a.length - 1];
                    System.arraycopy(a, 0, b, 0, i);
                    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                    sessions = b;
                    return;
                }
            }
        }
    }

    /** A querier over [mint, maxt]. */
    public Querier querier(long mint, long maxt) {
        return new HeadQuerier(this, mint, maxt);
    }

    /** Oldest committed timestamp, or Long.MAX_VALUE when empty. */
    public long minTime() {
        return minT;
    }

    /** Newest committed timestamp, or Long.MIN_VALUE when empty. */
    public long maxTime() {
        return maxT;
    }

    /** Cardinality statistics, top {@code limit} entries per list. */
    public TsdbStats stats(int limit) {
        return HeadStats.of(this, limit);
    }

    /** Number of series. */
    public long numSeries() {
        return metrics.series.get();
    }

    /**
     * Raises the oldest time the head accepts: Prometheus sets it to the newest block's end,
     * so that the head never receives samples that belong to a persisted block.
     */
    public void setMinValidTime(long t) {
        if (t > minValidTime) {
            minValidTime = t;
        }
    }

    /** Oldest time the head accepts (the newest block's end), Long.MIN_VALUE when unset. */
    public long minValidTime() {
        return minValidTime;
    }

    /**
     * The head's samples in [mint, maxt) as series with chunks, for writing a block. Commits
     * wait meanwhile; whole chunks are shared, not copied.
     */
    public List<BlockWriter.SeriesData> blockSeries(long mint, long maxt) {
        List<BlockWriter.SeriesData> out = new ArrayList<>();
        XorIterator it = new XorIterator();
        // Exclusive: the chunks of every series as of one moment, no commit half applied.
        commitLock.writeLock().lock();
        try {
            ChunkFilter deletions = new ChunkFilter();
            series.forEach(s -> {
                List<BlockWriter.ChunkData> cs = new ArrayList<>(2);
                s.blockChunks(mint, maxt, cs, it, chunkMapper);
                Intervals deleted = tombstones.get(s.ref);
                if (deleted != null) {
                    cs.replaceAll(c -> deletions.apply(c, deleted));
                    cs.removeIf(c -> c == null);
                }
                if (!cs.isEmpty()) {
                    out.add(new BlockWriter.SeriesData(s.labels, cs));
                }
            });
        } finally {
            commitLock.writeLock().unlock();
        }
        return out;
    }

    /**
     * Drops the data before {@code mint} once a block holds it: chunks ending before it, then
     * series left without chunks (unless an appender has samples of theirs waiting), and stops
     * accepting samples older than {@code mint}. Commits and selects wait meanwhile.
     *
     * @return series removed
     */
    public int truncate(long mint) {
        setMinValidTime(mint);
        List<MemSeries> all = new ArrayList<>();
        series.forEach(all::add);
        List<MemSeries> removed = new ArrayList<>();
        long chunksRemoved = 0;
        long newMin = Long.MAX_VALUE;
        int[] minMappedFile = {Integer.MAX_VALUE};
        commitLock.writeLock().lock();
        try {
            for (MemSeries s : all) {
                chunksRemoved += s.truncateBefore(mint);
                if (s.isEmpty()) {
                    s.removed = true;
                    if (s.pinned(this)) {
                        s.removed = false;
                    } else {
                        removed.add(s);
                        continue;
                    }
                }
                newMin = Math.min(newMin, s.minTime());
            }
            for (MemSeries s : removed) {
                series.remove(s);
            }
            postings.remove(removed);
            // Long.MAX_VALUE when nothing is left: the next commit sets it again.
            minT = newMin;
            tombstones.truncateBefore(mint);
            if (chunkMapper != null) {
                // Every series, those created since the list above included: no chunk cut
                // meanwhile may be in a file about to go.
                series.forEach(s -> minMappedFile[0] = Math.min(minMappedFile[0], s.firstMappedFile()));
            }
        } finally {
            commitLock.writeLock().unlock();
        }
        truncateMapped(minMappedFile[0]);
        metrics.series.addAndGet(-removed.size());
        metrics.seriesRemoved.add(removed.size());
        metrics.chunks.addAndGet(-chunksRemoved);
        metrics.chunksRemoved.add(chunksRemoved);
        metrics.truncations.increment();
        return removed.size();
    }

    /** Receives one series for a memory snapshot (see {@link #snapshotSeries}). */
    @FunctionalInterface
    public interface SnapshotSink {
        /**
         * @param chunk the open chunk's bytes (the first {@code chunkLen}), null when the series
         *              has no open chunk (its samples are all in completed chunks)
         */
        void series(long ref, Labels labels, byte[] chunk, int chunkLen, long chunkMinT, long chunkMaxT, int chunkSamples);
    }

    /** Hands every series with its open chunk to {@code sink}, as of one moment: commits wait meanwhile. */
    public void snapshotSeries(SnapshotSink sink) {
        commitLock.writeLock().lock();
        try {
            series.forEach(s -> {
                int n = s.numSamples();
                if (n > 0) {
                    sink.series(s.ref, s.labels, s.bytes(), s.byteLength(), s.firstT(), s.lastT(), n);
                } else {
                    sink.series(s.ref, s.labels, null, 0, 0, 0, 0);
                }
            });
        } finally {
            commitLock.writeLock().unlock();
        }
    }

    /** The head's deleted intervals by series ref. */
    public Tombstones tombstones() {
        return tombstones;
    }

    /**
     * Applies a deleted interval read from the WAL, as Prometheus's replay: skipped when it ends
     * before the newest block or its series is unknown.
     */
    public void replayTombstone(long ref, long mint, long maxt) {
        if (maxt < minValidTime || series.getByRef(ref) == null) {
            return;
        }
        tombstones.add(ref, mint, maxt);
    }

    /** Whether the head holds a series with these labels. */
    public boolean hasSeriesLabels(Labels labels) {
        return series.getByLabels(labels) != null;
    }

    /** Whether the head still holds series {@code ref} (WAL checkpoints keep only those). */
    public boolean hasSeries(long ref) {
        return series.getByRef(ref) != null;
    }

    /** Highest sequence number up to which every commit has finished: what a new querier sees. */
    long commitSeq() {
        return commitSeq;
    }

    /** The newest commit sequence number given out: 2.42's highest append id. */
    public long isolationHighWatermark() {
        return nextSeq.get();
    }

    /**
     * The oldest commit still running, or the newest given out when none is: 2.42's low
     * watermark without its reads, since a querier here only remembers a number and holds
     * nothing that waits for cleanup.
     */
    public long isolationLowWatermark() {
        long published = commitSeq;
        return nextSeq.get() > published ? published + 1 : published;
    }

    /** Publishes the end of commit {@code seq} and its time range. */
    private void finished(long seq, long lo, long hi) {
        synchronized (seqLock) {
            if (lo < minT) {
                minT = lo;
            }
            if (hi > maxT) {
                maxT = hi;
            }
            long c = commitSeq;
            if (seq != c + 1) {
                if (nFinishedAhead == finishedAhead.length) {
                    finishedAhead = Arrays.copyOf(finishedAhead, nFinishedAhead * 2);
                }
                finishedAhead[nFinishedAhead++] = seq;
                return;
            }
            c = seq;
            for (int i = 0; i < nFinishedAhead;) {
                if (finishedAhead[i] == c + 1) {
                    c++;
                    finishedAhead[i] = finishedAhead[--nFinishedAhead];
                    i = 0;
                } else {
                    i++;
                }
            }
            commitSeq = c;
        }
    }

    /** Samples older than this are rejected as out of bounds. */
    long appendableMinValidTime() {
        long mt = maxT;
        if (mt == Long.MIN_VALUE) {
            return minValidTime;
        }
        return Math.max(minValidTime, mt - opts.chunkRange() / 2);
    }

    MemSeries getOrCreate(Labels labels) {
        // Most lookups find an existing series: try under the read lock first.
        MemSeries s = series.getByLabels(labels);
        return s != null ? s : series.getOrCreate(labels, nextRef, onCreate);
    }

    /**
     * Recreates a series read from the WAL with its logged ref. If the labels already exist
     * under another ref (Prometheus may log a series twice), the existing series is returned.
     */
    public long replaySeries(long ref, Labels labels) {
        MemSeries s = series.getOrCreate(labels, () -> ref, onCreate);
        lastRef.accumulateAndGet(ref, Math::max);
        s.walLogged = true;
        claimMapped(s, ref);
        return s.ref;
    }

    /** Applies replayed samples of series refs returned by {@link #replaySeries}. */
    public int replaySamples(long[] refs, long[] ts, long[] vBits, int n) {
        commitLock.writeLock().lock();
        try {
            Apply a = new Apply();
            a.start();
            try {
                for (int i = 0; i < n; i++) {
                    MemSeries s = series.getByRef(refs[i]);
                    if (s == null) {
                        metrics.seriesNotFound.increment();
                        continue;
                    }
                    // Persisted in a block already (the WAL is truncated lazily, as in Prometheus).
                    if (ts[i] < minValidTime) {
                        continue;
                    }
                    // In a chunk read from chunks_head/ (or cut since): Prometheus skips these too.
                    if (ts[i] <= s.completedMaxT()) {
                        continue;
                    }
                    a.one(s, ts[i], vBits[i]);
                }
            } finally {
                a.finish();
            }
            return a.appended;
        } finally {
            commitLock.writeLock().unlock();
        }
    }

    void commit(AppendBatch b) throws StorageException {
        try {
            log.log(b);
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.INTERNAL, "write to WAL: " + e.getMessage(), e);
        }
        commitLock.readLock().lock();
        try {
            Apply a = b.apply;
            a.prefetch(b);
            a.start();
            try {
                for (int i = 0; i < b.n; i++) {
                    a.one(b.series[i], b.t[i], b.v[i]);
                }
            } finally {
                a.finish();
            }
        } finally {
            commitLock.readLock().unlock();
        }
        ExemplarBatch ex = b.exemplars();
        CircularExemplarStorage store = exemplars;
        if (ex != null && store != null) {
            // Checked when appended; a newer exemplar committed meanwhile makes add() refuse
            // (and count) an out-of-order one, which Prometheus ignores here too.
            for (int i = 0; i < ex.n; i++) {
                store.add(ex.series[i].labels, ex.labels[i], ex.t[i], ex.hasT[i], Double.longBitsToDouble(ex.v[i]));
            }
        }
    }

    /**
     * Applies the samples of one commit, each under its series' monitor, then publishes the
     * commit and its counters.
     */
    final class Apply {
        private long lo;
        private long hi;
        private int appended;
        private int newChunks;
        private int rejected;
        private long seq;
        private int touched;

        /**
         * Loads the open chunk bytes of the batch's series in one loop of independent loads:
         * they lie all over the heap, and the CPU overlaps the cache misses of this loop where
         * the encoding would wait for them one series at a time.
         */
        void prefetch(AppendBatch b) {
            MemSeries[] ss = b.series;
            int sum = 0;
            for (int i = 0, n = b.n; i < n; i++) {
                sum += ss[i].touch();
            }
            touched = sum; // kept, so that the loads are not optimised away
        }

        /** Takes the commit's sequence number: {@link #finish} must follow. */
        void start() {
            seq = nextSeq.incrementAndGet();
            lo = Long.MAX_VALUE;
            hi = Long.MIN_VALUE;
            appended = 0;
            newChunks = 0;
            rejected = 0;
        }

        void one(MemSeries s, long t, long bits) {
            int r;
            synchronized (s) {
                r = s.append(t, bits, opts, seq, chunkMapper);
            }
            switch (r) {
                case MemSeries.APPENDED_NEW_CHUNK -> {
                    newChunks++;
                    appended++;
                }
                case MemSeries.APPENDED -> appended++;
                case MemSeries.SAME -> {
                    return;
                }
                // Another appender committed a newer sample of this series after our check.
                default -> {
                    rejected++;
                    return;
                }
            }
            if (t < lo) {
                lo = t;
            }
            if (t > hi) {
                hi = t;
            }
        }

        int finish() {
            finished(seq, lo, hi);
            if (newChunks > 0) {
                metrics.chunks.addAndGet(newChunks);
                metrics.chunksCreated.add(newChunks);
            }
            if (appended > 0) {
                metrics.samplesAppended.add(appended);
            }
            if (rejected > 0) {
                metrics.outOfOrderSamples.add(rejected);
            }
            return appended;
        }
    }

    void release(AppendBatch b) {
        metrics.activeAppenders.decrementAndGet();
        boolean keep = b.reset();
        HeadSession session = b.session;
        if (session != null) {
            b.session = null;
            b.ownerId = b.id;
            session.done();
        }
        if (keep && batches.size() < MAX_POOLED_BATCHES) {
            batches.offer(b);
        }
    }

    // ---- chunks_head/ (see MappedChunks) ----

    /**
     * Makes completed chunks go to {@code m} from now on and reads the chunks it holds (ending at
     * or after the min valid time) for {@link #replaySeries} to attach; call before the WAL
     * replay, then {@link #mappedReplayDone}. Series refs above the highest found are used
     * for new series, so no ref of a chunk left in the files is given to another series.
     *
     * @return chunks found
     */
    public long loadMapped(HeadChunkMapper m) throws IOException {
        chunkMapper = m;
        pendingMapped = MappedChunks.load(m, minValidTime);
        lastRef.accumulateAndGet(pendingMapped.maxSeriesRef(), Math::max);
        return pendingMapped.chunks();
    }

    /** Ends the replay: chunks of series the WAL did not name are dropped. */
    public void mappedReplayDone() {
        pendingMapped = null;
    }

    /** Where completed chunks go; null when they stay on the heap. */
    public HeadChunkMapper chunkMapper() {
        return chunkMapper;
    }

    private void claimMapped(MemSeries s, long walRef) {
        MappedChunks.Loaded p = pendingMapped;
        if (p == null) {
            return;
        }
        ChunkList c = p.bySeries().remove(walRef);
        if (c == null) {
            return;
        }
        long bits;
        try {
            int last = c.size - 1;
            bits = MappedChunks.lastValueBits(chunkMapper, c.mappedRef[last], c.samples[last], new XorIterator());
        } catch (IOException e) {
            // Checked when loaded, so not expected: the WAL replays the samples instead.
            return;
        }
        long before = s.chunkCount();
        // A second series record of the same labels takes the chunks of its ref, as Prometheus does.
        s.resetWithMapped(c, bits);
        metrics.chunks.addAndGet(s.chunkCount() - before);
        metrics.chunksCreated.add(c.size);
        if (c.minT[0] < minT) {
            minT = c.minT[0];
        }
        if (c.maxT[c.size - 1] > maxT) {
            maxT = c.maxT[c.size - 1];
        }
    }

    /**
     * Pins the chunks_head/ files if {@code chunks} has entries there; call while holding the
     * commit lock, then {@link #readMapped} after releasing it.
     *
     * @return whether pinned
     */
    boolean pinMapped(ChunkList chunks) {
        HeadChunkMapper m = chunkMapper;
        if (chunks.mappedRef == null || m == null) {
            return false;
        }
        m.pinFiles();
        return true;
    }

    /** Reads the bytes of the entries of {@code chunks} in chunks_head/ and unpins (if pinned). */
    void readMapped(ChunkList chunks, boolean pinned) {
        if (!pinned) {
            return;
        }
        try {
            for (int i = 0; i < chunks.size; i++) {
                if (chunks.data[i] == null) {
                    chunks.data[i] = chunkMapper.chunk(chunks.mappedRef[i]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read head chunk", e);
        } finally {
            chunkMapper.unpinFiles();
        }
    }

    private void truncateMapped(int minFile) {
        HeadChunkMapper m = chunkMapper;
        if (m == null) {
            return;
        }
        try {
            m.truncate(minFile);
        } catch (IOException e) {
            LOG.atError().setMessage("Deleting head chunk files failed")
                    .addKeyValue("err", e.getMessage()).log();
        }
    }

    private void created(MemSeries s) {
        postings.add(s.ref, s.labels);
        metrics.series.incrementAndGet();
        metrics.seriesCreated.increment();
    }
}
