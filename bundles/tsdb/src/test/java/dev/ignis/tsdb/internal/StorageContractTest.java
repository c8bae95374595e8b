package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.api.storage.StaleMarker;
import dev.ignis.api.storage.Storage;
import dev.ignis.api.storage.StorageException;
import dev.ignis.api.storage.StorageException.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link Storage} must do, whatever holds the data. Each implementation (head only,
 * head plus blocks, ...) extends this class and says how to open and close it on a directory.
 */
abstract class StorageContractTest {

    static final Labels UP_A = Labels.of("__name__", "up", "job", "a");
    static final Labels UP_B = Labels.of("__name__", "up", "job", "b");
    static final Labels OTHER = Labels.of("__name__", "other", "job", "a", "zone", "z1");

    @TempDir
    Path dir;
    Storage storage;

    /** Opens the storage on {@code dir} (an existing one again after {@link #close}). */
    protected abstract Storage open(Path dir) throws Exception;

    protected abstract void close(Storage s) throws Exception;

    /** Whether committed samples survive {@link #close} and {@link #open}. */
    protected abstract boolean durable();

    @BeforeEach
    void openStorage() throws Exception {
        storage = open(dir);
    }

    @AfterEach
    void closeStorage() throws Exception {
        if (storage != null) {
            close(storage);
        }
    }

    @Test
    void readsCommittedSamplesSortedBySeries() throws Exception {
        append(UP_B, 1000, 2, UP_A, 1000, 1, OTHER, 1000, 3, UP_A, 2000, 1.5);
        assertEquals(List.of(UP_A + " 1000=1.0 2000=1.5", UP_B + " 1000=2.0"), read(0, 5000, LabelMatcher.equal("__name__", "up")));
        assertEquals(List.of(UP_A + " 2000=1.5"), read(1500, 5000, LabelMatcher.equal("job", "a"), LabelMatcher.equal("__name__", "up")));
        assertEquals(1000, storage.minTime());
    }

    @Test
    void discardsRolledBackBatch() throws Exception {
        Appender app = storage.appender();
        app.append(0, UP_A, 1000, 1);
        app.rollback();
        assertEquals(List.of(), read(0, 5000, LabelMatcher.equal("__name__", "up")));
    }

    static Stream<Arguments> rejects() {
        return Stream.of(
                Arguments.of("out of order", 999L, 1.0, Kind.OUT_OF_ORDER),
                Arguments.of("duplicate", 1000L, 2.0, Kind.DUPLICATE_SAMPLE),
                Arguments.of("out of bounds", 1000L - 3_600_001L, 1.0, Kind.OUT_OF_BOUNDS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejects")
    void rejectsWithPrometheusKinds(String name, long t, double v, Kind kind) throws Exception {
        append(UP_A, 1000, 1);
        Appender app = storage.appender();
        assertEquals(rejectedAs(kind), assertThrows(StorageException.class, () -> app.append(0, UP_A, t, v)).kind());
        app.append(0, UP_B, 2000, 5); // the batch stays usable
        app.commit();
        assertEquals(List.of(UP_A + " 1000=1.0", UP_B + " 2000=5.0"), read(0, 5000, LabelMatcher.equal("__name__", "up")));
    }

    /** The kind a sample the head alone rejects with {@code inHead} gets from this storage. */
    protected Kind rejectedAs(Kind inHead) {
        return inHead;
    }

    @Test
    void returnsStaleMarkersBitForBit() throws Exception {
        append(UP_A, 1000, 1, UP_A, 2000, StaleMarker.VALUE);
        try (Querier q = storage.querier(0, 5000)) {
            SeriesSet ss = q.select(LabelMatcher.equal("job", "a"), LabelMatcher.equal("__name__", "up"));
            assertTrue(ss.next());
            SampleIterator it = ss.iterator();
            assertTrue(it.next());
            assertTrue(it.next());
            assertTrue(StaleMarker.isStale(it.v()));
        }
    }

    @Test
    void listsLabelNamesAndValues() throws Exception {
        append(UP_A, 1000, 1, UP_B, 1000, 1, OTHER, 1000, 1);
        try (Querier q = storage.querier(0, 5000)) {
            assertEquals(List.of("__name__", "job", "zone"), q.labelNames());
            assertEquals(List.of("a", "b"), q.labelValues("job"));
            assertEquals(List.of("a"), q.labelValues("job", LabelMatcher.equal("__name__", "other")));
            assertEquals(List.of("__name__", "job"), q.labelNames(LabelMatcher.equal("__name__", "up")));
            assertEquals(List.of("__name__", "job", "zone"),
                    q.labelNames(new LabelMatcher(LabelMatcher.Type.REGEX, "job", "a|c")));
            assertEquals(List.of(), q.labelNames(LabelMatcher.equal("job", "c")));
            assertEquals(List.of("b"), q.labelValues("job", new LabelMatcher(LabelMatcher.Type.NOT_EQUAL, "job", "a")));
        }
    }

    @Test
    void keepsCommittedSamplesAcrossRestart() throws Exception {
        append(UP_A, 1000, 1, UP_B, 1000, 2);
        close(storage);
        storage = null;
        storage = open(dir);
        List<String> got = read(0, 5000, LabelMatcher.equal("__name__", "up"));
        assertEquals(durable() ? List.of(UP_A + " 1000=1.0", UP_B + " 1000=2.0") : List.of(), got);
    }

    /** Appends (labels, t, v) triples in one batch and commits. */
    void append(Object... triples) throws Exception {
        Appender app = storage.appender();
        for (int i = 0; i < triples.length; i += 3) {
            app.append(0, (Labels) triples[i], ((Number) triples[i + 1]).longValue(), ((Number) triples[i + 2]).doubleValue());
        }
        app.commit();
    }

    List<String> read(long mint, long maxt, LabelMatcher... ms) {
        List<String> out = new ArrayList<>();
        try (Querier q = storage.querier(mint, maxt)) {
            SeriesSet ss = q.select(ms);
            while (ss.next()) {
                StringBuilder sb = new StringBuilder(ss.labels().toString());
                SampleIterator it = ss.iterator();
                while (it.next()) {
                    sb.append(' ').append(it.t()).append('=').append(it.v());
                }
                out.add(sb.toString());
            }
        }
        return out;
    }
}
