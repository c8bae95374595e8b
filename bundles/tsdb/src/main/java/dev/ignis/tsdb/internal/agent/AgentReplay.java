package dev.ignis.tsdb.internal.agent;

import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.CorruptionException;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the agent's series from its WAL on start: the newest checkpoint, then every later
 * segment. A series record creates the series under its logged ref (a ref seen before is
 * kept as it was); a samples record raises the newest timestamp of its series; samples of
 * unknown refs are counted and skipped. Exemplar, tombstone, mmap-marker and metadata records
 * are skipped; any other type is corruption, as in Prometheus.
 *
 * <p>A torn or corrupt segment is cut after its last good record and later segments are
 * deleted (Prometheus's repair). A corrupt checkpoint is logged and the records read from it
 * are kept (Prometheus refuses to start instead).
 */
final class AgentReplay {

    private static final Logger LOG = LoggerFactory.getLogger(AgentReplay.class);

    /** What a replay found. */
    record Result(long maxRef, long series, long samples, long unknownRefSamples, boolean repaired) {
    }

    private final AgentSeriesMap series;
    private final AgentMetrics metrics;
    private final ByteReader reader = new ByteReader();
    private final Records.SampleBuffer samples = new Records.SampleBuffer();
    private long maxRef;
    private long seriesCount;
    private long sampleCount;
    private long unknown;

    AgentReplay(AgentSeriesMap series, AgentMetrics metrics) {
        this.series = series;
        this.metrics = metrics;
    }

    Result replay(Path walDir) throws IOException {
        long start = System.nanoTime();
        LOG.atInfo().setMessage("Replaying WAL, this may take a while").addKeyValue("dir", walDir).log();
        Path checkpoint = Segments.lastCheckpoint(walDir);
        int from = 0;
        if (checkpoint != null) {
            from = Segments.checkpointIndex(checkpoint) + 1;
            try (WalReader r = new WalReader(checkpoint, Segments.list(checkpoint))) {
                while (r.next()) {
                    apply(r);
                }
                LOG.atInfo().setMessage("WAL checkpoint loaded").addKeyValue("dir", checkpoint).log();
            } catch (CorruptionException e) {
                metrics.corruptions.increment();
                LOG.atError().setMessage("Corrupt WAL checkpoint, its remaining records are skipped")
                        .addKeyValue("dir", checkpoint).addKeyValue("err", e.getMessage()).log();
            }
        }
        List<Integer> segs = new ArrayList<>();
        for (int s : Segments.list(walDir)) {
            if (s >= from) {
                segs.add(s);
            }
        }
        boolean repaired = false;
        if (!segs.isEmpty()) {
            int maxSegment = segs.get(segs.size() - 1);
            try (WalReader r = new WalReader(walDir, segs)) {
                int current = -1;
                while (r.next()) {
                    if (r.segment() != current && current >= 0) {
                        segmentLoaded(current, maxSegment);
                    }
                    current = r.segment();
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
                WalFiles.repair(walDir, segs, e);
                repaired = true;
                LOG.atInfo().setMessage("Successfully repaired WAL").log();
            }
        }
        if (unknown > 0) {
            LOG.atWarn().setMessage("Found sample referencing non-existing series").addKeyValue("skipped_samples", unknown).log();
        }
        long nanos = System.nanoTime() - start;
        metrics.replayNanos.set(nanos);
        LOG.atInfo().setMessage("WAL replay completed").addKeyValue("series", seriesCount).addKeyValue("samples", sampleCount)
                .addKeyValue("duration", nanos / 1_000_000 + "ms").log();
        return new Result(maxRef, seriesCount, sampleCount, unknown, repaired);
    }

    private static void segmentLoaded(int segment, int maxSegment) {
        LOG.atInfo().setMessage("WAL segment loaded").addKeyValue("segment", segment).addKeyValue("maxSegment", maxSegment)
                .log();
    }

    private void apply(WalReader r) throws CorruptionException {
        int len = r.recordLength();
        if (len == 0) {
            throw new CorruptionException(r.segment(), r.recordStart(), "empty record");
        }
        int type = r.record()[0] & 0xff;
        reader.reset(r.record(), 0, len);
        try {
            switch (type) {
                case Records.SERIES -> Records.decodeSeries(reader, (ref, labels) -> {
                    if (series.get(ref) == null) {
                        series.put(new AgentSeries(ref, labels, 0));
                        metrics.activeSeries.incrementAndGet();
                        seriesCount++;
                        maxRef = Math.max(maxRef, ref);
                    }
                });
                case Records.SAMPLES -> {
                    Records.decodeSamples(reader, samples);
                    for (int i = 0; i < samples.size; i++) {
                        AgentSeries s = series.get(samples.refs[i]);
                        if (s == null) {
                            unknown++;
                        } else {
                            s.updateTimestamp(samples.ts[i]);
                            sampleCount++;
                        }
                    }
                }
                case Records.TOMBSTONES, Records.EXEMPLARS, Records.MMAP_MARKERS, Records.METADATA -> {
                    // Not needed to rebuild series refs and timestamps.
                }
                default -> throw new CorruptionException(r.segment(), r.recordStart(), "invalid record type " + type);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new CorruptionException(r.segment(), r.recordStart(),
                    "undecodable record of type " + type + ": " + e.getMessage());
        }
    }
}
