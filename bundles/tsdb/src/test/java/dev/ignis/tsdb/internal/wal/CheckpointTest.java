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

    /** A metadata record as 2.42 encodes it: ref, type, 2 fields (unit, help) per entry. */
    static byte[] metadata(long[] refs, int[] types, String[] units, String[] helps) {
        ByteBuf b = new ByteBuf(64);
        b.putByte(Records.METADATA);
        for (int i = 0; i < refs.length; i++) {
            b.putUvarint(refs[i]);
            b.putByte(types[i]);
            b.putUvarint(2);
            b.putUvarintStr("unit");
            b.putUvarintStr(units[i]);
            b.putUvarintStr("help");
            b.putUvarintStr(helps[i]);
        }
        return Arrays.copyOf(b.array(), b.length());
    }

    /** An exemplars record as 2.42 encodes it, the i-th exemplar labelled {@code trace_id=<traces[i]>}. */
    static byte[] exemplars(long[] refs, long[] ts, double[] vs, String[] traces) {
        ByteBuf b = new ByteBuf(64);
        b.putByte(Records.EXEMPLARS);
        b.putBE64(refs[0]);
        b.putBE64(ts[0]);
        for (int i = 0; i < refs.length; i++) {
            b.putVarint(refs[i] - refs[0]);
            b.putVarint(ts[i] - ts[0]);
            b.putBE64(Double.doubleToRawLongBits(vs[i]));
            b.putUvarint(1);
            b.putUvarintStr("trace_id");
            b.putUvarintStr(traces[i]);
        }
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
                    case Records.METADATA -> {
                        r.getByte();
                        while (r.remaining() > 0) {
                            StringBuilder e = new StringBuilder("metadata " + r.getUvarint() + " type " + r.getByte());
                            for (long n = r.getUvarint(); n > 0; n--) {
                                e.append(' ').append(r.getUvarintStr()).append('=').append(r.getUvarintStr());
                            }
                            out.add(e.toString());
                        }
                    }
                    case Records.EXEMPLARS -> {
                        r.getByte();
                        long ref0 = r.getBE64();
                        long t0 = r.getBE64();
                        while (r.remaining() > 0) {
                            StringBuilder e = new StringBuilder("exemplar " + (ref0 + r.getVarint()) + "@" + (t0 + r.getVarint())
                                    + "=" + Double.longBitsToDouble(r.getBE64()));
                            for (long n = r.getUvarint(); n > 0; n--) {
                                e.append(' ').append(r.getUvarintStr()).append('=').append(r.getUvarintStr());
                            }
                            out.add(e.toString());
                        }
                    }
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
            w.log(metadata(new long[] {1, 2}, new int[] {1, 2}, new String[] {"", "s"}, new String[] {"old help", "h"}));
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
        assertEquals(List.of("series 1 {__name__=\"live\"}", "sample 1@100", "tombstone 1 [40, 50]",
                "metadata 1 type 1 unit= help=old help"), read(cp));
        assertEquals(List.of(2, 3), Segments.list(wal));

        // The next checkpoint reads the previous one, then the segments after it.
        Checkpoint.create(wal, 2, ref -> true, 60, compress);
        Path cp2 = Segments.lastCheckpoint(wal);
        assertEquals("checkpoint.00000002", cp2.getFileName().toString());
        assertEquals(List.of("series 1 {__name__=\"live\"}", "sample 1@100", "series 3 {__name__=\"later\"}",
                "metadata 1 type 1 unit= help=old help"), read(cp2), "the tombstone ended before 60");
        assertFalse(Files.exists(cp), "older checkpoint deleted");
        assertEquals(List.of(3), Segments.list(wal));
        try (var files = Files.list(wal)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void keepsNewExemplarsTheLatestMetadataOfLiveSeriesAndNoOtherRecords(boolean compress) throws Exception {
        Path wal = dir.resolve("wal");
        try (WalWriter w = new WalWriter(wal, Segments.PAGE_SIZE, compress, false, new WalMetrics())) {
            w.log(series(1, "live"));
            w.log(series(2, "gone"));
            w.log(series(3, "other"));
            w.log(metadata(new long[] {1, 2, 3}, new int[] {1, 2, 1}, new String[] {"", "", "bytes"},
                    new String[] {"first help", "gone help", "other help"}));
            // The first exemplar (the record's base) is older than mint: the kept ones are re-based.
            w.log(exemplars(new long[] {3, 1, 2, 3}, new long[] {40, 50, 60, 70}, new double[] {0.5, 1.5, 2.5, 3.5},
                    new String[] {"a", "b", "c", "d"}));
            w.log(exemplars(new long[] {1}, new long[] {10}, new double[] {9}, new String[] {"old"}));
            w.log(metadata(new long[] {1}, new int[] {2}, new String[] {"seconds"}, new String[] {"second help"}));
            // Histogram samples, m-map markers and an unknown type: not carried over.
            w.log(new byte[] {7, 1, 2, 3});
            w.log(new byte[] {Records.MMAP_MARKERS, 0, 0, 0, 0, 0, 0, 0, 1});
            w.log(new byte[] {99});
            w.cutSegment();
        }
        Checkpoint.create(wal, 0, ref -> ref != 2, 50, compress);
        assertEquals(List.of("series 1 {__name__=\"live\"}", "series 3 {__name__=\"other\"}",
                "exemplar 1@50=1.5 trace_id=b", "exemplar 2@60=2.5 trace_id=c", "exemplar 3@70=3.5 trace_id=d",
                "metadata 1 type 2 unit=seconds help=second help", "metadata 3 type 1 unit=bytes help=other help"),
                read(Segments.lastCheckpoint(wal)));
    }
}
