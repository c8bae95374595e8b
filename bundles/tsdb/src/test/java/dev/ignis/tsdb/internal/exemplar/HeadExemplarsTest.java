package dev.ignis.tsdb.internal.exemplar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Exemplar;
import dev.ignis.api.storage.ExemplarSeries;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.StorageException;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import dev.ignis.tsdb.internal.snapshot.ChunkSnapshot;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.wal.ExemplarRecords;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exemplars through a real TSDB in a temporary directory: append, commit, WAL, snapshot, resize. */
class HeadExemplarsTest {

    static final Labels A = Labels.of("__name__", "req_total", "path", "/a");
    static final Labels B = Labels.of("__name__", "lat_bucket", "le", "0.1");
    static final List<List<LabelMatcher>> ALL = List.of(List.of(new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+")));

    @TempDir
    Path dir;

    private TsdbOptions opts(boolean exemplars) {
        return TsdbOptions.defaults(dir.resolve("data")).withExemplarStorage(exemplars);
    }

    static List<ExemplarSeries> all(Tsdb db) {
        CircularExemplarStorage s = db.head().exemplars();
        return s == null ? List.of() : s.select(Long.MIN_VALUE, Long.MAX_VALUE, ALL);
    }

    /** Two series, three exemplars each, and one of each kind of reject. */
    static void appendSome(Tsdb db) throws StorageException {
        for (int i = 0; i < 3; i++) {
            Appender app = db.appender();
            long t = 1_000_000 + i * 15_000L;
            long ra = app.append(0, A, t, i);
            long rb = app.append(0, B, t, i);
            assertEquals(ra, app.appendExemplar(ra, A, Labels.of("trace_id", "a" + i), t - 5, true, i + 0.5));
            assertEquals(rb, app.appendExemplar(0, B, Labels.of("trace_id", "b" + i, "span", ""), t, false, 0.25));
            app.commit();
        }
    }

    @Test
    void exemplarsAreStoredOnCommitOnly() throws Exception {
        try (Tsdb db = Tsdb.open(opts(true))) {
            Appender app = db.appender();
            long ref = app.append(0, A, 1_000, 1);
            app.appendExemplar(ref, A, Labels.of("trace_id", "x"), 1_000, true, 1);
            assertEquals(List.of(), all(db), "not before commit");
            app.rollback();
            assertEquals(List.of(), all(db), "not after rollback");

            app = db.appender();
            app.appendExemplar(ref, null, Labels.of("trace_id", "y"), 2_000, true, 2);
            app.commit(); // a batch of only an exemplar commits too
            assertEquals(List.of(new ExemplarSeries(A, List.of(new Exemplar(Labels.of("trace_id", "y"), 2, 2_000, true)))),
                    all(db));
        }
    }

    @Test
    void appendRejectsAsPrometheus() throws Exception {
        try (Tsdb db = Tsdb.open(opts(true))) {
            Appender app = db.appender();
            long ref = app.append(0, A, 1_000, 1);
            app.appendExemplar(ref, A, Labels.of("trace_id", "x"), 1_000, true, 1);
            app.commit();

            Appender next = db.appender();
            assertEquals(0, next.appendExemplar(ref, A, Labels.of("trace_id", "x"), 1_000, true, 1), "duplicate");
            StorageException ooo = assertThrows(StorageException.class,
                    () -> next.appendExemplar(ref, A, Labels.of("trace_id", "z"), 999, true, 1));
            assertEquals(StorageException.Kind.OUT_OF_ORDER_EXEMPLAR, ooo.kind());
            assertEquals("out of order exemplar", ooo.getMessage());
            StorageException len = assertThrows(StorageException.class,
                    () -> next.appendExemplar(ref, A, Labels.of("trace_id", "x".repeat(121)), 2_000, true, 1));
            assertEquals(StorageException.Kind.EXEMPLAR_LABEL_LENGTH, len.kind());
            assertEquals("label length for exemplar exceeds maximum of 128 UTF-8 characters", len.getMessage());
            StorageException unknown = assertThrows(StorageException.class,
                    () -> next.appendExemplar(987_654, Labels.of("__name__", "nope"), Labels.EMPTY, 2_000, true, 1));
            assertEquals("unknown HeadSeriesRef when trying to add exemplar: 987654", unknown.getMessage());
            // An empty-valued label is dropped before the length check, as 2.42's WithoutEmpty.
            assertEquals(ref, next.appendExemplar(ref, A, Labels.of("a", "x".repeat(126), "b", ""), 3_000, true, 1));
            next.commit();
            assertEquals(2, db.head().exemplars().appendedTotal());
            assertEquals(Labels.of("a", "x".repeat(126)), all(db).get(0).exemplars().get(1).labels());
        }
    }

    /**
     * A series repeated in one scrape: both exemplars pass the append check (made against the
     * store, not the batch), the commit stores the first and counts the second out of order, as
     * 2.42 does.
     */
    @Test
    void secondExemplarOfASeriesInOneBatchIsOutOfOrderAtCommit() throws Exception {
        try (Tsdb db = Tsdb.open(opts(true))) {
            Appender app = db.appender();
            long ref = app.append(0, A, 1_000, 1);
            assertEquals(ref, app.appendExemplar(ref, A, Labels.of("trace_id", "1"), 1_000, false, 1));
            assertEquals(ref, app.appendExemplar(ref, A, Labels.of("trace_id", "2"), 1_000, false, 2));
            app.commit();
            assertEquals("[1]", traces(all(db)).toString());
            assertEquals(1, db.head().exemplars().appendedTotal());
            assertEquals(1, db.head().exemplars().outOfOrderTotal());
        }
    }

    @Test
    void withoutTheFeatureExemplarsAreDropped() throws Exception {
        try (Tsdb db = Tsdb.open(opts(false))) {
            Appender app = db.appender();
            long ref = app.append(0, A, 1_000, 1);
            assertEquals(0, app.appendExemplar(ref, A, Labels.of("trace_id", "x"), 1_000, true, 1));
            app.commit();
            assertNull(db.head().exemplars());
        }
        assertEquals(0, exemplarRecords(dir.resolve("data/wal")));
    }

    @Test
    void walReplayRestoresExemplars() throws Exception {
        List<ExemplarSeries> before;
        try (Tsdb db = Tsdb.open(opts(true))) {
            appendSome(db);
            before = all(db);
        }
        assertEquals(2, before.size());
        assertEquals(6, before.get(0).exemplars().size() + before.get(1).exemplars().size());
        assertEquals(3, exemplarRecords(dir.resolve("data/wal")), "one exemplar record per commit");
        try (Tsdb db = Tsdb.open(opts(true))) {
            // From the WAL no exemplar has its own timestamp (the record has no such flag).
            assertEquals(withoutTsFlags(before), all(db));
            assertEquals(6, db.head().exemplars().appendedTotal());
        }
        try (Tsdb db = Tsdb.open(opts(false))) {
            assertNull(db.head().exemplars(), "replayed only with the feature on");
        }
    }

    @ParameterizedTest(name = "max_exemplars {0}")
    @ValueSource(longs = {0, 2, 4, 100_000, 200_000})
    void configResizesTheRing(long max) throws Exception {
        try (Tsdb db = Tsdb.open(opts(true))) {
            appendSome(db);
            List<ExemplarSeries> before = all(db);
            db.resizeExemplars(max);
            CircularExemplarStorage s = db.head().exemplars();
            assertEquals(max, s.capacity());
            assertEquals(Math.min(max, 6), s.inStorage());
            if (max >= 6) {
                assertEquals(before, all(db));
            }
            // The newest survive: the last commit's exemplars are there with 2 slots.
            if (max == 2) {
                assertEquals("[a2, b2]", traces(all(db)).toString());
            }
            if (max == 0) {
                Appender app = db.appender();
                long ref = app.append(0, A, 2_000_000, 1);
                assertEquals(0, app.appendExemplar(ref, A, Labels.EMPTY, 2_000_000, true, 1), "disabled");
                app.commit();
            }
        }
    }

    /** The replay runs before the config sizes the ring: it must not drop what a larger ring keeps. */
    @Test
    void replayKeepsMoreThanTheDefaultRingUntilTheConfigSizesIt() throws Exception {
        int series = 100;
        int rounds = 1_300; // 130000 exemplars, more than the default 100000
        try (Tsdb db = Tsdb.open(opts(true))) {
            db.resizeExemplars(200_000);
            long[] refs = new long[series];
            Labels[] ls = new Labels[series];
            for (int i = 0; i < series; i++) {
                ls[i] = Labels.of("__name__", "m_total", "i", Integer.toString(i));
            }
            Labels ex = Labels.of("trace_id", "t");
            for (int r = 0; r < rounds; r++) {
                Appender app = db.appender();
                for (int i = 0; i < series; i++) {
                    refs[i] = app.append(refs[i], ls[i], 1_000L * (r + 1), r);
                    app.appendExemplar(refs[i], ls[i], ex, 1_000L * (r + 1), true, r);
                }
                app.commit();
            }
            assertEquals(130_000, db.head().exemplars().inStorage());
        }
        try (Tsdb db = Tsdb.open(opts(true))) {
            CircularExemplarStorage s = db.head().exemplars();
            assertEquals(130_000, s.inStorage(), "replayed into a grown ring");
            db.resizeExemplars(200_000);
            assertEquals(200_000, s.capacity());
            assertEquals(130_000, s.inStorage());
            db.resizeExemplars(1_000);
            assertEquals(1_000, s.inStorage());
            // The newest: the last ten rounds of all series.
            assertEquals(1_291_000, s.select(0, Long.MAX_VALUE, ALL).get(0).exemplars().get(0).timestamp());
        }
    }

    @Test
    void memorySnapshotHoldsTheExemplars() throws Exception {
        TsdbOptions o = opts(true).withMemorySnapshotOnShutdown(true);
        List<ExemplarSeries> before;
        try (Tsdb db = Tsdb.open(o)) {
            appendSome(db);
            before = all(db);
        }
        Path snapshot = ChunkSnapshot.last(o.dir());
        assertNotNull(snapshot);
        int[] records = new int[1];
        try (WalReader r = new WalReader(snapshot, Segments.list(snapshot))) {
            while (r.next()) {
                if (r.record()[0] == 3) {
                    records[0]++;
                    ByteReader br = new ByteReader();
                    br.reset(r.record(), 1, r.recordLength() - 1);
                    List<String> seen = new ArrayList<>();
                    ExemplarRecords.decodeBody(br, (ref, t, v, labels) -> seen.add(labels.get("trace_id")));
                    assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), seen, "in the order stored");
                }
            }
        }
        assertEquals(1, records[0]);
        // The WAL after the snapshot is empty: what comes back comes from the snapshot.
        try (Tsdb db = Tsdb.open(o)) {
            assertEquals(withoutTsFlags(before), all(db));
        }
        try (Tsdb db = Tsdb.open(o.withExemplarStorage(false))) {
            assertEquals(0, db.snapshotReplayErrors(), "exemplar records are skipped without the feature");
        }
    }

    private static List<String> traces(List<ExemplarSeries> r) {
        List<String> out = new ArrayList<>();
        for (ExemplarSeries s : r) {
            for (Exemplar e : s.exemplars()) {
                out.add(e.labels().get("trace_id"));
            }
        }
        out.sort(null);
        return out;
    }

    static List<ExemplarSeries> withoutTsFlags(List<ExemplarSeries> in) {
        List<ExemplarSeries> out = new ArrayList<>();
        for (ExemplarSeries s : in) {
            List<Exemplar> es = new ArrayList<>();
            for (Exemplar e : s.exemplars()) {
                es.add(new Exemplar(e.labels(), e.value(), e.timestamp(), false));
            }
            out.add(new ExemplarSeries(s.seriesLabels(), es));
        }
        return out;
    }

    static int exemplarRecords(Path walDir) throws IOException {
        int n = 0;
        try (WalReader r = new WalReader(walDir, Segments.list(walDir))) {
            while (r.next()) {
                if ((r.record()[0] & 0xff) == Records.EXEMPLARS) {
                    n++;
                }
            }
        }
        return n;
    }
}
