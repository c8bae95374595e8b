package dev.ignis.tsdb.bench;

import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Wall time of one block compaction (read, merge, write, fsync; and with the plan, reload and
 * deletion of the parents as total_ms), for side-by-side runs
 * against Prometheus (bench/compaction.sh): the blocks of {@code source} are copied to a fresh
 * directory per run, opened, and compacted once; prints one line per run,
 * {@code run=<i> ms=<compaction ms> total_ms=<...>}. The first runs include JIT warm-up.
 * Usage: {@code CompactionTiming <data dir with blocks> [runs=5]}.
 */
public final class CompactionTiming {

    private CompactionTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path work = Files.createTempDirectory("ignis-compaction");
        try {
            for (int i = 0; i < runs; i++) {
                Path dir = work.resolve("run" + i);
                copy(source, dir);
                // No retention: the blocks may be old.
                TsdbOptions opts = TsdbOptions.defaults(dir).withRetention(0, 0);
                try (Tsdb db = Tsdb.open(opts)) {
                    long t0 = System.nanoTime();
                    int written = db.blockLifecycle().compactBlocks();
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    // As Prometheus logs "compact blocks ... duration": reading the parents to the
                    // new block written and synced, without the reload and deletions after it.
                    double compactMs = db.blockLifecycle().compactionSeconds() * 1000;
                    System.out.printf("run=%d ms=%.0f total_ms=%d blocks_written=%d%n", i, compactMs, ms, written);
                }
                delete(dir);
            }
        } finally {
            delete(work);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                String rel = from.relativize(p).toString();
                if (rel.startsWith("wal") || rel.startsWith("chunks_head") || rel.equals("lock")) {
                    continue;
                }
                Path dst = to.resolve(rel);
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(p, dst);
                }
            }
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
