package dev.ignis.tsdb.internal.compact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which blocks to compact next, with the rules of Prometheus 2.42's leveled compactor
 * ({@code tsdb/compact.go}, {@code LeveledCompactor.plan}):
 * <ol>
 * <li>blocks whose time ranges overlap are merged first (vertical compaction), the first run
 *     of overlapping blocks in time order;</li>
 * <li>otherwise the newest block (the one with the greatest minimum time) is left out, so
 *     that a freshly cut block stays as it is for one block range, and the remaining blocks
 *     are split, for each range after the first, into groups aligned on that range; the
 *     first group of at least two blocks that fills its range or ends before the newest
 *     block starts is chosen; groups holding a block whose compaction failed are skipped;</li>
 * <li>otherwise a single large enough block with more than 5% tombstones (or entirely
 *     deleted) is rewritten.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class Planner {

    /** What the planner needs of a block. */
    public record Meta(String ulid, long minTime, long maxTime, long numSeries, long numTombstones, boolean failed) {
    }

    private final long[] ranges;

    /** @param ranges compaction ranges, ms, ascending; the first is the block range of the head */
    public Planner(long[] ranges) {
        if (ranges.length == 0) {
            throw new IllegalArgumentException("at least one range is needed");
        }
        this.ranges = ranges.clone();
    }

    /**
     * Prometheus's ranges: {@code minBlock} times 3^i for ten steps, cut before the first one
     * longer than {@code maxBlock} ({@code maxBlock} below {@code minBlock} counts as
     * {@code minBlock}).
     */
    public static long[] ranges(long minBlock, long maxBlock) {
        long max = Math.max(maxBlock, minBlock);
        List<Long> out = new ArrayList<>();
        long r = minBlock;
        for (int i = 0; i < 10 && r <= max; i++, r *= 3) {
            out.add(r);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    public long[] ranges() {
        return ranges.clone();
    }

    /** The blocks to compact into one, in time order; empty when there is nothing to do. */
    public List<Meta> plan(List<Meta> blocks) {
        if (blocks.isEmpty()) {
            return List.of();
        }
        List<Meta> ds = new ArrayList<>(blocks);
        ds.sort(Comparator.comparingLong(Meta::minTime));
        List<Meta> overlapping = selectOverlapping(ds);
        if (!overlapping.isEmpty()) {
            return overlapping;
        }
        ds = ds.subList(0, ds.size() - 1);
        List<Meta> selected = selectDirs(ds);
        if (!selected.isEmpty()) {
            return selected;
        }
        for (int i = ds.size() - 1; i >= 0; i--) {
            Meta m = ds.get(i);
            if (m.maxTime() - m.minTime() < ranges[ranges.length / 2]) {
                if (m.numTombstones() > 0 && m.numTombstones() >= m.numSeries()) {
                    return List.of(m);
                }
                break;
            }
            if ((double) m.numTombstones() / (m.numSeries() + 1) > 0.05) {
                return List.of(m);
            }
        }
        return List.of();
    }

    /** The first run of blocks (sorted by min time) whose ranges overlap. */
    static List<Meta> selectOverlapping(List<Meta> ds) {
        List<Meta> out = new ArrayList<>();
        if (ds.size() < 2) {
            return out;
        }
        long globalMaxT = ds.get(0).maxTime();
        for (int i = 1; i < ds.size(); i++) {
            Meta d = ds.get(i);
            if (d.minTime() < globalMaxT) {
                if (out.isEmpty()) {
                    out.add(ds.get(i - 1));
                }
                out.add(d);
            } else if (!out.isEmpty()) {
                break;
            }
            globalMaxT = Math.max(globalMaxT, d.maxTime());
        }
        return out;
    }

    private List<Meta> selectDirs(List<Meta> ds) {
        if (ranges.length < 2 || ds.isEmpty()) {
            return List.of();
        }
        long highTime = ds.get(ds.size() - 1).minTime();
        for (int r = 1; r < ranges.length; r++) {
            long iv = ranges[r];
            parts:
            for (List<Meta> p : splitByRange(ds, iv)) {
                for (Meta m : p) {
                    if (m.failed()) {
                        continue parts;
                    }
                }
                long mint = p.get(0).minTime();
                long maxt = p.get(p.size() - 1).maxTime();
                if ((maxt - mint == iv || maxt <= highTime) && p.size() > 1) {
                    return p;
                }
            }
        }
        return List.of();
    }

    /**
     * Groups consecutive blocks (sorted by min time) that fall into the same range of width
     * {@code tr} aligned on multiples of it (from 0); a block crossing its range's end is in no
     * group. E.g. [0-10, 10-20, 50-60, 90-100] with 30 gives [0-10, 10-20], [50-60], [90-100].
     */
    static List<List<Meta>> splitByRange(List<Meta> ds, long tr) {
        List<List<Meta>> out = new ArrayList<>();
        int i = 0;
        while (i < ds.size()) {
            Meta m = ds.get(i);
            long t0 = Math.floorDiv(m.minTime(), tr) * tr;
            if (m.maxTime() > t0 + tr) {
                i++;
                continue;
            }
            List<Meta> group = new ArrayList<>();
            for (; i < ds.size() && ds.get(i).maxTime() <= t0 + tr; i++) {
                group.add(ds.get(i));
            }
            if (!group.isEmpty()) {
                out.add(group);
            }
        }
        return out;
    }
}
