package dev.ignis.tsdb.internal.tombstones;

import java.util.Arrays;

/**
 * Deleted time of one series: closed intervals [mint, maxt] in ms, sorted and neither
 * overlapping nor adjacent (adding merges them, as Prometheus's {@code Intervals.Add} does,
 * since timestamps are discrete). Immutable; {@link #add} returns a new value.
 */
public final class Intervals {

    /** No deleted time. */
    public static final Intervals EMPTY = new Intervals(new long[0]);

    // mint0, maxt0, mint1, maxt1, ...
    private final long[] bounds;

    private Intervals(long[] bounds) {
        this.bounds = bounds;
    }

    /** One interval (an inverted one, mint > maxt, is kept as Prometheus keeps it and deletes nothing). */
    public static Intervals of(long mint, long maxt) {
        return new Intervals(new long[] {mint, maxt});
    }

    public int size() {
        return bounds.length / 2;
    }

    public boolean isEmpty() {
        return bounds.length == 0;
    }

    public long mint(int i) {
        return bounds[2 * i];
    }

    public long maxt(int i) {
        return bounds[2 * i + 1];
    }

    /**
     * These intervals with [mint, maxt] added: every interval that overlaps it or touches it
     * (ends at mint - 1 or starts at maxt + 1) is merged with it into one.
     */
    public Intervals add(long mint, long maxt) {
        int n = size();
        // First interval that reaches mint - 1 or later.
        int lo = 0;
        if (mint != Long.MIN_VALUE) {
            while (lo < n && maxt(lo) < mint - 1) {
                lo++;
            }
        }
        // First interval (from lo) that starts after maxt + 1.
        int hi = n;
        if (maxt != Long.MAX_VALUE) {
            hi = lo;
            while (hi < n && mint(hi) <= maxt + 1) {
                hi++;
            }
        }
        long[] out;
        if (hi == lo) {
            out = new long[bounds.length + 2];
            System.arraycopy(bounds, 0, out, 0, 2 * lo);
            out[2 * lo] = mint;
            out[2 * lo + 1] = maxt;
            System.arraycopy(bounds, 2 * lo, out, 2 * lo + 2, bounds.length - 2 * lo);
            return new Intervals(out);
        }
        long newMin = Math.min(mint, mint(lo));
        long newMax = Math.max(maxt, maxt(hi - 1));
        int merged = hi - lo;
        out = new long[bounds.length - 2 * (merged - 1)];
        System.arraycopy(bounds, 0, out, 0, 2 * lo);
        out[2 * lo] = newMin;
        out[2 * lo + 1] = newMax;
        System.arraycopy(bounds, 2 * hi, out, 2 * lo + 2, bounds.length - 2 * hi);
        return new Intervals(out);
    }

    /** These intervals with all of {@code other}'s added. */
    public Intervals addAll(Intervals other) {
        Intervals r = this;
        for (int i = 0; i < other.size(); i++) {
            r = r.add(other.mint(i), other.maxt(i));
        }
        return r;
    }

    /** Whether timestamp {@code t} is deleted. */
    public boolean contains(long t) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (t >= bounds[i] && t <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** Whether one interval holds all of [mint, maxt] (Prometheus's {@code IsSubrange}). */
    public boolean covers(long mint, long maxt) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (mint >= bounds[i] && mint <= bounds[i + 1] && maxt >= bounds[i] && maxt <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * These intervals plus all time outside the query range [mint, maxt], for deciding as
     * Prometheus's block querier does which chunks are left out whole ({@link #covers}).
     */
    public Intervals withOutside(long mint, long maxt) {
        Intervals r = this;
        if (mint != Long.MIN_VALUE) {
            r = r.add(Long.MIN_VALUE, mint - 1);
        }
        if (maxt != Long.MAX_VALUE) {
            r = r.add(maxt + 1, Long.MAX_VALUE);
        }
        return r;
    }

    /** Whether some interval shares a timestamp with [mint, maxt]. */
    public boolean overlaps(long mint, long maxt) {
        for (int i = 0; i < bounds.length; i += 2) {
            if (bounds[i] <= maxt && mint <= bounds[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** The intervals that end at or after {@code t} (Prometheus's {@code TruncateBefore}). */
    public Intervals dropBefore(long t) {
        int k = size();
        while (k > 0 && maxt(k - 1) >= t) {
            k--;
        }
        if (k == 0) {
            return this;
        }
        return new Intervals(Arrays.copyOfRange(bounds, 2 * k, bounds.length));
    }

    /**
     * The intervals as {@code [mint0, maxt0, mint1, maxt1, ...]} (a copy), the shape the
     * compactor's {@code BlockMerger.Deletions} takes.
     */
    public long[] toArray() {
        return bounds.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Intervals other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('[').append(mint(i)).append(", ").append(maxt(i)).append(']');
        }
        return sb.append(']').toString();
    }
}
