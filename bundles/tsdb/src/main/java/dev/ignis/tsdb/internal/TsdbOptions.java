package dev.ignis.tsdb.internal;

import dev.ignis.api.config.ByteSize;
import dev.ignis.api.config.PromDuration;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Settings of one TSDB instance.
 *
 * @param dir            data directory (created if missing)
 * @param head           head settings
 * @param walSegmentSize WAL segment size in bytes (Prometheus: 128 MiB)
 * @param walCompression whether the WAL may snappy-compress records (Prometheus: on)
 * @param syncOnCommit   fsync the WAL on every commit; Prometheus does not (it syncs when a
 *                       segment is closed), so a machine crash may lose the last writes
 * @param retention      time retention in ms, 0 for none
 * @param maxBytes       size retention in bytes (blocks, WAL and head chunks), 0 for none
 * @param maxBlockDuration longest block compaction may produce, ms
 * @param headChunksWriteQueueSize chunks that may wait for the chunks_head writer thread; 0 (the
 *                       default, as Prometheus's) writes them in the commit that cuts them
 * @param useLockfile    hold {@code <dir>/lock} while open ({@code --storage.tsdb.use-lockfile},
 *                       off by default as in Prometheus)
 * @param memorySnapshotOnShutdown write a snapshot of the head on close and start from it
 *                       ({@code --enable-feature=memory-snapshot-on-shutdown})
 * @param exemplarStorage keep exemplars in a ring of {@code storage.exemplars.max_exemplars}
 *                       ({@code --enable-feature=exemplar-storage})
 */
public record TsdbOptions(Path dir, HeadOptions head, int walSegmentSize, boolean walCompression, boolean syncOnCommit,
        long retention, long maxBytes, long maxBlockDuration, int headChunksWriteQueueSize, boolean useLockfile,
        boolean memorySnapshotOnShutdown, boolean exemplarStorage) {

    /** Framework property holding the data directory (the {@code --storage.tsdb.path} flag). */
    public static final String PATH_PROPERTY = "ignis.flag.storage.tsdb.path";
    /** Framework property of the {@code --storage.tsdb.wal-compression} flag. */
    public static final String WAL_COMPRESSION_PROPERTY = "ignis.flag.storage.tsdb.wal-compression";
    /**
     * Framework property of the (hidden) {@code --storage.tsdb.min-block-duration} flag: the
     * head's chunk range and the width of the blocks cut from it (Prometheus: 2h).
     */
    public static final String MIN_BLOCK_DURATION_PROPERTY = "ignis.flag.storage.tsdb.min-block-duration";

    /** Framework property of {@code --storage.tsdb.retention.time}. */
    public static final String RETENTION_TIME_PROPERTY = "ignis.flag.storage.tsdb.retention.time";
    /** Framework property of the deprecated {@code --storage.tsdb.retention}. */
    public static final String RETENTION_PROPERTY = "ignis.flag.storage.tsdb.retention";
    /** Framework property of {@code --storage.tsdb.retention.size}. */
    public static final String RETENTION_SIZE_PROPERTY = "ignis.flag.storage.tsdb.retention.size";
    /** Framework property of {@code --storage.tsdb.head-chunks-write-queue-size}. */
    public static final String HEAD_CHUNKS_WRITE_QUEUE_SIZE_PROPERTY = "ignis.flag.storage.tsdb.head-chunks-write-queue-size";
    /** Framework property of the (hidden) {@code --storage.tsdb.max-block-duration} flag. */
    public static final String MAX_BLOCK_DURATION_PROPERTY = "ignis.flag.storage.tsdb.max-block-duration";
    /** Framework property of {@code --storage.tsdb.use-lockfile}. */
    /** Framework property listing the {@code --enable-feature} names, comma separated. */
    public static final String FEATURES_PROPERTY = "ignis.features";
    public static final String LOCKFILE_PROPERTY = "ignis.flag.storage.tsdb.use-lockfile";

    public static final int DEFAULT_WAL_SEGMENT_SIZE = 128 * 1024 * 1024;
    /** Prometheus's retention when neither time nor size retention is set: 15d. */
    public static final long DEFAULT_RETENTION = 15L * 24 * 3_600_000;
    /** Prometheus's cap on the computed max block duration: 31d. */
    public static final long MAX_BLOCK_DURATION_CAP = 31L * 24 * 3_600_000;

    /** Prometheus's defaults for a data directory (15d retention, blocks up to 10% of it). */
    public static TsdbOptions defaults(Path dir) {
        return new TsdbOptions(dir, HeadOptions.defaults(), DEFAULT_WAL_SEGMENT_SIZE, true, false, DEFAULT_RETENTION, 0,
                DEFAULT_RETENTION / 10, 0, false, false, false);
    }

    /** Options from framework properties (null for unset), with Prometheus's defaults. */
    public static TsdbOptions fromProperties(Function<String, String> props) {
        String path = props.apply(PATH_PROPERTY);
        TsdbOptions o = defaults(Path.of(path == null || path.isBlank() ? "data/" : path));
        String compression = props.apply(WAL_COMPRESSION_PROPERTY);
        if (compression != null) {
            o = o.withWalCompression(Boolean.parseBoolean(compression.trim()));
        }
        String blockDuration = props.apply(MIN_BLOCK_DURATION_PROPERTY);
        if (blockDuration != null && !blockDuration.isBlank()) {
            o = o.withBlockDuration(PromDuration.parse(blockDuration.trim()).toMillis());
        }
        // As Prometheus's main.go: the new flag wins over the deprecated one; with neither time
        // nor size retention, 15d; the max block duration defaults to 10% of the time retention,
        // at most 31d.
        long retention = duration(props.apply(RETENTION_PROPERTY));
        long newer = duration(props.apply(RETENTION_TIME_PROPERTY));
        if (newer != 0) {
            retention = newer;
        }
        String size = props.apply(RETENTION_SIZE_PROPERTY);
        long maxBytes = size == null || size.isBlank() ? 0 : ByteSize.parse(size.trim());
        if (retention == 0 && maxBytes == 0) {
            retention = DEFAULT_RETENTION;
        }
        long maxBlock = duration(props.apply(MAX_BLOCK_DURATION_PROPERTY));
        if (maxBlock == 0) {
            maxBlock = MAX_BLOCK_DURATION_CAP;
            if (retention != 0 && retention / 10 < maxBlock) {
                maxBlock = retention / 10;
            }
        }
        String queue = props.apply(HEAD_CHUNKS_WRITE_QUEUE_SIZE_PROPERTY);
        if (queue != null && !queue.isBlank()) {
            // As Prometheus: a queue only for a positive size.
            o = o.withHeadChunksWriteQueueSize(Math.max(0, Integer.parseInt(queue.trim())));
        }
        String lock = props.apply(LOCKFILE_PROPERTY);
        if (lock != null) {
            o = o.withLockfile(Boolean.parseBoolean(lock.trim()));
        }
        String features = props.apply(FEATURES_PROPERTY);
        if (features != null && Arrays.asList(features.split(",")).contains("memory-snapshot-on-shutdown")) {
            o = o.withMemorySnapshotOnShutdown(true);
        }
        if (features != null && Arrays.asList(features.split(",")).contains("exemplar-storage")) {
            o = o.withExemplarStorage(true);
        }
        return o.withRetention(retention, maxBytes).withMaxBlockDuration(maxBlock);
    }

    private static long duration(String v) {
        return v == null || v.isBlank() ? 0 : PromDuration.parse(v.trim()).toMillis();
    }

    /** Block range and head chunk range, ms. */
    public long blockDuration() {
        return head.chunkRange();
    }

    public TsdbOptions withBlockDuration(long ms) {
        return new TsdbOptions(dir, new HeadOptions(ms, head.samplesPerChunk(), head.initialChunkBytes(), head.stripes()),
                walSegmentSize, walCompression, syncOnCommit, retention, maxBytes, maxBlockDuration,
                headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withWalSegmentSize(int size) {
        return new TsdbOptions(dir, head, size, walCompression, syncOnCommit, retention, maxBytes, maxBlockDuration,
                headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withWalCompression(boolean on) {
        return new TsdbOptions(dir, head, walSegmentSize, on, syncOnCommit, retention, maxBytes, maxBlockDuration,
                headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    /** Time retention (ms, 0 for none) and size retention (bytes, 0 for none). */
    public TsdbOptions withRetention(long ms, long bytes) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, ms, bytes, maxBlockDuration,
                headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withMaxBlockDuration(long ms) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, retention, maxBytes, ms,
                headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withHeadChunksWriteQueueSize(int size) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, retention, maxBytes,
                maxBlockDuration, size, useLockfile, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withLockfile(boolean on) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, retention, maxBytes,
                maxBlockDuration, headChunksWriteQueueSize, on, memorySnapshotOnShutdown, exemplarStorage);
    }

    public TsdbOptions withMemorySnapshotOnShutdown(boolean on) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, retention, maxBytes,
                maxBlockDuration, headChunksWriteQueueSize, useLockfile, on, exemplarStorage);
    }

    public TsdbOptions withExemplarStorage(boolean on) {
        return new TsdbOptions(dir, head, walSegmentSize, walCompression, syncOnCommit, retention, maxBytes,
                maxBlockDuration, headChunksWriteQueueSize, useLockfile, memorySnapshotOnShutdown, on);
    }

    /** The compaction ranges: the block duration times 3^i, up to the max block duration. */
    public long[] compactionRanges() {
        return dev.ignis.tsdb.internal.compact.Planner.ranges(blockDuration(), maxBlockDuration);
    }

    public TsdbOptions {
        if (walSegmentSize < 32 * 1024 || walSegmentSize % (32 * 1024) != 0) {
            throw new IllegalArgumentException("WAL segment size must be a multiple of 32 KiB: " + walSegmentSize);
        }
        if (headChunksWriteQueueSize < 0) {
            throw new IllegalArgumentException("head chunks write queue size must not be negative: " + headChunksWriteQueueSize);
        }
    }
}
