package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.Ulid;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
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
 * within {@code --max-block-duration}); each block is filled through a head whose chunk range
 * is twice the block duration, so chunks come out as Prometheus cuts them, and written with
 * minTime = its oldest sample and maxTime = its newest + 1; blocks are built in parallel. Samples are appended in batches of
 * 5000 as promtool does, with its outcome: a sample older than (or at the time of, with another
 * value) what earlier batches committed for its series fails the backfill, one that only
 * conflicts with its own batch is dropped. A plain class for command-line tools.
 */
public final class Backfill {

    /** Prometheus's default block duration (2h). */
    public static final long DEFAULT_BLOCK_DURATION = 2 * 3_600_000L;
    private static final int SAMPLES_PER_COMMIT = 5000;

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
        int[][] perBlock = byBlock(samples, mint, duration);
        BlockWriter writer = new BlockWriter();
        // Blocks are independent: they are built in parallel and reported in order.
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), perBlock.length));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "backfill");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<SeriesState> states = ThreadLocal.withInitial(() -> new SeriesState(samples.seriesCount()));
        List<Future<BlockMeta>> blocks = new ArrayList<>();
        try {
            String ulid = "";
            for (int b = 0; b < perBlock.length; b++) {
                int[] indices = perBlock[b];
                // ULIDs in block order, as sequential writing would give them.
                String previous = ulid;
                do {
                    ulid = Ulid.next();
                } while (ulid.compareTo(previous) <= 0);
                String blockUlid = ulid;
                blocks.add(pool.submit(() -> {
                    if (indices.length == 0) {
                        return null;
                    }
                    Head head = new Head(new HeadOptions(2 * duration, 120, 128, 64));
                    fill(head, samples, indices, states.get());
                    long bmin = head.minTime();
                    long bmax = head.maxTime() + 1;
                    return writer.write(outputDir, blockUlid, bmin, bmax, head.blockSeries(bmin, bmax));
                }));
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
                if (meta != null) {
                    out.add(meta);
                    progress.accept(meta);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** Sample indices per aligned block from {@code mint}, each in input order. */
    private static int[][] byBlock(BackfillSamples samples, long mint, long duration) {
        int blocks = (int) ((samples.maxTime() - mint) / duration) + 1;
        int[] counts = new int[blocks];
        for (int i = 0; i < samples.size(); i++) {
            // With negative times mint is rounded towards zero, past the oldest samples: promtool's
            // blocks start at mint, so those samples are in none of them.
            if (samples.t(i) >= mint) {
                counts[(int) ((samples.t(i) - mint) / duration)]++;
            }
        }
        int[][] out = new int[blocks][];
        for (int b = 0; b < blocks; b++) {
            out[b] = new int[counts[b]];
        }
        int[] fill = new int[blocks];
        for (int i = 0; i < samples.size(); i++) {
            if (samples.t(i) >= mint) {
                int b = (int) ((samples.t(i) - mint) / duration);
                out[b][fill[b]++] = i;
            }
        }
        return out;
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

    /** Per series, for the block being filled: head ref, and newest time and value committed and batched. */
    private static final class SeriesState {
        final long[] ref;
        final long[] committedT;
        final long[] committedV;
        final long[] batchT;
        final long[] batchV;
        final int[] touched = new int[SAMPLES_PER_COMMIT];
        int touchedCount;

        SeriesState(int series) {
            ref = new long[series];
            committedT = new long[series];
            committedV = new long[series];
            batchT = new long[series];
            batchV = new long[series];
        }

        void reset() {
            Arrays.fill(ref, 0);
            Arrays.fill(committedT, Long.MIN_VALUE);
            Arrays.fill(batchT, Long.MIN_VALUE);
            touchedCount = 0;
        }

        /** The batch was committed: what it held for each series is now the committed state. */
        void committed() {
            for (int i = 0; i < touchedCount; i++) {
                int id = touched[i];
                committedT[id] = batchT[id];
                committedV[id] = batchV[id];
            }
            touchedCount = 0;
        }
    }

    private static void fill(Head head, BackfillSamples samples, int[] indices, SeriesState st) throws IOException {
        st.reset();
        Appender app = head.appender();
        int pending = 0;
        for (int i : indices) {
            long ts = samples.t(i);
            int id = samples.seriesId(i);
            double v = samples.v(i);
            long bits = Double.doubleToRawLongBits(v);
            long committed = st.committedT[id];
            if (ts < committed) {
                app.rollback();
                throw new IOException("process blocks: add sample: " + StorageException.Kind.OUT_OF_ORDER.message());
            }
            if (ts == committed && bits != st.committedV[id]) {
                app.rollback();
                throw new IOException("process blocks: add sample: " + StorageException.Kind.DUPLICATE_SAMPLE.message());
            }
            // Prometheus accepts these at append and drops them at commit.
            if (ts > committed && ts > st.batchT[id]) {
                if (st.batchT[id] == st.committedT[id]) {
                    st.touched[st.touchedCount++] = id;
                }
                st.batchT[id] = ts;
                st.batchV[id] = bits;
                try {
                    st.ref[id] = app.append(st.ref[id], samples.seriesLabels(id), ts, v);
                } catch (StorageException e) {
                    app.rollback();
                    throw new IOException("process blocks: add sample: " + e.getMessage(), e);
                }
            }
            if (++pending >= SAMPLES_PER_COMMIT) {
                commit(app);
                st.committed();
                app = head.appender();
                pending = 0;
            }
        }
        commit(app);
        st.committed();
    }

    private static void commit(Appender app) throws IOException {
        try {
            app.commit();
        } catch (StorageException e) {
            throw new IOException("process blocks: commit: " + e.getMessage(), e);
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
