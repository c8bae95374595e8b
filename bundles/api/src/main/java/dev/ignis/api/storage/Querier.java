package dev.ignis.api.storage;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A read view over a fixed time range [mint, maxt] (ms, inclusive). Holds resources (block
 * readers, head isolation state) until {@link #close()}; one querier per query evaluation.
 * Series sets it returns are invalid after close.
 */
@ProviderType
public interface Querier extends AutoCloseable {

    /**
     * Series matching all matchers, sorted by labels.
     *
     * @param matchers at least one; a matcher that matches "" also matches series lacking the label
     * @throws IllegalArgumentException if a regex is invalid
     */
    SeriesSet select(LabelMatcher... matchers);

    /** Sorted, distinct label names of series matching the matchers (all series when none). */
    List<String> labelNames(LabelMatcher... matchers);

    /** Sorted, distinct values of {@code name} among series matching the matchers. */
    List<String> labelValues(String name, LabelMatcher... matchers);

    @Override
    void close();
}
