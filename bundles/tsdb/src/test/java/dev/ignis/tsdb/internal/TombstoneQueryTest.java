package dev.ignis.tsdb.internal;

import static dev.ignis.tsdb.internal.TombstoneFixtures.backfilledWithPrometheusTombstones;
import static dev.ignis.tsdb.internal.TombstoneFixtures.dump;
import static dev.ignis.tsdb.internal.TombstoneFixtures.gunzip;
import static dev.ignis.tsdb.internal.TombstoneFixtures.parseDump;
import static dev.ignis.tsdb.internal.TombstoneFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.tombstones.Tombstones;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.wal.Records;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queries leave out what tombstones that the real Prometheus 2.42 wrote delete: in blocks
 * ({@code tombstones} files) and in the head (tombstones records of its WAL). Fixtures and
 * helpers in {@link TombstoneFixtures}.
 */
class TombstoneQueryTest {

    @TempDir
    Path tmp;

    @Test
    void blockQueriesLeaveOutWhatPrometheusTombstonesDelete() throws Exception {
        Path data = backfilledWithPrometheusTombstones(tmp);
        Map<String, List<String>> expected = parseDump(gunzip("deleted-promtool-dump.txt.gz"));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            assertEquals(expected, dump(db));
            try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
                // As Prometheus 2.42: a series deleted whole is not selected, but the index still
                // lists its labels until the tombstones are cleaned.
                assertFalse(q.select(LabelMatcher.equal("__name__", "b_total")).next());
                assertEquals(List.of("j0", "j1", "j2", "x"), q.labelValues("job"));
                assertEquals(List.of("a", "b_total"), q.labelValues("__name__"));
            }
            // A query inside the deleted range of a{job="j1"} sees nothing of it.
            try (Querier q = db.querier(1600001000000L, 1600002000000L)) {
                assertFalse(q.select(LabelMatcher.equal("job", "j1")).next());
                assertTrue(q.select(LabelMatcher.equal("job", "j0")).next());
            }
        }
    }

    @Test
    void replaysTheTombstonesOfAPrometheusWal() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("wal"));
        Files.write(data.resolve("wal/00000000"), resource("wal-00000000"));
        Map<String, List<String>> expected = parseDump(gunzip("wal-promtool-dump.txt.gz"));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            Tombstones stones = db.head().tombstones();
            assertEquals(3, stones.numSeries(), "three delete_series calls, one series each");
            Map<String, List<String>> got = dump(db);
            // Prometheus deleted prometheus_build_info up to its newest sample then (later ones
            // stay), and up in [1795776062000, 1795776067000].
            for (Map.Entry<String, List<String>> e : got.entrySet()) {
                for (String sample : e.getValue()) {
                    long t = Long.parseLong(sample.substring(0, sample.indexOf('=')));
                    if (e.getKey().startsWith("{__name__=\"prometheus_build_info\"")) {
                        assertTrue(t > 1795776057089L, "deleted build_info sample at " + t);
                    } else if (e.getKey().startsWith("{__name__=\"up\"")) {
                        assertTrue(t < 1795776062000L || t > 1795776067000L, "deleted up sample at " + t);
                    }
                }
            }
            assertTrue(expected.equals(got), "same samples as promtool's dump of the WAL");
        }
    }

    @Test
    void encodesTombstonesRecordsAsPrometheus() {
        // The record Prometheus 2.42 logged for a delete_series of prometheus_build_info (series 58).
        byte[] theirs = HexFormat.of().parseHex("03000000000000003ae29cc0c9c36882bcc0c9c368");
        ByteBuf b = new ByteBuf(32);
        Records.tombstones(b, new long[] {58}, new long[] {1795776055089L}, new long[] {1795776057089L}, 1);
        assertArrayEquals(theirs, Arrays.copyOf(b.array(), b.length()));
    }
}
