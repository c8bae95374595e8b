package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReplay;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Start-up replay with and without {@code chunks_head/}: writes N series x S samples (15 s
 * apart) to a fresh data dir and closes it, then rebuilds the head alternately from
 * chunks_head + WAL (as {@code Tsdb.open} does) and from the WAL alone, R times each.
 * Usage: {@code HeadReplayTiming [series=20000] [samplesPerSeries=480] [rounds=3] [dir]}.
 */
public final class HeadReplayTiming {

    private HeadReplayTiming() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("ignis-replay");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            Labels[] ls = new Labels[n];
            for (int i = 0; i < n; i++) {
                ls[i] = Labels.of("__name__", "node_metric_" + (i % 500), "job", "node", "instance",
                        "host-" + (i / 500) + ".example.org:9100");
            }
            long[] refs = new long[n];
            for (int s = 0; s < samples; s++) {
                Appender app = db.appender();
                for (int i = 0; i < n; i++) {
                    refs[i] = app.append(refs[i], ls[i], 1_700_000_000_000L + s * 15_000L, (s * 31 + i) % 1000 * 0.5);
                }
                app.commit();
            }
        }
        for (int r = 0; r < rounds; r++) {
            long t = System.nanoTime();
            Head h = new Head(HeadOptions.defaults());
            long chunks;
            long walSamples;
            try (HeadChunkMapper m = HeadChunkMapper.open(dir.resolve("chunks_head"))) {
                chunks = h.loadMapped(m);
                walSamples = new WalReplay(h, new WalMetrics()).replay(dir.resolve("wal")).samples();
                h.mappedReplayDone();
            }
            long withChunks = System.nanoTime() - t;
            t = System.nanoTime();
            Head w = new Head(HeadOptions.defaults());
            long walOnly = new WalReplay(w, new WalMetrics()).replay(dir.resolve("wal")).samples();
            long withoutChunks = System.nanoTime() - t;
            System.out.printf("round=%d chunks_head+wal_ms=%d (chunks=%d wal_samples=%d) wal_only_ms=%d (wal_samples=%d)%n", r,
                    withChunks / 1_000_000, chunks, walSamples, withoutChunks / 1_000_000, walOnly);
        }
    }
}
