package dev.ignis.tsdb.internal.agent;

import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.CorruptionException;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReader;
import dev.ignis.tsdb.internal.wal.WalWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * Writes a WAL checkpoint as Prometheus's {@code Checkpoint} does: the previous checkpoint and
 * segments {@code from..to} are read, series records are kept for refs that {@code keep}
 * accepts, samples at or after {@code mint}, and the result is written as a WAL into
 * {@code checkpoint.<to>.tmp}, which is then renamed to {@code checkpoint.<to>}. Other record
 * types (exemplars, tombstones, metadata), which this agent never writes, are dropped. A
 * corrupt input aborts the checkpoint: the series lost with it cannot be told apart.
 */
final class AgentCheckpoint {

    private static final int FLUSH_BYTES = 1024 * 1024;

    /** What the checkpoint holds. */
    record Stats(Path dir, long seriesKept, long seriesDropped, long samplesKept, long samplesDropped) {
    }

    private final ByteReader reader = new ByteReader();
    private final Records.SampleBuffer samples = new Records.SampleBuffer();
    private final ByteBuf buf = new ByteBuf(4096);
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private long seriesKept;
    private long seriesDropped;
    private long samplesKept;
    private long samplesDropped;

    private AgentCheckpoint() {
    }

    static Stats write(Path walDir, int from, int to, LongPredicate keep, long mint, int segmentSize, boolean compress)
            throws IOException {
        return new AgentCheckpoint().run(walDir, from, to, keep, mint, segmentSize, compress);
    }

    private Stats run(Path walDir, int from, int to, LongPredicate keep, long mint, int segmentSize, boolean compress)
            throws IOException {
        Path previous = Segments.lastCheckpoint(walDir);
        if (previous != null) {
            int last = Segments.checkpointIndex(previous) + 1;
            if (from > last) {
                throw new IOException("unexpected gap to last checkpoint. expected:" + last + ", requested:" + from);
            }
            from = last; // segments below the checkpoint should not exist anyway
        }
        Path dir = walDir.resolve(WalFiles.checkpointName(to));
        Path tmp = walDir.resolve(WalFiles.checkpointName(to) + ".tmp");
        WalFiles.deleteTree(tmp);
        Files.createDirectories(tmp);
        boolean done = false;
        try {
            try (WalWriter out = new WalWriter(tmp, segmentSize, compress, false, new WalMetrics())) {
                if (previous != null) {
                    copy(new WalReader(previous, Segments.list(previous)), out, keep, mint);
                }
                List<Integer> segs = new ArrayList<>();
                for (int s : Segments.list(walDir)) {
                    if (s >= from && s <= to) {
                        segs.add(s);
                    }
                }
                copy(new WalReader(walDir, segs), out, keep, mint);
                flush(out);
            }
            WalFiles.deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            WalFiles.syncDir(walDir);
            done = true;
        } finally {
            if (!done) {
                WalFiles.deleteTree(tmp);
            }
        }
        return new Stats(dir, seriesKept, seriesDropped, samplesKept, samplesDropped);
    }

    private void copy(WalReader r, WalWriter out, LongPredicate keep, long mint) throws IOException {
        try (r) {
            while (r.next()) {
                int len = r.recordLength();
                if (len == 0) {
                    throw new CorruptionException(r.segment(), r.recordStart(), "empty record");
                }
                int type = r.record()[0] & 0xff;
                reader.reset(r.record(), 0, len);
                try {
                    if (type == Records.SERIES) {
                        Records.startSeries(buf);
                        Records.decodeSeries(reader, (ref, labels) -> {
                            if (keep.test(ref)) {
                                Records.addSeries(buf, ref, labels);
                                seriesKept++;
                            } else {
                                seriesDropped++;
                            }
                        });
                        if (buf.length() > 1) {
                            add(out);
                        }
                    } else if (type == Records.SAMPLES) {
                        Records.decodeSamples(reader, samples);
                        int n = 0;
                        for (int i = 0; i < samples.size; i++) {
                            if (samples.ts[i] >= mint) {
                                samples.refs[n] = samples.refs[i];
                                samples.ts[n] = samples.ts[i];
                                samples.vBits[n] = samples.vBits[i];
                                n++;
                            }
                        }
                        samplesKept += n;
                        samplesDropped += samples.size - n;
                        if (n > 0) {
                            Records.samples(buf, samples.refs, samples.ts, samples.vBits, n);
                            add(out);
                        }
                    }
                } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                    throw new CorruptionException(r.segment(), r.recordStart(),
                            "undecodable record of type " + type + ": " + e.getMessage());
                }
            }
        }
    }

    private void add(WalWriter out) throws IOException {
        pending.add(Arrays.copyOf(buf.array(), buf.length()));
        pendingBytes += buf.length();
        if (pendingBytes > FLUSH_BYTES) {
            flush(out);
        }
    }

    private void flush(WalWriter out) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[][] recs = pending.toArray(new byte[0][]);
        int[] lens = new int[recs.length];
        for (int i = 0; i < recs.length; i++) {
            lens[i] = recs[i].length;
        }
        out.log(recs, lens, recs.length);
        pending.clear();
        pendingBytes = 0;
    }
}
