package dev.ignis.api.storage;

import dev.ignis.api.labels.Labels;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A cursor over series sorted by labels. After {@link #next()} returns true, {@link #labels()}
 * and {@link #iterator()} describe the current series; the iterator returned is valid until the
 * next call to {@link #next()} and may be the same reused object each time. Not thread-safe.
 */
@ProviderType
public interface SeriesSet {
    /** Moves to the next series; false when exhausted. */
    boolean next();

    /** Labels of the current series. */
    Labels labels();

    /** Samples of the current series within the querier's time range. */
    SampleIterator iterator();
}
