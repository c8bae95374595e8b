package dev.ignis.api.storage;

import dev.ignis.api.labels.Labels;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A batch of appends (one scrape, one rule evaluation) that becomes visible atomically.
 *
 * <p>Not thread-safe: one thread uses an appender from creation to {@link #commit()} or
 * {@link #rollback()}, after which it must not be used again. Queries never see part of a
 * batch.
 */
@ProviderType
public interface Appender {

    /**
     * Appends one float sample.
     *
     * @param ref a series ref returned by an earlier append for the same labels, or 0 when
     *            unknown; a ref that is no longer valid is ignored and the labels are used
     * @param labels the series' labels; ignored when {@code ref} is valid
     * @param t timestamp in milliseconds since the epoch
     * @param v the value; {@link StaleMarker#VALUE} marks the series stale
     * @return the series ref to pass next time (never 0)
     * @throws StorageException with kind OUT_OF_ORDER, OUT_OF_BOUNDS, DUPLICATE_SAMPLE or
     *         TOO_OLD; the batch stays usable and the sample is not added
     */
    long append(long ref, Labels labels, long t, double v) throws StorageException;

    /**
     * Attaches an exemplar that carries its own timestamp to a series; same as
     * {@link #appendExemplar(long, Labels, Labels, long, boolean, double)} with
     * {@code hasTimestamp} true.
     *
     * @return the series ref, or 0 when the exemplar was dropped silently (a duplicate, or
     *         exemplar storage disabled)
     */
    default long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, double v)
            throws StorageException {
        return ref;
    }

    /**
     * Attaches an exemplar to a series (known by {@code ref}, else by {@code seriesLabels}); it
     * is stored on {@link #commit()}. Prometheus's rules: a repeat of the series' newest exemplar
     * is dropped silently, an older or equally old one is rejected.
     *
     * @param t the exemplar's timestamp (ms), the sample's when it has none of its own
     * @param hasTimestamp whether {@code t} is the exemplar's own timestamp
     * @return the series ref, or 0 when the exemplar was dropped silently (a duplicate, or
     *         exemplar storage disabled)
     * @throws StorageException with kind OUT_OF_ORDER_EXEMPLAR or EXEMPLAR_LABEL_LENGTH, or
     *         INTERNAL for an unknown series; the batch stays usable
     */
    default long appendExemplar(long ref, Labels seriesLabels, Labels exemplarLabels, long t, boolean hasTimestamp,
            double v) throws StorageException {
        return appendExemplar(ref, seriesLabels, exemplarLabels, t, v);
    }

    /** Makes the batch durable (WAL) and visible. */
    void commit() throws StorageException;

    /** Discards the batch. */
    void rollback();
}
