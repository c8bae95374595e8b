package dev.ignis.tsdb.internal;

import dev.ignis.api.config.PromDuration;
import dev.ignis.tsdb.internal.head.HeadOptions;
import java.nio.file.Path;
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
 */
public record TsdbOptions(Path dir, HeadOptions head, int walSegmentSize, boolean walCompression, boolean syncOnCommit) {

    /** Framework property holding the data directory (the {@code --storage.tsdb.path} flag). */
    public static final String PATH_PROPERTY = "ignis.flag.storage.tsdb.path";
    /** Framework property of the {@code --storage.tsdb.wal-compression} flag. */
    public static final String WAL_COMPRESSION_PROPERTY = "ignis.flag.storage.tsdb.wal-compression";
    /**
     * Framework property of the (hidden) {@code --storage.tsdb.min-block-duration} flag: the
     * head's chunk range and the width of the blocks cut from it (Prometheus: 2h).
     */
    public static final String MIN_BLOCK_DURATION_PROPERTY = "ignis.flag.storage.tsdb.min-block-duration";

    public static final int DEFAULT_WAL_SEGMENT_SIZE = 128 * 1024 * 1024;

    /** Prometheus's defaults for a data directory. */
    public static TsdbOptions defaults(Path dir) {
        return new TsdbOptions(dir, HeadOptions.defaults(), DEFAULT_WAL_SEGMENT_SIZE, true, false);
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
        return o;
    }

    /** Block range and head chunk range, ms. */
    public long blockDuration() {
        return head.chunkRange();
    }

    public TsdbOptions withBlockDuration(long ms) {
        return new TsdbOptions(dir, new HeadOptions(ms, head.samplesPerChunk(), head.initialChunkBytes(), head.stripes()),
                walSegmentSize, walCompression, syncOnCommit);
    }

    public TsdbOptions withWalSegmentSize(int size) {
        return new TsdbOptions(dir, head, size, walCompression, syncOnCommit);
    }

    public TsdbOptions withWalCompression(boolean on) {
        return new TsdbOptions(dir, head, walSegmentSize, on, syncOnCommit);
    }

    public TsdbOptions {
        if (walSegmentSize < 32 * 1024 || walSegmentSize % (32 * 1024) != 0) {
            throw new IllegalArgumentException("WAL segment size must be a multiple of 32 KiB: " + walSegmentSize);
        }
    }
}
