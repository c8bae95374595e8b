package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WAL checkpoints: what they keep, what they delete, and a second checkpoint over the first. */
class CheckpointTest {

    @TempDir
    Path dir;

    static byte[] series(long ref, String name) {
        ByteBuf b = new ByteBuf(64);
        Records.startSeries(b);
        Records.addSeries(b, ref, Labels.of("__name__", name));
        return Arrays.copyOf(b.array(), b.length());
    }

    static byte[] samples(long[] refs, long[] ts) {
        ByteBuf b = new ByteBuf(64);
        Records.samples(b, refs, ts, new long[refs.length], refs.length);
        return Arrays.copyOf(b.array(), b.length());
    }

    static byte[] tombstones(long[] refs, long[] mints, long[] maxts) {
        ByteBuf b = new ByteBuf(64);
        Records.tombstones(b, refs, mints, maxts, refs.length);
        return Arrays.copyOf(b.array(), b.length());
    }

    /** Records of a checkpoint, decoded to text. */
    static List<String> read(Path cp) throws Exception {
        List<String> out = new ArrayList<>();
        ByteReader r = new ByteReader();
        Records.SampleBuffer sb = new Records.SampleBuffer();
        try (WalReader w = new WalReader(cp, Segments.list(cp))) {
            while (w.next()) {
                byte[] rec = w.record();
                r.reset(rec, 0, w.recordLength());
                switch (rec[0]) {
                    case Records.SERIES -> Records.decodeSeries(r, (ref, l) -> out.add("series " + ref + " " + l));
                    case Records.SAMPLES -> {
                        Records.decodeSamples(r, sb);
                        for (int i = 0; i < sb.size; i++) {
                            out.add("sample " + sb.refs[i] + "@" + sb.ts[i]);
                        }
                    }
                    case Records.TOMBSTONES -> Records.decodeTombstones(r, (ref, mint, maxt) -> out.add(
                            "tombstone " + ref + " [" + mint + ", " + maxt + "]"));
                    default -> out.add("type " + rec[0] + " length " + w.recordLength());
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void keepsLiveSeriesNewSamplesAndOtherRecordsThenDeletesWhatItCovers(boolean compress) throws Exception {
        Path wal = dir.resolve("wal");
        try (WalWriter w = new WalWriter(wal, Segments.PAGE_SIZE, compress, false, new WalMetrics())) {
            w.log(series(1, "live"));
            w.log(series(2, "gone"));
            w.log(samples(new long[] {1, 2}, new long[] {10, 10}));
            w.cutSegment();
            w.log(samples(new long[] {1, 2}, new long[] {100, 20}));
            w.log(new byte[] {Records.METADATA, 1, 2, 3});
            // Kept: series 1 ending at or after 50. Dropped: ending before 50, or series 2.
            w.log(tombstones(new long[] {1, 1, 2}, new long[] {0, 40, 40}, new long[] {5, 50, 60}));
            w.log(tombstones(new long[] {2}, new long[] {0}, new long[] {100}));
            w.cutSegment();
            w.log(series(3, "later"));
            w.cutSegment();
        }
        Checkpoint.Stats st = Checkpoint.create(wal, 1, ref -> ref != 2, 50, compress);
        assertEquals(new Checkpoint.Stats(1, 1, 1, 1, 3), st);
        Path cp = Segments.lastCheckpoint(wal);
        assertEquals("checkpoint.00000001", cp.getFileName().toString());
        assertEquals(List.of("series 1 {__name__=\"live\"}", "sample 1@100", "type 6 length 4", "tombstone 1 [40, 50]"),
                read(cp));
        assertEquals(List.of(2, 3), Segments.list(wal));

        // The next checkpoint reads the previous one, then the segments after it.
        Checkpoint.create(wal, 2, ref -> true, 60, compress);
        Path cp2 = Segments.lastCheckpoint(wal);
        assertEquals("checkpoint.00000002", cp2.getFileName().toString());
        assertEquals(List.of("series 1 {__name__=\"live\"}", "sample 1@100", "type 6 length 4", "series 3 {__name__=\"later\"}"),
                read(cp2), "the tombstone ended before 60");
        assertFalse(Files.exists(cp), "older checkpoint deleted");
        assertEquals(List.of(3), Segments.list(wal));
        try (var files = Files.list(wal)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }
}
