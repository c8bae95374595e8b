package dev.ignis.tsdb.internal.head;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.TsdbStats;
import dev.ignis.api.storage.TsdbStats.Stat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.Lock;

/** Cardinality statistics of the head, computed from its postings as Prometheus does. */
final class HeadStats {

    private HeadStats() {
    }

    static TsdbStats of(Head head, int limit) {
        List<Stat> byMetric = new ArrayList<>();
        List<Stat> valuesPerName = new ArrayList<>();
        List<Stat> bytesPerName = new ArrayList<>();
        List<Stat> pairs = new ArrayList<>();
        long numPairs = 0;
        MemPostings p = head.postings;
        Lock l = p.readLock();
        l.lock();
        try {
            for (String name : p.labelNames()) {
                long bytes = 0;
                int values = 0;
                for (String value : p.labelValues(name)) {
                    int count = p.count(name, value);
                    if (count == 0) {
                        continue;
                    }
                    values++;
                    if (name.equals(Labels.METRIC_NAME)) {
                        byMetric.add(new Stat(value, count));
                    }
                    pairs.add(new Stat(name + "=" + value, count));
                    bytes += (long) value.length() * count;
                }
                numPairs += values;
                valuesPerName.add(new Stat(name, values));
                bytesPerName.add(new Stat(name, bytes));
            }
        } finally {
            l.unlock();
        }
        long minT = head.minTime();
        long maxT = head.maxTime();
        return new TsdbStats(head.numSeries(), numPairs, head.metrics.chunks.get(),
                minT == Long.MAX_VALUE ? 0 : minT, maxT == Long.MIN_VALUE ? 0 : maxT,
                top(byMetric, limit), top(valuesPerName, limit), top(bytesPerName, limit), top(pairs, limit));
    }

    private static List<Stat> top(List<Stat> stats, int limit) {
        stats.sort(Comparator.comparingLong(Stat::value).reversed().thenComparing(Stat::name));
        return stats.size() <= limit ? stats : stats.subList(0, Math.max(0, limit));
    }
}
