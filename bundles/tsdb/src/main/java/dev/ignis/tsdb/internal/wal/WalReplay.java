package dev.ignis.tsdb.internal.wal;

import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.util.LongObjectMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the WAL into the head on start: the newest checkpoint, then the segments after it.
 * Series keep their logged refs. A torn or corrupt record ends the replay; the segment is
 * truncated after the last good record and later segments are removed, as Prometheus's repair
 * does, so the next start reads a clean log. Never throws for bad data, only for I/O errors.
 */
public final class WalReplay {

    private static final Logger LOG = LoggerFactory.getLogger(WalReplay.class);

    private final Head head;
    private final WalMetrics metrics;
    private final ByteReader reader = new ByteReader();
    private final Records.SampleBuffer samples = new Records.SampleBuffer();
    // WAL ref -> head ref, only for series logged twice under different refs.
    private final LongObjectMap<Long> remap = new LongObjectMap<>();

    /** What a replay found. */
    public record Result(long records, long series, long samples, long skippedRecords, boolean repaired) {
    }

    private long records;
    private long seriesCount;
    private long sampleCount;
    private long skipped;

    private final ReplayProgress progress;

    public WalReplay(Head head, WalMetrics metrics) {
        this(head, metrics, ReplayProgress.SHARED);
    }

    /** @param progress where segment progress is reported (for /api/v1/status/walreplay) */
    public WalReplay(Head head, WalMetrics metrics, ReplayProgress progress) {
        this.head = head;
        this.metrics = metrics;
        this.progress = progress;
    }

    /** Replays {@code walDir} into the head, repairing a corrupt tail. */
    public Result replay(Path walDir) throws IOException {
        return replay(walDir, -1, 0);
    }

    /**
     * Replays {@code walDir} from segment {@code fromSegment} at {@code fromOffset} (a memory
     * snapshot's position; -1 for all): a checkpoint older than it is skipped.
     */
    public Result replay(Path walDir, int fromSegment, long fromOffset) throws IOException {
        long start = System.nanoTime();
        boolean repaired = false;
        Path checkpoint = Segments.lastCheckpoint(walDir);
        if (checkpoint != null && Segments.checkpointIndex(checkpoint) < fromSegment) {
            checkpoint = null;
        }
        int from = 0;
        // As Prometheus reports it: from the checkpoint's number (else 0) to the segment the
        // writer opens next, which Prometheus creates before replaying and Ignis after.
        List<Integer> existing = Segments.list(walDir);
        int endAt = existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1;
        progress.start(checkpoint == null ? 0 : Segments.checkpointIndex(checkpoint), endAt);
        long checkpointNanos = 0;
        if (checkpoint != null) {
            long t0 = System.nanoTime();
            from = Segments.checkpointIndex(checkpoint) + 1;
            try (WalReader r = new WalReader(checkpoint, Segments.list(checkpoint))) {
                readAll(r);
            } catch (CorruptionException e) {
                metrics.corruptions.increment();
                LOG.atError().setMessage("Corrupt checkpoint, its remaining records are skipped")
                        .addKeyValue("dir", checkpoint).addKeyValue("err", e.getMessage()).log();
            }
            LOG.atInfo().setMessage("WAL checkpoint loaded").addKeyValue("dir", checkpoint).log();
            progress.read(from - 1);
            checkpointNanos = System.nanoTime() - t0;
        }
        long walStart = System.nanoTime();
        List<Integer> segs = new ArrayList<>();
        for (int s : existing) {
            if (s >= from && s >= fromSegment) {
                segs.add(s);
            }
        }
        // As 2.42 logs it, which creates the segment it will write before replaying and so
        // also reports that empty one, last, as the highest.
        LOG.atInfo().setMessage("Replaying WAL, this may take a while").log();
        int maxSegment = endAt;
        if (!segs.isEmpty()) {
            long offset = segs.get(0) == fromSegment ? fromOffset : 0;
            try (WalReader r = new WalReader(walDir, segs, offset)) {
                int current = -1;
                while (r.next()) {
                    if (r.segment() != current) {
                        if (current >= 0) {
                            segmentLoaded(current, maxSegment);
                        }
                        current = r.segment();
                    }
                    apply(r);
                }
                if (current >= 0) {
                    segmentLoaded(current, maxSegment);
                }
            } catch (CorruptionException e) {
                metrics.corruptions.increment();
                LOG.atWarn().setMessage("Encountered WAL read error, attempting repair")
                        .addKeyValue("segment", Segments.name(e.segment())).addKeyValue("offset", e.offset())
                        .addKeyValue("err", e.getMessage()).log();
                repair(walDir, segs, e);
                repaired = true;
            }
        }
        LOG.atInfo().setMessage("WAL segment loaded").addKeyValue("segment", endAt).addKeyValue("maxSegment", maxSegment)
                .log();
        progress.read(endAt);
        long end = System.nanoTime();
        long nanos = end - start;
        metrics.replayNanos.set(nanos);
        // No out-of-order WBL: its replay takes no time.
        LOG.atInfo().setMessage("WAL replay completed").addKeyValue("checkpoint_replay_duration", goDuration(checkpointNanos))
                .addKeyValue("wal_replay_duration", goDuration(end - walStart)).addKeyValue("wbl_replay_duration", "0s")
                .addKeyValue("total_replay_duration", goDuration(nanos)).addKeyValue("series", seriesCount)
                .addKeyValue("samples", sampleCount).log();
        return new Result(records, seriesCount, sampleCount, skipped, repaired);
    }

    /** A duration as Go's {@code time.Duration.String} prints it (2.42's log values). */
    public static String goDuration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 0) {
            return "-" + goDuration(-nanos);
        }
        if (nanos < 1_000_000_000L) {
            long scale = nanos < 1_000 ? 1 : nanos < 1_000_000 ? 1_000 : 1_000_000;
            String unit = scale == 1 ? "ns" : scale == 1_000 ? "µs" : "ms";
            return decimal(nanos, scale) + unit;
        }
        StringBuilder sb = new StringBuilder();
        long h = nanos / 3_600_000_000_000L;
        long m = nanos / 60_000_000_000L % 60;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        return sb.append(decimal(nanos % 60_000_000_000L, 1_000_000_000L)).append('s').toString();
    }

    private static String decimal(long v, long scale) {
        StringBuilder sb = new StringBuilder().append(v / scale);
        long frac = v % scale;
        if (frac != 0) {
            String digits = Long.toString(scale + frac).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(digits, 0, end);
        }
        return sb.toString();
    }

    private void segmentLoaded(int segment, int maxSegment) {
        progress.read(segment);
        LOG.atInfo().setMessage("WAL segment loaded").addKeyValue("segment", segment)
                .addKeyValue("maxSegment", maxSegment).log();
    }

    private void readAll(WalReader r) throws IOException {
        while (r.next()) {
            apply(r);
        }
    }

    private void apply(WalReader r) throws CorruptionException {
        records++;
        int len = r.recordLength();
        if (len == 0) {
            throw new CorruptionException(r.segment(), r.recordStart(), "empty record");
        }
        reader.reset(r.record(), 0, len);
        int type = r.record()[0] & 0xff;
        try {
            switch (type) {
                case Records.SERIES -> Records.decodeSeries(reader, (ref, labels) -> {
                    long headRef = head.replaySeries(ref, labels);
                    if (headRef != ref) {
                        remap.put(ref, headRef);
                    }
                    seriesCount++;
                });
                case Records.SAMPLES -> {
                    Records.decodeSamples(reader, samples);
                    if (remap.size() > 0) {
                        for (int i = 0; i < samples.size; i++) {
                            Long to = remap.get(samples.refs[i]);
                            if (to != null) {
                                samples.refs[i] = to;
                            }
                        }
                    }
                    sampleCount += head.replaySamples(samples.refs, samples.ts, samples.vBits, samples.size);
                }
                case Records.TOMBSTONES -> Records.decodeTombstones(reader, (ref, mint, maxt) -> {
                    Long to = remap.size() > 0 ? remap.get(ref) : null;
                    head.replayTombstone(to != null ? to : ref, mint, maxt);
                });
                case Records.EXEMPLARS -> ExemplarRecords.decode(reader, (ref, t, v, labels) -> {
                    Long to = remap.size() > 0 ? remap.get(ref) : null;
                    head.replayExemplar(to != null ? to : ref, t, v, labels);
                });
                // Metadata and others are not held by the head.
                default -> skipped++;
            }
        } catch (IllegalArgumentException e) {
            // A record with a valid CRC that does not decode: Prometheus treats it as corruption too.
            throw new CorruptionException(r.segment(), r.recordStart(), "undecodable record of type " + type + ": " + e.getMessage());
        }
    }

    private static void repair(Path walDir, List<Integer> segs, CorruptionException e) throws IOException {
        int deleted = 0;
        for (int s : segs) {
            if (s > e.segment()) {
                Files.deleteIfExists(walDir.resolve(Segments.name(s)));
                deleted++;
            }
        }
        SegmentFiles.truncateAndPad(walDir.resolve(Segments.name(e.segment())), e.offset());
        LOG.atWarn().setMessage("WAL repaired: data after the corruption discarded")
                .addKeyValue("segment", Segments.name(e.segment())).addKeyValue("offset", e.offset())
                .addKeyValue("deleted_segments", deleted).log();
    }
}
