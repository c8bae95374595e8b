package dev.ignis.tsdb.internal.block;

import dev.ignis.tsdb.internal.index.Matcher;
import dev.ignis.tsdb.internal.index.PostingsForMatchers;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.io.IOException;

/**
 * Deletion in a persisted block, as Prometheus 2.42's {@code Block.Delete}: every series the
 * matchers select that has a chunk in [mint, maxt] gets that interval, cut to the time its
 * chunks span; the new tombstones (old ones merged in) replace the {@code tombstones} file
 * atomically, then {@code meta.json} is rewritten with {@code stats.numTombstones}. Queriers
 * created afterwards see the deletion.
 */
public final class BlockTombstones {

    private BlockTombstones() {
    }

    /**
     * Deletes [mint, maxt] (inclusive, ms) of the matching series of {@code b}.
     *
     * @return series that got an interval
     */
    public static int delete(Block b, long mint, long maxt, Matcher[] matchers) throws IOException {
        synchronized (b) {
            Tombstones next = b.tombstones().copy();
            int hit = 0;
            for (long ref : PostingsForMatchers.select(b.index(), matchers)) {
                BlockIndex.Series s = b.index().series(ref);
                int n = s.chunkRefs().length;
                for (int i = 0; i < n; i++) {
                    if (s.minT()[i] <= maxt && mint <= s.maxT()[i]) {
                        next.add(ref, Math.max(mint, s.minT()[0]), Math.min(maxt, s.maxT()[n - 1]));
                        hit++;
                        break;
                    }
                }
            }
            if (hit == 0) {
                return 0;
            }
            TombstoneFile.write(b.dir(), next);
            MetaFile meta = MetaFile.read(b.dir());
            new MetaFile(meta.meta(), next.total(), meta.compaction()).write(b.dir());
            b.setTombstones(next);
            return hit;
        }
    }
}
