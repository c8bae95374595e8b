package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class WalTest {

    static final int SEGMENT = 2 * Segments.PAGE_SIZE; // small, to roll segments in tests

    @TempDir
    Path dir;

    TsdbOptions opts(boolean compression) {
        return TsdbOptions.defaults(dir).withWalSegmentSize(SEGMENT).withWalCompression(compression);
    }

    /** Writes {@code batches} batches of 60 series each; values encode batch and series. */
    static Map<String, List<String>> write(Tsdb db, int firstBatch, int batches) throws Exception {
        long[] refs = new long[60];
        for (int b = firstBatch; b < firstBatch + batches; b++) {
            Appender app = db.appender();
            for (int s = 0; s < 60; s++) {
                Labels l = Labels.of("__name__", "metric_" + (s % 7), "series", "s" + s, "pad", "x".repeat(s * 10));
                double v = s == 3 && b % 5 == 4 ? StaleMarker.VALUE : b * 1000 + s + 0.25;
                refs[s] = app.append(b == firstBatch ? 0 : refs[s], l, 1_000_000L + b * 15_000L, v);
            }
            app.commit();
        }
        return dump(db);
    }

    static Map<String, List<String>> dump(Tsdb db) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            SeriesSet ss = q.select(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+"));
            while (ss.next()) {
                List<String> samples = new ArrayList<>();
                SampleIterator it = ss.iterator();
                while (it.next()) {
                    samples.add(it.t() + "=" + Long.toHexString(Double.doubleToRawLongBits(it.v())));
                }
                out.put(ss.labels().toString(), samples);
            }
        }
        return out;
    }

    static int total(Map<String, List<String>> m) {
        return m.values().stream().mapToInt(List::size).sum();
    }

    @ParameterizedTest(name = "compression {0}")
    @ValueSource(booleans = {false, true})
    void replaysWhatWasCommittedAcrossSegments(boolean compression) throws Exception {
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(opts(compression))) {
            before = write(db, 0, 300);
        }
        assertTrue(Segments.list(dir.resolve("wal")).size() > 2, "rolled segments");
        try (Tsdb db = Tsdb.open(opts(compression))) {
            assertEquals(before, dump(db));
            assertEquals(60, db.head().numSeries());
            // Appending after a replay continues the same series with the same refs.
            Map<String, List<String>> after = write(db, 300, 3);
            assertEquals(60 * 303, total(after));
        }
        try (Tsdb db = Tsdb.open(opts(compression))) {
            assertEquals(60 * 303, total(dump(db)));
            assertEquals(0, db.walMetrics().corruptions.sum());
        }
    }

    @Test
    void replaysNewestCheckpointThenLaterSegments() throws Exception {
        Map<String, List<String>> all;
        try (Tsdb db = Tsdb.open(opts(false))) {
            all = write(db, 0, 300);
        }
        List<Integer> segs = Segments.list(dir.resolve("wal"));
        assertTrue(segs.size() >= 4);
        // A checkpoint is a directory of ordinary segments standing for the segments up to N.
        Path wal = dir.resolve("wal");
        int upTo = segs.get(1);
        Path stale = Files.createDirectories(wal.resolve("checkpoint.00000000"));
        Files.write(stale.resolve(Segments.name(0)), new byte[] {1, 2, 3}); // older: never read
        Path cp = Files.createDirectories(wal.resolve(String.format("checkpoint.%08d", upTo)));
        for (int i = 0; i <= 1; i++) {
            Files.move(wal.resolve(Segments.name(segs.get(i))), cp.resolve(Segments.name(i)));
        }
        try (Tsdb db = Tsdb.open(opts(false))) {
            assertEquals(all, dump(db));
            assertEquals(0, db.walMetrics().corruptions.sum());
        }
    }

    @Test
    void splitsRecordsLargerThanAPage() throws Exception {
        Map<String, List<String>> before;
        try (Tsdb db = Tsdb.open(opts(false).withWalSegmentSize(32 * Segments.PAGE_SIZE))) {
            Appender app = db.appender();
            for (int s = 0; s < 3000; s++) {
                app.append(0, Labels.of("__name__", "big", "i", Integer.toString(s)), 1000, s);
            }
            app.commit();
            before = dump(db);
        }
        List<Integer> types = fragmentTypes(dir.resolve("wal").resolve(Segments.name(0)));
        assertTrue(types.contains(Segments.FIRST) && types.contains(Segments.MIDDLE) && types.contains(Segments.LAST), types.toString());
        try (Tsdb db = Tsdb.open(opts(false))) {
            assertEquals(before, dump(db));
        }
    }

    /** Cut points relative to the end of the data in the last written segment. */
    static Stream<Arguments> tornTails() {
        return Stream.of(
                Arguments.of("inside the last record's data", -20),
                Arguments.of("inside the last fragment header", -1),
                Arguments.of("just after the first byte of a header", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tornTails")
    void replaysWalAfterTornTail(String name, int cutFromEnd) throws Exception {
        Path seg;
        long dataEnd;
        try (Tsdb db = Tsdb.open(opts(false))) {
            write(db, 0, 20);
            seg = dir.resolve("wal").resolve(Segments.name(db.walMetrics().segmentCurrent.intValue()));
            dataEnd = Files.size(seg); // before close pads the page
        }
        // Simulate a crash: the process died after writing part of the last record.
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
            if (cutFromEnd < 0) {
                ch.truncate(dataEnd + cutFromEnd);
            } else {
                ch.truncate(dataEnd);
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) Segments.FULL}), dataEnd);
            }
        }
        int samples;
        try (Tsdb db = Tsdb.open(opts(false))) {
            samples = total(dump(db));
            assertEquals(cutFromEnd < 0 ? 60 * 19 : 60 * 20, samples, "everything but the torn batch");
            assertEquals(1, db.walMetrics().corruptions.sum());
            write(db, 100, 1);
        }
        try (Tsdb db = Tsdb.open(opts(false))) {
            assertEquals(samples + 60, total(dump(db)));
            assertEquals(0, db.walMetrics().corruptions.sum(), "the repair left a clean log");
        }
    }

    @Test
    void repairsFlippedByteByDroppingEverythingAfterIt() throws Exception {
        try (Tsdb db = Tsdb.open(opts(false))) {
            write(db, 0, 200);
        }
        List<Integer> segs = Segments.list(dir.resolve("wal"));
        assertTrue(segs.size() >= 3);
        Path victim = dir.resolve("wal").resolve(Segments.name(segs.get(1)));
        try (FileChannel ch = FileChannel.open(victim, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 5000);
            b.flip();
            b.put(0, (byte) (b.get(0) ^ 0x40));
            ch.write(b, 5000);
        }
        int kept;
        try (Tsdb db = Tsdb.open(opts(false))) {
            kept = total(dump(db));
            assertTrue(kept > 0 && kept < 60 * 200, "kept " + kept);
            assertEquals(1, db.walMetrics().corruptions.sum());
        }
        List<Integer> after = Segments.list(dir.resolve("wal"));
        assertEquals(segs.get(1), after.get(1), "corrupt segment kept, truncated");
        assertEquals(0, Files.size(victim) % Segments.PAGE_SIZE, "padded to a page");
        // Later segments were removed; the reopened WAL then started a fresh, empty one.
        assertEquals(List.of(segs.get(0), segs.get(1), segs.get(1) + 1), after);
        assertEquals(0, Files.size(dir.resolve("wal").resolve(Segments.name(segs.get(1) + 1))));
        try (Tsdb db = Tsdb.open(opts(false))) {
            assertEquals(kept, total(dump(db)));
            assertEquals(0, db.walMetrics().corruptions.sum());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"wal-snappy", "wal-plain"})
    void replaysWalWrittenByPrometheus(String fixture) throws Exception {
        Path wal = Files.createDirectories(dir.resolve("wal"));
        try (InputStream in = WalTest.class.getResourceAsStream("/prometheus-2.42/" + fixture + "/00000000")) {
            Files.copy(in, wal.resolve("00000000"));
        }
        Map<String, List<String>> expected = new TreeMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                WalTest.class.getResourceAsStream("/prometheus-2.42/" + fixture + "/promtool-dump.txt.gz")), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int sp2 = line.lastIndexOf(' ');
                int sp1 = line.lastIndexOf(' ', sp2 - 1);
                String v = line.substring(sp1 + 1, sp2);
                double d = switch (v) {
                    case "NaN" -> Double.NaN;
                    case "+Inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf" -> Double.NEGATIVE_INFINITY;
                    default -> Double.parseDouble(v);
                };
                expected.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>()).add(line.substring(sp2 + 1) + "=" + d);
            }
        }
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            Map<String, List<String>> got = new TreeMap<>();
            dump(db).forEach((k, samples) -> got.put(k, samples.stream().map(s -> {
                int eq = s.indexOf('=');
                double d = Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(eq + 1), 16));
                return s.substring(0, eq) + "=" + (Double.isNaN(d) ? Double.NaN : d);
            }).toList()));
            assertEquals(expected.keySet(), got.keySet());
            assertEquals(expected, got);
            assertTrue(expected.size() > 300);
            assertEquals(0, db.walMetrics().corruptions.sum());
        }
    }

    static List<Integer> fragmentTypes(Path segment) throws IOException {
        byte[] d = Files.readAllBytes(segment);
        List<Integer> types = new ArrayList<>();
        int off = 0;
        while (off < d.length) {
            int inPage = off % Segments.PAGE_SIZE;
            if (Segments.PAGE_SIZE - inPage < Segments.HEADER_SIZE || d[off] == 0) {
                off += Segments.PAGE_SIZE - inPage;
                continue;
            }
            types.add(d[off] & 7);
            off += Segments.HEADER_SIZE + (((d[off + 1] & 0xff) << 8) | (d[off + 2] & 0xff));
        }
        return types;
    }
}
