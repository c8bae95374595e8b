package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorEncoder;
import dev.ignis.tsdb.internal.query.ChunkList;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One series in the head: its labels, its completed chunks and the open chunk being appended.
 *
 * <p>Sample state is changed by {@link Head}'s commits while they hold this object's monitor and
 * the head's commit lock (shared), and by head truncation while it holds the commit lock
 * exclusively; queries read it holding the commit lock exclusively ({@link #snapshot}).
 * {@link #lastT()} and {@link #lastVBits()} are also read without a lock by appenders for an
 * early check that the commit repeats.
 *
 * <p>The open chunk's encoder state is this object's own ({@link XorEncoder}): the head holds
 * one per series, and a separate chunk object cost 64 bytes and a reference more per series.
 * The encoder's last sample is the series' newest one too (kept while the series has no open
 * chunk), so the series does not hold it a second time.
 */
final class MemSeries extends XorEncoder {

    final long ref;
    final Labels labels;
    /** Next series whose labels have the same hash; guarded by the hash stripe's lock. */
    MemSeries nextSameHash;
    /** Whether a series record for this series is in the WAL. */
    volatile boolean walLogged;
    /**
     * Set by head truncation when it removes the series. An appender pins a series (see
     * {@link #pin}) and then checks this flag; truncation sets it and then checks the pins, so
     * a series with samples waiting for commit is never removed.
     */
    volatile boolean removed;
    private volatile int pins;
    private static final AtomicIntegerFieldUpdater<MemSeries> PINS =
            AtomicIntegerFieldUpdater.newUpdater(MemSeries.class, "pins");
    /**
     * The batch that claimed this series first among those holding samples of it for commit,
     * or the append session that claimed it (see {@link HeadSession}: kept between its
     * batches), or none; the claim also pins the series (see {@link #claim}). Lets the owner
     * find the series' latest sample in its batch ({@link #ownerIndex}) without a map lookup.
     * The batch's id (positive), the session's (negative), 0 for none: a primitive, because a reference stored into every series of a scrape dirties
     * a card per series for G1's refinement threads (measured: their CPU per window doubled).
     */
    private volatile int owner;
    private static final AtomicIntegerFieldUpdater<MemSeries> OWNER =
            AtomicIntegerFieldUpdater.newUpdater(MemSeries.class, "owner");
    /**
     * Index of this series' latest sample in its {@link #owner}'s batch; used by that batch
     * only. A session's next batch finds an index left by the previous one: it checks that
     * its batch holds the series there.
     */
    int ownerIndex;

    // Completed chunks, oldest first, META longs each in one array (null until the first cut):
    // the chunks_head/ reference (-1 for a chunk kept on the heap), minT, and
    // (maxT - minT) << 16 | samples. A chunk never spans a chunk range (at most 2^46 ms, see
    // HeadOptions) and holds at most 0xffff samples (its 2-byte header). One array instead of
    // a column per field: a series holds a few chunks, and each array costs a 16-byte header.
    private static final int META = 3;
    /** Longest span (maxT - minT) of a chunk the head keeps; longer ones are corrupt. */
    static final long MAX_CHUNK_SPAN = 1L << 46;
    private long[] chunks;
    // Bytes of chunks kept on the heap (no chunks_head/ mapper, or its write failed), indexed
    // like the chunks; null while every chunk is in chunks_head/.
    private byte[][] chunkData;
    private int numChunks;

    private long nextAt;

    private boolean hasSamples;

    // Isolation: samples committed in total, and the sample count before each of the last two
    // commits that touched this series, with their sequence numbers made non-decreasing in the
    // order they reached the series (a commit arriving after a newer one takes the newer one's
    // number), so that "the first sample a querier must not see" is found by comparing numbers.
    private int total;
    private long lastCommit;
    private long seq1;
    private int before1;
    private long seq2;
    private int before2;

    MemSeries(long ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
        setLast(Long.MIN_VALUE, 0);
    }

    /** Marks a batch waiting to commit samples of this series; false (and unpinned) if it was removed. */
    boolean pin() {
        PINS.incrementAndGet(this);
        if (removed) {
            PINS.decrementAndGet(this);
            return false;
        }
        return true;
    }

    /**
     * Whether truncation must keep the series: a batch has samples of it waiting (a pin, a
     * batch's claim), or it is claimed by an append session with a batch open.
     */
    boolean pinned(Head head) {
        int o = owner;
        return pins > 0 || o > 0 || (o < 0 && head.sessionActive(o));
    }

    static final int CLAIMED = 0;
    static final int CLAIMED_BY_OTHER = 1;
    static final int CLAIM_REMOVED = 2;

    /**
     * Makes {@code b} (or its session) the series' owner if it has none, or if its owner is an
     * append session that was closed; this pins it as {@link #pin} does: {@link #CLAIMED},
     * {@link #CLAIMED_BY_OTHER} (another batch or open session owns it: pin it instead), or
     * {@link #CLAIM_REMOVED} (head truncation removed it; not claimed).
     */
    int claim(AppendBatch b, Head head) {
        int o = owner;
        if (o > 0 || (o < 0 && head.sessionOpen(o)) || !OWNER.compareAndSet(this, o, b.ownerId)) {
            return CLAIMED_BY_OTHER;
        }
        if (removed) {
            owner = 0;
            return CLAIM_REMOVED;
        }
        return CLAIMED;
    }

    /**
     * Loads what an append reads of this series (owner, latest sample), for a loop of
     * independent loads ahead of the appends; returns a value made of them so the loads stay.
     */
    int touchForAppend() {
        return owner ^ (int) lastT();
    }

    /** The owner's id (see {@link #owner}); for tests. */
    int owner() {
        return owner;
    }

    /** Whether {@code b} or its session owns the series. */
    boolean ownedBy(AppendBatch b) {
        return owner == b.ownerId;
    }

    /** Ends {@code b}'s claim (the caller owns the series and has no session). */
    void release() {
        // A release store, not a volatile one: no fence per sample. A claim or a truncation
        // check that still sees the owner takes the slower safe path (pin, keep the series).
        OWNER.lazySet(this, 0);
    }

    void unpin() {
        PINS.decrementAndGet(this);
    }

    private long chunkMinT(int i) {
        return chunks[i * META + 1];
    }

    private long chunkMaxT(int i) {
        return chunks[i * META + 1] + (chunks[i * META + 2] >>> 16);
    }

    private int chunkSamples(int i) {
        return (int) chunks[i * META + 2] & 0xffff;
    }

    private long chunkRef(int i) {
        return chunks[i * META];
    }

    /** Heap bytes of completed chunk {@code i}, or null when it is in chunks_head/. */
    private byte[] heapBytes(int i) {
        return chunkData == null ? null : chunkData[i];
    }

    /** Appends a completed chunk's entry, growing the array by a quarter (chunks are cut rarely). */
    private void addChunk(long chunkRef, byte[] heap, long mint, long maxt, int samples) {
        long span = maxt - mint;
        if (span < 0 || span > MAX_CHUNK_SPAN || samples < 0 || samples > 0xffff) {
            throw new IllegalStateException("chunk of series " + ref + " does not fit: [" + mint + ", " + maxt + "] " + samples);
        }
        int cap = chunks == null ? 0 : chunks.length / META;
        if (numChunks == cap) {
            cap = cap + (cap >> 2) + 1;
            chunks = chunks == null ? new long[cap * META] : Arrays.copyOf(chunks, cap * META);
        }
        if (heap != null && chunkData == null) {
            chunkData = new byte[cap][];
        }
        if (chunkData != null && chunkData.length < cap) {
            chunkData = Arrays.copyOf(chunkData, cap);
        }
        int at = numChunks * META;
        chunks[at] = chunkRef;
        chunks[at + 1] = mint;
        chunks[at + 2] = span << 16 | samples;
        if (chunkData != null) {
            chunkData[numChunks] = heap;
        }
        numChunks++;
    }

    /** Whether no chunk is held; caller holds the head's lock. */
    boolean isEmpty() {
        return numChunks == 0 && !hasChunk();
    }

    /**
     * Head truncation: removes the chunks that end before {@code mint} (the open chunk too, if
     * its newest sample is older). Caller holds the head's write lock.
     *
     * @return chunks removed
     */
    int truncateBefore(long mint) {
        int k = 0;
        int samples = 0;
        while (k < numChunks && chunkMaxT(k) < mint) {
            samples += chunkSamples(k);
            k++;
        }
        if (k > 0) {
            // Exact size: the series keeps these chunks until the next truncation.
            int left = numChunks - k;
            chunks = left == 0 ? null : Arrays.copyOfRange(chunks, k * META, numChunks * META);
            if (chunkData != null) {
                byte[][] kept = Arrays.copyOfRange(chunkData, k, numChunks);
                chunkData = left == 0 || allNull(kept) ? null : kept;
            }
            numChunks = left;
        }
        if (numChunks == 0 && hasChunk() && chunkLastT() < mint) {
            samples += numSamples();
            dropChunk();
            k++;
        }
        // Isolation counts are positions from the first chunk held: shift them with it.
        total -= samples;
        before1 = Math.max(0, before1 - samples);
        before2 = Math.max(0, before2 - samples);
        return k;
    }

    /**
     * Adds to {@code out} this series' samples in [mint, maxt) as chunks for a block: whole
     * head chunks shared as they are, a chunk crossing a bound re-encoded to the part inside.
     * Caller holds the head's read lock and sees every commit.
     */
    void blockChunks(long mint, long maxt, List<BlockWriter.ChunkData> out, XorIterator it, HeadChunkMapper mapper) {
        for (int i = 0; i < numChunks; i++) {
            long cmin = chunkMinT(i);
            long cmax = chunkMaxT(i);
            if (cmax >= mint && cmin < maxt) {
                byte[] d = chunkBytes(i, mapper);
                blockChunk(d, d.length, chunkSamples(i), cmin, cmax, mint, maxt, out, it);
            }
        }
        if (hasChunk() && chunkLastT() >= mint && firstT() < maxt) {
            blockChunk(bytes(), byteLength(), numSamples(), firstT(), chunkLastT(), mint, maxt, out, it);
        }
    }

    private static void blockChunk(byte[] data, int len, int n, long cmin, long cmax, long mint, long maxt,
            List<BlockWriter.ChunkData> out, XorIterator it) {
        if (cmin >= mint && cmax < maxt) {
            // A completed chunk's array is exact and never changes again: shared, not copied.
            out.add(new BlockWriter.ChunkData(cmin, cmax, XorChunk.ENCODING, len == data.length ? data : Arrays.copyOf(data, len)));
            return;
        }
        XorChunk c = new XorChunk();
        long first = 0;
        long last = 0;
        it.reset(data, 0, len, n);
        while (it.next()) {
            long t = it.t();
            if (t >= mint && t < maxt) {
                if (c.numSamples() == 0) {
                    first = t;
                }
                last = t;
                c.append(t, it.v());
            }
        }
        if (c.numSamples() > 0) {
            out.add(new BlockWriter.ChunkData(first, last, XorChunk.ENCODING, c.toByteArray()));
        }
    }

    /** Whether any sample was committed. */
    boolean hasSamples() {
        return hasSamples;
    }

    /** Timestamp of the newest committed sample (Long.MIN_VALUE when none). */
    long lastT() {
        return chunkLastT();
    }

    /** Raw bits of the newest committed value. */
    long lastVBits() {
        return chunkLastVBits();
    }

    /** Chunks held, the open one included. */
    int chunkCount() {
        return numChunks + (hasChunk() ? 1 : 0);
    }

    /** Oldest committed timestamp, or Long.MAX_VALUE when empty. */
    long minTime() {
        if (numChunks > 0) {
            return chunkMinT(0);
        }
        return hasChunk() ? firstT() : Long.MAX_VALUE;
    }

    /**
     * Appends a committed sample. Caller holds this object's monitor and the head's commit lock.
     *
     * @return {@link #REJECTED} when out of order or a duplicate (caller already checked; this
     *         catches races between appenders), {@link #SAME} for an identical repeat,
     *         {@link #APPENDED}, or {@link #APPENDED_NEW_CHUNK}
     */
    int append(long t, long vBits, HeadOptions o, long seq, HeadChunkMapper mapper) {
        long lastT = chunkLastT();
        if (hasSamples) {
            if (t < lastT) {
                return REJECTED;
            }
            if (t == lastT) {
                return vBits == chunkLastVBits() ? SAME : REJECTED;
            }
        }
        if (seq != lastCommit) {
            lastCommit = seq;
            seq2 = seq1;
            before2 = before1;
            seq1 = Math.max(seq, seq1);
            before1 = total;
        }
        total++;
        int result = APPENDED;
        int inChunk = hasChunk() ? numSamples() : 0;
        // As Prometheus 2.42: at a quarter of the target, predict the end of this chunk so that
        // the rest of the chunk range splits into equal chunks; cut early at twice the target.
        if (inChunk == o.samplesPerChunk() / 4 && inChunk > 0) {
            nextAt = ChunkCuts.predictedEnd(firstT(), lastT, nextAt);
        }
        if (!hasChunk() || t >= nextAt || inChunk >= 2 * o.samplesPerChunk()) {
            cut(t, o, mapper);
            result = APPENDED_NEW_CHUNK;
        }
        encode(t, Double.longBitsToDouble(vBits));
        hasSamples = true;
        return result;
    }

    private static boolean allNull(Object[] a) {
        for (Object o : a) {
            if (o != null) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of completed chunk {@code i}, read from chunks_head/ when it is there. */
    private byte[] chunkBytes(int i, HeadChunkMapper mapper) {
        byte[] d = heapBytes(i);
        if (d != null) {
            return d;
        }
        try {
            return mapper.chunk(chunkRef(i));
        } catch (IOException e) {
            throw new UncheckedIOException("read head chunk of series " + ref, e);
        }
    }

    /**
     * Replaces this series' chunks by chunks read from chunks_head/ on start (Prometheus's
     * {@code resetSeriesWithMMappedChunks}): no open chunk, the newest sample is the last
     * chunk's last. Caller replays the WAL single-threaded.
     *
     * @param lastVBits the value bits of the last chunk's last sample
     */
    void resetWithMapped(ChunkList c, long lastVBits) {
        int n = c.size;
        chunks = null;
        chunkData = null;
        numChunks = 0;
        int sum = 0;
        for (int i = 0; i < n; i++) {
            addChunk(c.mappedRef[i], null, c.minT[i], c.maxT[i], c.samples[i]);
            sum += c.samples[i];
        }
        dropChunk();
        nextAt = 0;
        // Replayed commits are all visible to every querier: only the total counts.
        total = sum;
        hasSamples = n > 0;
        setLast(n > 0 ? chunkMaxT(n - 1) : Long.MIN_VALUE, lastVBits);
    }

    /** Max time of the newest completed chunk, Long.MIN_VALUE when none: replay skips samples up to it. */
    long completedMaxT() {
        return numChunks == 0 ? Long.MIN_VALUE : chunkMaxT(numChunks - 1);
    }

    /** Number of the oldest chunks_head/ file this series still uses, Integer.MAX_VALUE when none. */
    int firstMappedFile() {
        for (int i = 0; i < numChunks; i++) {
            if (heapBytes(i) == null) {
                return (int) (chunkRef(i) >>> 32);
            }
        }
        return Integer.MAX_VALUE;
    }

    static final int REJECTED = 0;
    static final int SAME = 1;
    static final int APPENDED = 2;
    static final int APPENDED_NEW_CHUNK = 3;

    private void cut(long t, HeadOptions o, HeadChunkMapper mapper) {
        if (hasChunk()) {
            // As Prometheus's mmapCurrentHeadChunk: the completed chunk goes to chunks_head/ and
            // only its reference stays in memory; if the write fails it stays on the heap.
            long ref = mapper == null ? -1 : MappedChunks.write(mapper, this.ref, firstT(), chunkLastT(), bytes(), byteLength());
            if (ref == -1) {
                trim();
            }
            addChunk(ref, ref == -1 ? bytes() : null, firstT(), chunkLastT(), numSamples());
        }
        // The open chunk holds its first timestamp (its minT) from the append that follows.
        startChunk(o.initialChunkBytes());
        // A chunk never spans a boundary of the chunk range, so blocks cut later align with it.
        nextAt = ChunkCuts.rangeEnd(t, o.chunkRange());
    }

    /**
     * Adds the chunks overlapping [mint, maxt] to {@code out}, cut before the first sample of a
     * commit numbered above {@code visible}, leaving out completed chunks that one interval of
     * {@code cover} (deleted time plus time outside the query; may be null) holds whole. The open
     * chunk counts as ending at Long.MAX_VALUE, as in Prometheus's head index, so it is never
     * left out: a series whose samples are all deleted still has a (sample-less) chunk.
     * Caller holds the head's commit lock exclusively; the bytes recorded stay valid after it
     * is released (see {@link XorChunk}).
     *
     * @return number of chunks added
     */
    int snapshot(long mint, long maxt, long visible, ChunkList out, Intervals cover) {
        int budget;
        if (seq1 <= visible) {
            budget = total;
        } else if (seq2 <= visible) {
            budget = before1;
        } else {
            // More than two commits since the querier started: show the oldest state known.
            budget = before2;
        }
        int added = 0;
        for (int i = 0; i < numChunks && budget > 0; i++) {
            int n = Math.min(chunkSamples(i), budget);
            budget -= n;
            long cmin = chunkMinT(i);
            long cmax = chunkMaxT(i);
            if (cmax >= mint && cmin <= maxt && (cover == null || !cover.covers(cmin, cmax))) {
                byte[] d = heapBytes(i);
                if (d == null) {
                    out.addMapped(chunkRef(i), n, cmin, cmax);
                } else {
                    out.add(d, n, cmin, cmax);
                }
                added++;
            }
        }
        if (hasChunk() && budget > 0 && chunkLastT() >= mint && firstT() <= maxt) {
            out.add(bytes(), Math.min(numSamples(), budget), firstT(), chunkLastT());
            added++;
        }
        return added;
    }
}
