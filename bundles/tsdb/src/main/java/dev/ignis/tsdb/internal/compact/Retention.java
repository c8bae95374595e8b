package dev.ignis.tsdb.internal.compact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which whole blocks retention deletes, as Prometheus 2.42's {@code BeyondTimeRetention} and
 * {@code BeyondSizeRetention} decide it (blocks taken newest first, by max time):
 * <ul>
 * <li>time: once a block ends more than the retention before the newest block ends, it and
 *     every older block go (the head does not count: a database whose newest data is in the
 *     head keeps its blocks until a newer block is cut);</li>
 * <li>size: the head's bytes on disk (WAL and {@code chunks_head/}) plus the blocks' bytes are
 *     added up newest first; the block that crosses the limit and every older one go.</li>
 * </ul>
 * Nothing happens when no block is loaded yet or a limit is 0. Stateless.
 */
public final class Retention {

    /** A block as retention sees it. */
    public record BlockInfo(String ulid, long maxTime, long bytes) {
    }

    /** What to delete and which rule fired (each counted once per decision, as Prometheus counts). */
    public record Decision(Set<String> deletable, boolean byTime, boolean bySize) {
    }

    private Retention() {
    }

    /**
     * @param blocks     the blocks loadable now (any order)
     * @param anyLoaded  whether the database already had blocks loaded before this reload
     * @param retentionMs time retention, 0 for none
     * @param maxBytes   size retention, 0 or less for none
     * @param headBytes  bytes of {@code wal/} and {@code chunks_head/}
     */
    public static Decision decide(List<BlockInfo> blocks, boolean anyLoaded, long retentionMs, long maxBytes,
            long headBytes) {
        Set<String> out = new LinkedHashSet<>();
        boolean byTime = false;
        boolean bySize = false;
        if (!anyLoaded || blocks.isEmpty()) {
            return new Decision(out, false, false);
        }
        List<BlockInfo> newestFirst = new ArrayList<>(blocks);
        newestFirst.sort(Comparator.comparingLong(BlockInfo::maxTime).reversed());
        if (retentionMs > 0) {
            long newest = newestFirst.get(0).maxTime();
            for (int i = 1; i < newestFirst.size(); i++) {
                if (newest - newestFirst.get(i).maxTime() > retentionMs) {
                    for (BlockInfo b : newestFirst.subList(i, newestFirst.size())) {
                        out.add(b.ulid());
                    }
                    byTime = true;
                    break;
                }
            }
        }
        if (maxBytes > 0) {
            long total = headBytes;
            for (int i = 0; i < newestFirst.size(); i++) {
                total += newestFirst.get(i).bytes();
                if (total > maxBytes) {
                    for (BlockInfo b : newestFirst.subList(i, newestFirst.size())) {
                        out.add(b.ulid());
                    }
                    bySize = true;
                    break;
                }
            }
        }
        return new Decision(out, byTime, bySize);
    }
}
