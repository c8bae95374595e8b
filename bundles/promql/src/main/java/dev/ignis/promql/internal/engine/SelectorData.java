package dev.ignis.promql.internal.engine;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The samples of every series a selector matches, read once per query and kept in arrays so
 * that each evaluation step is a binary search. Stale markers are kept: an instant selector
 * must see them to hide a series.
 */
final class SelectorData {

    /** One series' samples in time order; {@code n} of the arrays are used. */
    record Series(Labels labels, long[] ts, double[] vs, int n) {

        /** Index of the last sample at or before {@code t}, or -1. */
        int lastAtOrBefore(long t) {
            int i = Arrays.binarySearch(ts, 0, n, t);
            return i >= 0 ? i : -i - 2;
        }
    }

    private final List<Series> series;

    private SelectorData(List<Series> series) {
        this.series = series;
    }

    static SelectorData empty() {
        return new SelectorData(List.of());
    }

    static SelectorData load(Querier querier, List<LabelMatcher> matchers) {
        List<Series> out = new ArrayList<>();
        SeriesSet set = querier.select(matchers.toArray(new LabelMatcher[0]));
        while (set.next()) {
            SampleIterator it = set.iterator();
            long[] ts = new long[16];
            double[] vs = new double[16];
            int n = 0;
            while (it.next()) {
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    vs = Arrays.copyOf(vs, n * 2);
                }
                ts[n] = it.t();
                vs[n] = it.v();
                n++;
            }
            if (n > 0) {
                out.add(new Series(set.labels(), ts, vs, n));
            }
        }
        return new SelectorData(out);
    }

    List<Series> series() {
        return series;
    }

    /** Samples held, stale markers included. */
    long sampleCount() {
        long n = 0;
        for (Series s : series) {
            n += s.n();
        }
        return n;
    }

    static boolean isStale(double v) {
        return StaleMarker.isStale(v);
    }
}
