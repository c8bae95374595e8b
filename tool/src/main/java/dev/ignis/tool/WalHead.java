package dev.ignis.tool;

import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A head rebuilt from a data dir's {@code wal/} without writing to it: the newest checkpoint,
 * then the segments after it; samples older than {@code minValidTime} (the newest block's end)
 * are skipped, as Prometheus's read-only DB does. A corrupt record ends the replay with a
 * warning (the WAL is never repaired here).
 */
final class WalHead {
    private WalHead() {
    }

    /** The head, or null when there is no {@code wal/} directory. */
    static Head read(Path walDir, long minValidTime, PrintWriter err) throws IOException {
        if (!Files.isDirectory(walDir)) {
            return null;
        }
        Head head = new Head(HeadOptions.defaults());
        head.setMinValidTime(minValidTime);
        Replayer r = new Replayer(head);
        Path checkpoint = Segments.lastCheckpoint(walDir);
        int from = 0;
        if (checkpoint != null) {
            from = Segments.checkpointIndex(checkpoint) + 1;
            r.readAll(checkpoint, Segments.list(checkpoint), err);
        }
        List<Integer> segs = new ArrayList<>();
        for (int s : Segments.list(walDir)) {
            if (s >= from) {
                segs.add(s);
            }
        }
        r.readAll(walDir, segs, err);
        return head;
    }

    private static final class Replayer {
        private final Head head;
        private final ByteReader reader = new ByteReader();
        private final Records.SampleBuffer samples = new Records.SampleBuffer();
        private final Map<Long, Long> remap = new HashMap<>();

        Replayer(Head head) {
            this.head = head;
        }

        void readAll(Path dir, List<Integer> segments, PrintWriter err) throws IOException {
            if (segments.isEmpty()) {
                return;
            }
            try (WalReader r = new WalReader(dir, segments)) {
                while (r.next()) {
                    apply(r.record(), r.recordLength());
                }
            } catch (IOException | IllegalArgumentException e) {
                err.println("warning: WAL in " + dir + " read up to a corrupt record: " + e.getMessage());
            }
        }

        private void apply(byte[] rec, int len) {
            if (len == 0) {
                throw new IllegalArgumentException("empty record");
            }
            reader.reset(rec, 0, len);
            switch (rec[0] & 0xff) {
                case Records.SERIES -> Records.decodeSeries(reader, (ref, labels) -> {
                    long headRef = head.replaySeries(ref, labels);
                    if (headRef != ref) {
                        remap.put(ref, headRef);
                    }
                });
                case Records.SAMPLES -> {
                    Records.decodeSamples(reader, samples);
                    if (!remap.isEmpty()) {
                        for (int i = 0; i < samples.size; i++) {
                            Long to = remap.get(samples.refs[i]);
                            if (to != null) {
                                samples.refs[i] = to;
                            }
                        }
                    }
                    head.replaySamples(samples.refs, samples.ts, samples.vBits, samples.size);
                }
                default -> {
                    // tombstones, exemplars, metadata: not printed by dump
                }
            }
        }
    }
}
