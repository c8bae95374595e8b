package dev.ignis.api.storage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Iterates one series' float samples in timestamp order. Reusable and allocation-free:
 * {@link #t()} and {@link #v()} return the current sample after {@link #next()} or
 * {@link #seek(long)} returned true. Not thread-safe.
 */
@ProviderType
public interface SampleIterator {
    /** Advances to the next sample; false when exhausted. */
    boolean next();

    /**
     * Advances to the first sample at or after {@code t}; stays put if the current sample
     * already qualifies. False when there is none.
     */
    boolean seek(long t);

    /** Timestamp (ms) of the current sample. */
    long t();

    /** Value of the current sample (may be {@link StaleMarker#VALUE}). */
    double v();
}
