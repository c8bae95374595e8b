package dev.ignis.api.storage;

import java.nio.file.Path;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The time-series database: appends, queries and administration. One instance is registered
 * by the storage bundle once the WAL has been replayed; its presence means "storage ready".
 * Thread-safe.
 */
@ProviderType
public interface Storage extends Appendable, Queryable {

    /** The oldest timestamp (ms) held, or {@link Long#MAX_VALUE} when empty. */
    long minTime();

    /** Marks samples of matching series in [mint, maxt] deleted (tombstones). */
    void deleteSeries(long mint, long maxt, List<LabelMatcher> matchers) throws StorageException;

    /** Rewrites blocks that have tombstones without the deleted data. */
    void cleanTombstones() throws StorageException;

    /**
     * Writes a snapshot of all blocks (hard links) and, unless {@code skipHead}, the head as a
     * block, into {@code dir}.
     */
    void snapshot(Path dir, boolean skipHead) throws StorageException;

    /** Head statistics and cardinality, as shown by /api/v1/status/tsdb. */
    TsdbStats stats(int limit);

    /**
     * Exemplars in [start, end] (ms, inclusive) of the series that match all matchers of at
     * least one of {@code selectors}, sorted by series labels; empty when exemplar storage is
     * off ({@code --enable-feature=exemplar-storage}).
     */
    default List<ExemplarSeries> exemplars(long start, long end, List<List<LabelMatcher>> selectors) {
        return List.of();
    }
}
