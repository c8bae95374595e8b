package dev.ignis.tsdb.internal.tombstones;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Deleted intervals by series ref: a block's {@code tombstones} file, or the head's deletions.
 * Thread-safe: adds are atomic per series and readers get immutable {@link Intervals}.
 * Lookups cost nothing when there are no tombstones at all.
 */
public final class Tombstones {

    private final ConcurrentHashMap<Long, Intervals> byRef = new ConcurrentHashMap<>();

    /** The deleted intervals of series {@code ref}, or null when none. */
    public Intervals get(long ref) {
        return byRef.isEmpty() ? null : byRef.get(ref);
    }

    /** Adds [mint, maxt] to series {@code ref}'s deleted intervals. */
    public void add(long ref, long mint, long maxt) {
        byRef.merge(ref, Intervals.of(mint, maxt), (old, n) -> old.add(mint, maxt));
    }

    /** Adds all of {@code ivs} to series {@code ref}. */
    public void add(long ref, Intervals ivs) {
        if (!ivs.isEmpty()) {
            byRef.merge(ref, ivs, Intervals::addAll);
        }
    }

    /** Adds everything {@code other} holds. */
    public void addAll(Tombstones other) {
        other.byRef.forEach(this::add);
    }

    public boolean isEmpty() {
        return byRef.isEmpty();
    }

    /** Number of series with deleted intervals. */
    public int numSeries() {
        return byRef.size();
    }

    /** Number of intervals over all series ({@code stats.numTombstones} of {@code meta.json}). */
    public long total() {
        long n = 0;
        for (Intervals iv : byRef.values()) {
            n += iv.size();
        }
        return n;
    }

    /** Calls {@code f} for each series in ascending ref order. */
    public void forEachSorted(BiConsumer<Long, Intervals> f) {
        byRef.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> f.accept(e.getKey(), e.getValue()));
    }

    /** A copy that later adds to either do not affect the other. */
    public Tombstones copy() {
        Tombstones t = new Tombstones();
        t.byRef.putAll(byRef);
        return t;
    }

    /** Drops intervals that end before {@code t}, and series left with none (head truncation). */
    public void truncateBefore(long t) {
        for (Long ref : byRef.keySet()) {
            byRef.computeIfPresent(ref, (r, iv) -> {
                Intervals kept = iv.dropBefore(t);
                return kept.isEmpty() ? null : kept;
            });
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tombstones other && byRef.equals(other.byRef);
    }

    @Override
    public int hashCode() {
        return byRef.hashCode();
    }

    @Override
    public String toString() {
        return byRef.toString();
    }
}
