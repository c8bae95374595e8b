package dev.ignis.tsdb.internal.index;

import java.util.Collection;

/**
 * The postings side of an index, the same for the head and (later) persisted blocks. Callers
 * hold whatever lock the implementation requires for the duration of a query.
 */
public interface IndexReader {
    /** Sorted refs of series with {@code name="value"}; empty when none. */
    long[] postings(String name, String value);

    /** Sorted refs of all series. */
    long[] allPostings();

    /** Values of {@code name}, in no particular order. */
    Collection<String> labelValues(String name);

    /** Label names, in no particular order. */
    Collection<String> labelNames();
}
