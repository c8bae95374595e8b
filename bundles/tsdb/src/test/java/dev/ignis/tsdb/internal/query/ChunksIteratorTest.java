package dev.ignis.tsdb.internal.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ignis.api.storage.StaleMarker;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.tombstones.Intervals;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The iterator over a series' chunks (each decoded whole into a buffer) against a plain list
 * of the samples: random mixes of next, seek and nextBatch (with bounds and lengths cutting
 * anywhere, stale markers among the values), query bounds cutting chunks anywhere,
 * deleted intervals, and chunk sizes from 1 sample to more than the initial buffer.
 */
class ChunksIteratorTest {

    @ParameterizedTest(name = "seed {0}, up to {1} samples a chunk, deleted: {2}")
    @CsvSource({"1, 1, false", "2, 5, false", "3, 120, false", "4, 300, false", "5, 120, true", "6, 7, true",
        "7, 1000, true", "8, 40, false"})
    void behavesAsTheSampleList(long seed, int perChunk, boolean withDeleted) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int round = 0; round < 200; round++) {
            ChunkList chunks = new ChunkList();
            List<long[]> all = new ArrayList<>();
            int nChunks = r.nextInt(0, 6);
            long t = r.nextLong(-1000, 1000);
            for (int c = 0; c < nChunks; c++) {
                int n = r.nextInt(1, perChunk + 1);
                XorChunk chunk = new XorChunk(16);
                long first = t;
                for (int k = 0; k < n; k++) {
                    t += r.nextInt(1, 100);
                    int kind = r.nextInt(8);
                    double v = kind == 0 ? r.nextDouble() : kind == 1 ? StaleMarker.VALUE : r.nextInt(10);
                    chunk.append(t, v);
                    all.add(new long[] {t, Double.doubleToRawLongBits(v)});
                    if (k == 0) {
                        first = t;
                    }
                }
                chunks.add(chunk.toByteArray(), n, first, t);
            }
            long lastT = t;
            long mint = r.nextLong(-1100, lastT + 100);
            long maxt = r.nextLong(mint - 10, lastT + 200);
            Intervals deleted = null;
            if (withDeleted && r.nextBoolean()) {
                deleted = Intervals.EMPTY;
                for (int d = 0; d < 3; d++) {
                    long a = r.nextLong(-1000, lastT + 10);
                    deleted = deleted.add(a, a + r.nextInt(0, 300));
                }
            }
            List<long[]> want = new ArrayList<>();
            for (long[] s : all) {
                if (s[0] >= mint && s[0] <= maxt && (deleted == null || !deleted.contains(s[0]))) {
                    want.add(s);
                }
            }
            ChunksIterator it = new ChunksIterator(chunks, mint, maxt).reset(0, chunks.size, deleted);
            int at = -1; // index in want of the current sample
            StringBuilder ops = new StringBuilder();
            for (int op = 0; op < 40; op++) {
                boolean ok;
                int kind = r.nextInt(4);
                if (kind == 3) {
                    // nextBatch: as many next() calls as fit and stay at or before upTo
                    int len = r.nextInt(0, 3 * perChunk + 2);
                    long upTo = r.nextInt(5) == 0 ? Long.MAX_VALUE : r.nextLong(-1100, lastT + 300);
                    int off = r.nextInt(0, 3);
                    long[] bt = new long[off + len + 2];
                    double[] bv = new double[bt.length];
                    ops.append(" batch ").append(len).append(" to ").append(upTo);
                    int got = it.nextBatch(upTo, bt, bv, off, len);
                    int copied = 0;
                    boolean stopped = false;
                    while (copied < len) {
                        at++;
                        if (at >= want.size() || want.get(at)[0] > upTo) {
                            stopped = true;
                            break;
                        }
                        assertEquals(want.get(at)[0], bt[off + copied], ops::toString);
                        assertEquals(want.get(at)[1], Double.doubleToRawLongBits(bv[off + copied]), ops::toString);
                        copied++;
                    }
                    assertEquals(copied, got, ops::toString);
                    assertEquals(0L, bt[off + len], "wrote past len");
                    if (off > 0) {
                        assertEquals(0L, bt[off - 1], "wrote before off");
                    }
                    if (at >= want.size()) {
                        break;
                    }
                    if (!stopped && copied == 0) {
                        continue; // len 0: nothing moved, there may be no current sample yet
                    }
                    ok = true;
                } else if (kind == 0) {
                    long target = r.nextLong(-1100, lastT + 300);
                    ops.append(" seek ").append(target);
                    ok = it.seek(target);
                    int from = Math.max(at, 0);
                    if (at >= 0 && at < want.size() && want.get(at)[0] >= target) {
                        from = at;
                    } else {
                        while (from < want.size() && want.get(from)[0] < target) {
                            from++;
                        }
                    }
                    at = from;
                } else {
                    ops.append(" next");
                    ok = it.next();
                    at++;
                }
                boolean exists = at < want.size();
                assertEquals(exists, ok, ops::toString);
                if (!exists) {
                    break;
                }
                assertEquals(want.get(at)[0], it.t(), ops::toString);
                assertEquals(want.get(at)[1], Double.doubleToRawLongBits(it.v()), ops::toString);
            }
        }
    }
}
