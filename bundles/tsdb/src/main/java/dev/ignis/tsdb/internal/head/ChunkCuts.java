package dev.ignis.tsdb.internal.head;

/**
 * Where Prometheus 2.42 cuts a series' chunks, for the head and for whoever builds chunks the
 * way the head would (backfill): a chunk never spans a boundary of the chunk range, and at a
 * quarter of the target sample count it predicts its end so that the rest of the range splits
 * into equal chunks.
 */
public final class ChunkCuts {
    private ChunkCuts() {
    }

    /** End of a chunk begun at {@code start}, a quarter full at {@code cur}, that must end by {@code max}. */
    public static long predictedEnd(long start, long cur, long max) {
        long n = (max - start) / ((cur - start + 1) * 4);
        return n <= 1 ? max : start + (max - start) / n;
    }

    /** End of the aligned chunk range holding {@code t} (Long.MAX_VALUE when it would overflow). */
    public static long rangeEnd(long t, long range) {
        long start = Math.floorDiv(t, range) * range;
        return start > Long.MAX_VALUE - range ? Long.MAX_VALUE : start + range;
    }
}
