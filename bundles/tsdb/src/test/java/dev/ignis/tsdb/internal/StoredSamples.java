package dev.ignis.tsdb.internal;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every sample a querier or a whole TSDB holds, as label set -> "t=v" strings, for comparisons. */
public final class StoredSamples {
    private StoredSamples() {
    }

    public static Map<String, List<String>> read(Querier q) {
        Map<String, List<String>> out = new TreeMap<>();
        SeriesSet ss = q.select(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+"));
        while (ss.next()) {
            List<String> samples = new ArrayList<>();
            SampleIterator it = ss.iterator();
            while (it.next()) {
                samples.add(it.t() + "=" + it.v());
            }
            out.put(ss.labels().toString(), samples);
        }
        return out;
    }

    public static Map<String, List<String>> readAll(Tsdb db) {
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return read(q);
        }
    }
}
