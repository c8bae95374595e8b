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

    /**
     * Bulk form of {@link #next()}: calls it at most {@code len} times while it returns true
     * and the new sample's timestamp is at most {@code maxt}, copying each such sample into
     * {@code ts[off..]} and {@code vs[off..]}. A sample later than {@code maxt} that ends the
     * call has been advanced to and is the current one, exactly as after the equivalent
     * {@code next()} calls. Implementations decode whole chunks at once here.
     *
     * @return the number of samples copied; fewer than {@code len} means the iterator is
     *         exhausted or on a sample after {@code maxt}
     */
    default int nextBatch(long maxt, long[] ts, double[] vs, int off, int len) {
        int n = 0;
        while (n < len && next()) {
            long t = t();
            if (t > maxt) {
                break;
            }
            ts[off + n] = t;
            vs[off + n] = v();
            n++;
        }
        return n;
    }
}
