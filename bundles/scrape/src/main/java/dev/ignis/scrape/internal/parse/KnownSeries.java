package dev.ignis.scrape.internal.parse;

/**
 * Series parts a parser validated whole in an earlier body (a scrape cache's keys): a line that
 * starts with one of them needs its value and timestamp read, not its labels.
 */
@FunctionalInterface
public interface KnownSeries {
    /** Returned by {@link #find} for bytes that are not a known series part. */
    int UNKNOWN = -1;

    /**
     * The slot of {@code b[off, off+len)} among the known series parts, or {@link #UNKNOWN}.
     * Every part known must have been a whole series part (name and label set, exactly as
     * written) of a line this parser type read without error.
     */
    int find(byte[] b, int off, int len);
}
