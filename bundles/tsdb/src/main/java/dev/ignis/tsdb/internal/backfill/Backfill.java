package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.Ulid;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.head.ChunkCuts;
import dev.ignis.tsdb.internal.util.Dirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code tsdb create-blocks-from openmetrics <file> <dir>} as promtool 2.42 does it: the
 * samples are cut into blocks aligned to the block duration (2h, or the largest of 2h x 3^k
 * within {@code --max-block-duration}); in each block a series' chunks are cut as a head whose
 * chunk range is twice the block duration cuts them ({@link ChunkCuts}, 120 samples a chunk),
 * and the block has minTime = its oldest sample and maxTime = its newest + 1; blocks are built
 * in parallel. Samples are taken in batches of 5000 as promtool appends them, with its outcome:
 * a sample older than (or at the time of, with another value) what earlier batches committed
 * for its series fails the backfill, one that only conflicts with its own batch is dropped.
 * The chunks are encoded straight from the samples, without a head: nothing but a series' open
 * chunk and its finished chunks is kept per series. A plain class for command-line tools.
 */
public final class Backfill {

    /** Prometheus's default block duration (2h). */
    public static final long DEFAULT_BLOCK_DURATION = 2 * 3_600_000L;
    private static final int SAMPLES_PER_COMMIT = 5000;
    /** Prometheus's target samples per chunk. */
    private static final int SAMPLES_PER_CHUNK = 120;

    private Backfill() {
    }

    /**
     * Creates blocks from the samples in {@code outputDir} (created if missing).
     *
     * @param maxBlockDuration ms, as promtool's {@code --max-block-duration} (0 for the default)
     * @param progress         receives each block written
     * @return the blocks written, oldest first
     * @throws IOException if writing fails, or with promtool's message if a sample is out of order
     *                     or a duplicate across batches (the blocks written before stay)
     */
    public static List<BlockMeta> createBlocks(BackfillSamples samples, Path outputDir, long maxBlockDuration,
            Consumer<BlockMeta> progress) throws IOException {
        Files.createDirectories(outputDir);
        List<BlockMeta> out = new ArrayList<>();
        if (samples.size() == 0) {
            return out;
        }
        long duration = blockDuration(maxBlockDuration);
        long mint = duration * (samples.minTime() / duration); // Go division, as promtool
        long[] starts = nonEmptyBlocks(samples, mint, duration);
        // Blocks are independent: they are built in parallel and reported in order.
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), starts.length));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backfill");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<BlockBuilder> builders = ThreadLocal.withInitial(
                () -> new BlockBuilder(samples, 2 * duration));
        List<Future<BlockMeta>> blocks = new ArrayList<>();
        try {
            String ulid = "";
            for (long start : starts) {
                // ULIDs in block order, as sequential writing would give them.
                String previous = ulid;
                do {
                    ulid = Ulid.next();
                } while (ulid.compareTo(previous) <= 0);
                String blockUlid = ulid;
                blocks.add(pool.submit(() -> builders.get().build(start, start + duration, outputDir, blockUlid)));
            }
            for (int b = 0; b < blocks.size(); b++) {
                BlockMeta meta;
                try {
                    meta = blocks.get(b).get();
                } catch (ExecutionException e) {
                    // promtool stops at the first failing block: what later blocks wrote goes.
                    discardAfter(blocks, b, outputDir);
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
                out.add(meta);
                progress.accept(meta);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Starts of the aligned blocks from {@code mint} that hold samples, oldest first. */
    private static long[] nonEmptyBlocks(BackfillSamples samples, long mint, long duration) {
        int blocks = Math.toIntExact((samples.maxTime() - mint) / duration + 1);
        boolean[] used = new boolean[blocks];
        for (BackfillSamples.Segment seg : samples.segments()) {
            long[] ts = seg.ts;
            for (int i = 0; i < seg.n; i++) {
                // With negative times mint is rounded towards zero, past the oldest samples: promtool's
                // blocks start at mint, so those samples are in none of them.
                if (ts[i] >= mint) {
                    used[(int) ((ts[i] - mint) / duration)] = true;
                }
            }
        }
        long[] starts = new long[blocks];
        int n = 0;
        for (int b = 0; b < blocks; b++) {
            if (used[b]) {
                starts[n++] = mint + b * duration;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    private static void discardAfter(List<Future<BlockMeta>> blocks, int failed, Path outputDir) throws IOException {
        for (int b = failed + 1; b < blocks.size(); b++) {
            try {
                BlockMeta m = blocks.get(b).get();
                if (m != null) {
                    Dirs.deleteTree(outputDir.resolve(m.ulid()));
                }
            } catch (ExecutionException | InterruptedException | CancellationException ignored) {
                // that block left nothing behind
            }
        }
    }

    /**
     * Builds one block at a time from the samples in its range: promtool's batch outcome per
     * sample, then the kept samples straight into their series' chunks. Columns per series id,
     * reused from block to block by one thread.
     */
    private static final class BlockBuilder {
        private final BackfillSamples samples;
        private final long chunkRange;
        // Newest time and value bits committed by earlier batches, and batched by the current one.
        private final long[] committedT;
        private final long[] committedV;
        private final long[] batchT;
        private final long[] batchV;
        private final int[] touched = new int[SAMPLES_PER_COMMIT];
        private int touchedCount;
        // The open chunk of each series, when it began and when it must end; finished chunks.
        private final XorChunk[] open;
        private final long[] openMinT;
        private final long[] nextAt;
        private final List<List<BlockWriter.ChunkData>> done;
        private int[] inBlock = new int[64];
        private int inBlockCount;
        private long minT;
        private long maxT;

        BlockBuilder(BackfillSamples samples, long chunkRange) {
            this.samples = samples;
            this.chunkRange = chunkRange;
            int n = samples.seriesCount();
            committedT = new long[n];
            committedV = new long[n];
            batchT = new long[n];
            batchV = new long[n];
            open = new XorChunk[n];
            openMinT = new long[n];
            nextAt = new long[n];
            done = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                done.add(null);
            }
            Arrays.fill(committedT, Long.MIN_VALUE);
            Arrays.fill(batchT, Long.MIN_VALUE);
        }

        /** Writes the block of the samples in [lo, hi) with the given ULID. */
        BlockMeta build(long lo, long hi, Path outputDir, String ulid) throws IOException {
            try {
                fill(lo, hi);
                List<BlockWriter.SeriesData> series = new ArrayList<>(inBlockCount);
                for (int k = 0; k < inBlockCount; k++) {
                    int id = inBlock[k];
                    List<BlockWriter.ChunkData> cs = done.get(id);
                    if (cs == null) {
                        cs = new ArrayList<>(1);
                    }
                    cs.add(chunk(id));
                    series.add(new BlockWriter.SeriesData(samples.seriesLabels(id), cs));
                }
                return new BlockWriter().write(outputDir, ulid, minT, maxT + 1, series);
            } finally {
                reset();
            }
        }

        private void fill(long lo, long hi) throws IOException {
            minT = Long.MAX_VALUE;
            maxT = Long.MIN_VALUE;
            int pending = 0;
            for (BackfillSamples.Segment seg : samples.segments()) {
                if (seg.maxT < lo || seg.minT >= hi) {
                    continue;
                }
                int[] ids = seg.ids;
                long[] ts = seg.ts;
                double[] vs = seg.vs;
                for (int i = 0; i < seg.n; i++) {
                    long t = ts[i];
                    if (t < lo || t >= hi) {
                        continue;
                    }
                    int id = ids[i];
                    long bits = Double.doubleToRawLongBits(vs[i]);
                    long committed = committedT[id];
                    if (t < committed) {
                        throw new IOException("process blocks: add sample: " + StorageException.Kind.OUT_OF_ORDER.message());
                    }
                    if (t == committed && bits != committedV[id]) {
                        throw new IOException(
                                "process blocks: add sample: " + StorageException.Kind.DUPLICATE_SAMPLE.message());
                    }
                    // Prometheus accepts the others at append and drops them at commit.
                    if (t > committed && t > batchT[id]) {
                        if (batchT[id] == committed) {
                            touched[touchedCount++] = id;
                        }
                        batchT[id] = t;
                        batchV[id] = bits;
                        append(id, t, vs[i]);
                    }
                    if (++pending >= SAMPLES_PER_COMMIT) {
                        commit();
                        pending = 0;
                    }
                }
            }
            commit();
        }

        /** The batch was committed: what it held for each series is now the committed state. */
        private void commit() {
            for (int i = 0; i < touchedCount; i++) {
                int id = touched[i];
                committedT[id] = batchT[id];
                committedV[id] = batchV[id];
            }
            touchedCount = 0;
        }

        /** Appends a kept sample to its series' open chunk, cutting a new one where the head would. */
        private void append(int id, long t, double v) {
            XorChunk c = open[id];
            int inChunk = c == null ? 0 : c.numSamples();
            if (inChunk == SAMPLES_PER_CHUNK / 4) {
                nextAt[id] = ChunkCuts.predictedEnd(openMinT[id], c.lastT(), nextAt[id]);
            }
            if (c == null || t >= nextAt[id] || inChunk >= 2 * SAMPLES_PER_CHUNK) {
                if (c == null) {
                    if (inBlockCount == inBlock.length) {
                        inBlock = Arrays.copyOf(inBlock, inBlockCount * 2);
                    }
                    inBlock[inBlockCount++] = id;
                } else {
                    List<BlockWriter.ChunkData> cs = done.get(id);
                    if (cs == null) {
                        cs = new ArrayList<>(4);
                        done.set(id, cs);
                    }
                    cs.add(chunk(id));
                }
                // Sized as the series' chunk before: chunks of one series tend to be alike.
                c = new XorChunk(c == null ? 128 : c.byteLength() + 16);
                open[id] = c;
                openMinT[id] = t;
                nextAt[id] = ChunkCuts.rangeEnd(t, chunkRange);
            }
            c.append(t, v);
            minT = Math.min(minT, t);
            maxT = Math.max(maxT, t);
        }

        private BlockWriter.ChunkData chunk(int id) {
            XorChunk c = open[id];
            return new BlockWriter.ChunkData(openMinT[id], c.lastT(), XorChunk.ENCODING, c.toByteArray());
        }

        /** Forgets the block's series, so the next block starts with nothing committed. */
        private void reset() {
            for (int k = 0; k < inBlockCount; k++) {
                int id = inBlock[k];
                open[id] = null;
                done.set(id, null);
                committedT[id] = Long.MIN_VALUE;
                batchT[id] = Long.MIN_VALUE;
            }
            inBlockCount = 0;
            touchedCount = 0;
        }
    }

    /** Prometheus's getCompatibleBlockDuration: the largest of 2h x 3^k (k < 10) within the maximum. */
    static long blockDuration(long maxBlockDuration) {
        long d = DEFAULT_BLOCK_DURATION;
        if (maxBlockDuration > DEFAULT_BLOCK_DURATION) {
            long r = DEFAULT_BLOCK_DURATION;
            for (int i = 1; i < 10 && r * 3 <= maxBlockDuration; i++) {
                r *= 3;
            }
            d = r;
        }
        return d;
    }
}
