package dev.ignis.tsdb.internal.backfill;

import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code tsdb create-blocks-from openmetrics <file> <dir>} as promtool 2.42 does it: the
 * samples are cut into blocks aligned to the block duration (2h, or the largest of 2h x 3^k
 * within {@code --max-block-duration}); each block is filled through a head whose chunk range
 * is twice the block duration, so chunks come out as Prometheus cuts them, and written with
 * minTime = its oldest sample and maxTime = its newest + 1. The file is parsed once (promtool
 * parses it again for every block). Not thread-safe; a plain class for command-line tools.
 */
public final class Backfill {

    /** Prometheus's default block duration (2h). */
    public static final long DEFAULT_BLOCK_DURATION = 2 * 3_600_000L;
    private static final int SAMPLES_PER_COMMIT = 5000;

    private Backfill() {
    }

    /**
     * Creates blocks from an OpenMetrics file in {@code outputDir} (created if missing).
     *
     * @param maxBlockDuration ms, as promtool's {@code --max-block-duration} (0 for the default)
     * @param progress         receives each block written
     * @return the blocks written, oldest first
     * @throws IOException if the file is malformed (no block is written then) or writing fails
     */
    public static List<BlockMeta> createBlocks(Path input, Path outputDir, long maxBlockDuration, Consumer<BlockMeta> progress)
            throws IOException {
        OpenMetricsSamples samples = OpenMetricsSamples.parse(Files.readString(input, StandardCharsets.UTF_8));
        return createBlocks(samples, outputDir, maxBlockDuration, progress);
    }

    /** Creates blocks from parsed samples. */
    public static List<BlockMeta> createBlocks(OpenMetricsSamples samples, Path outputDir, long maxBlockDuration,
            Consumer<BlockMeta> progress) throws IOException {
        Files.createDirectories(outputDir);
        List<BlockMeta> out = new ArrayList<>();
        if (samples.size() == 0) {
            return out;
        }
        long duration = blockDuration(maxBlockDuration);
        long mint = duration * (samples.minTime() / duration);
        long maxt = samples.maxTime();
        BlockWriter writer = new BlockWriter();
        for (long t = mint; t <= maxt; t += duration) {
            long upper = t + duration;
            Head head = new Head(new HeadOptions(2 * duration, 120, 128, 64));
            Appender app = head.appender();
            int pending = 0;
            for (int i = 0; i < samples.size(); i++) {
                long ts = samples.t(i);
                if (ts < t || ts >= upper) {
                    continue;
                }
                try {
                    app.append(0, samples.labels(i), ts, samples.v(i));
                } catch (StorageException e) {
                    app.rollback();
                    throw new IOException("add sample " + samples.labels(i) + " " + ts + ": " + e.getMessage(), e);
                }
                if (++pending >= SAMPLES_PER_COMMIT) {
                    commit(app);
                    app = head.appender();
                    pending = 0;
                }
            }
            commit(app);
            if (head.maxTime() == Long.MIN_VALUE) {
                continue;
            }
            long bmin = head.minTime();
            long bmax = head.maxTime() + 1;
            BlockMeta meta = writer.write(outputDir, bmin, bmax, head.blockSeries(bmin, bmax));
            out.add(meta);
            progress.accept(meta);
        }
        return out;
    }

    private static void commit(Appender app) throws IOException {
        try {
            app.commit();
        } catch (StorageException e) {
            throw new IOException("commit: " + e.getMessage(), e);
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
