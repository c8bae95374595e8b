package dev.ignis.tsdb.internal;

import static dev.ignis.tsdb.internal.TombstoneFixtures.ALL;
import static dev.ignis.tsdb.internal.TombstoneFixtures.backfilledWithPrometheusTombstones;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SampleIterator#nextBatch} through a whole TSDB gives what next() gives: two blocks
 * with Prometheus 2.42's tombstones, head samples after them (series merged across blocks and
 * head), stale markers, a deleted range in the head, query windows and read bounds cutting
 * chunks anywhere, seeks into the middle, and batch lengths from 1 to more than a chunk.
 */
class BatchedReadTest {

    @TempDir
    Path tmp;

    @Test
    void batchesReadWhatNextReads() throws Exception {
        Path data = backfilledWithPrometheusTombstones(tmp);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            long blocksMin = db.minTime();
            long blocksMax = db.blocks().get(db.blocks().size() - 1).meta().maxTime() - 1;
            List<Labels> series = new ArrayList<>();
            try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                SeriesSet ss = q.select(ALL);
                while (ss.next()) {
                    series.add(ss.labels());
                }
            }
            assertTrue(series.size() >= 3, series.toString());
            Appender app = db.appender();
            for (int k = 1; k <= 400; k++) {
                long t = blocksMax + k * 15_000L;
                for (int s = 0; s < series.size(); s++) {
                    app.append(0, series.get(s), t, k % 97 == s ? StaleMarker.VALUE : k * 0.5 + s);
                }
            }
            app.commit();
            Labels deletedIn = series.get(0);
            new TsdbAdmin(db).deleteSeries(blocksMax + 30 * 15_000L, blocksMax + 90 * 15_000L,
                    List.of(LabelMatcher.equal("__name__", deletedIn.get("__name__")),
                            LabelMatcher.equal("job", deletedIn.get("job"))));
            long headMax = blocksMax + 400 * 15_000L;
            long mid = (blocksMin + blocksMax) / 2;
            long[][] windows = {
                {Long.MIN_VALUE, Long.MAX_VALUE},
                {mid, blocksMax + 200 * 15_000L},
                {blocksMin + 1, mid},
                {blocksMax - 60_000, headMax - 1},
            };
            int compared = 0;
            for (long[] w : windows) {
                try (Querier q = db.querier(w[0], w[1])) {
                    Map<String, List<String>> want = read(q, Long.MIN_VALUE, Long.MAX_VALUE, 0);
                    assertTrue(!want.isEmpty());
                    for (int len : new int[] {1, 2, 7, 119, 120, 121, 5000}) {
                        assertEquals(want, read(q, Long.MIN_VALUE, Long.MAX_VALUE, len), "window " + w[0] + ".." + w[1] + " len " + len);
                        compared++;
                    }
                    // A seek into the middle and a read bound, as a range selector reads.
                    long from = Math.max(w[0], blocksMin) + 3_600_000L + 7_000;
                    long upTo = Math.min(w[1], headMax) - 1_234_567L;
                    Map<String, List<String>> cut = read(q, from, upTo, 0);
                    for (int len : new int[] {1, 3, 64, 5000}) {
                        assertEquals(cut, read(q, from, upTo, len), "window " + w[0] + ".." + w[1] + " cut, len " + len);
                        compared++;
                    }
                }
            }
            assertEquals(4 * 11, compared);
        }
    }

    /**
     * Each series' samples in [from, upTo] as "t=v": with next() and a bound check when
     * {@code len} is 0, else with seek and nextBatch calls of {@code len}.
     */
    private static Map<String, List<String>> read(Querier q, long from, long upTo, int len) {
        Map<String, List<String>> out = new TreeMap<>();
        SeriesSet ss = q.select(ALL);
        long[] ts = new long[Math.max(len, 1) + 2];
        double[] vs = new double[ts.length];
        while (ss.next()) {
            List<String> samples = new ArrayList<>();
            SampleIterator it = ss.iterator();
            if (len == 0) {
                while (it.next()) {
                    if (it.t() >= from && it.t() <= upTo) {
                        samples.add(it.t() + "=" + Double.doubleToRawLongBits(it.v()));
                    }
                }
            } else if (it.seek(from) && it.t() <= upTo) {
                samples.add(it.t() + "=" + Double.doubleToRawLongBits(it.v()));
                // In pieces with bounds in between: after a short batch the iterator is on the
                // first sample past the bound (seek tells without moving) or exhausted.
                long step = from == Long.MIN_VALUE || upTo == Long.MAX_VALUE ? 0 : (upTo - from) / 5 + 1;
                long bound = step == 0 ? upTo : from + step;
                while (true) {
                    int k = it.nextBatch(bound, ts, vs, 1, len);
                    for (int i = 1; i <= k; i++) {
                        samples.add(ts[i] + "=" + Double.doubleToRawLongBits(vs[i]));
                    }
                    if (k == len) {
                        continue;
                    }
                    if (bound >= upTo || !it.seek(bound + 1)) {
                        break;
                    }
                    // The current sample is not consumed yet: the next bound that holds it.
                    while (it.t() > bound) {
                        bound = Math.min(upTo, bound + step);
                    }
                    if (it.t() > upTo) {
                        break;
                    }
                    samples.add(it.t() + "=" + Double.doubleToRawLongBits(it.v()));
                }
            }
            out.put(ss.labels().toString(), samples);
        }
        return out;
    }
}
