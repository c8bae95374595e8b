package dev.ignis.tsdb.internal.tombstones;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code tombstones} file, against files the real Prometheus 2.42 wrote. */
class TombstoneFileTest {

    /** Written by Prometheus after deleting all of {@code b_total} (series 10) in this block. */
    static final String ONE_SERIES = "/prometheus-2.42/tombstones/deleted/01M8E9F9H0W1R0SXBZV4XFDF3T/tombstones";
    /** Written after deleting {@code a{job="j1"}} (series 8) in [1600001000000, 1600002000000] and all of {@code b_total} (16). */
    static final String TWO_SERIES = "/prometheus-2.42/tombstones/deleted/01M8E9F9F56VJF5N2XPJBG4ZVG/tombstones";

    @TempDir
    Path dir;

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = TombstoneFileTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsWhatPrometheusWrote() throws IOException {
        Tombstones one = TombstoneFile.decode(fixture(ONE_SERIES));
        assertEquals(1, one.numSeries());
        assertEquals(Intervals.of(1600005600000L, 1600007200000L), one.get(10));

        Tombstones two = TombstoneFile.decode(fixture(TWO_SERIES));
        assertEquals(2, two.total());
        assertEquals(Intervals.of(1600001000000L, 1600002000000L), two.get(8));
        assertEquals(Intervals.of(1600000000000L, 1600005590000L), two.get(16));
    }

    @Test
    void writesTheBytesPrometheusWrites() throws IOException {
        assertArrayEquals(fixture(ONE_SERIES), TombstoneFile.encode(TombstoneFile.decode(fixture(ONE_SERIES))));
        // Prometheus writes series in Go map order, Ignis by ref: same entries, same length, same CRC rules.
        byte[] two = fixture(TWO_SERIES);
        byte[] ours = TombstoneFile.encode(TombstoneFile.decode(two));
        assertEquals(two.length, ours.length);
        assertEquals(TombstoneFile.decode(two), TombstoneFile.decode(ours));
    }

    @Test
    void emptyFileIsWhatBlockWritersWrite() throws IOException {
        byte[] empty = TombstoneFile.encode(new Tombstones());
        assertArrayEquals(new byte[] {0x01, 0x30, (byte) 0xBA, 0x30, 0x01, 0, 0, 0, 0}, empty);
        assertTrue(TombstoneFile.decode(empty).isEmpty());
    }

    @Test
    void roundTripsThroughAFileAndReplacesIt() throws IOException {
        assertTrue(TombstoneFile.read(dir).isEmpty(), "a missing file means no tombstones");
        Tombstones t = new Tombstones();
        t.add(1, Long.MIN_VALUE, -5);
        t.add(1, 10, 20);
        t.add(300_000, 5, Long.MAX_VALUE);
        long size = TombstoneFile.write(dir, t);
        assertEquals(Files.size(dir.resolve("tombstones")), size);
        assertEquals(t, TombstoneFile.read(dir));
        t.add(2, 0, 0);
        TombstoneFile.write(dir, t);
        assertEquals(t, TombstoneFile.read(dir));
        assertFalse(Files.exists(dir.resolve("tombstones.tmp")));
    }

    @Test
    void rejectsCorruptFiles() throws IOException {
        byte[] good = fixture(TWO_SERIES);
        byte[] crc = good.clone();
        crc[10] ^= 1;
        assertEquals("checksum did not match", assertThrows(IOException.class, () -> TombstoneFile.decode(crc)).getMessage());
        byte[] magic = good.clone();
        magic[0] = 0;
        assertThrows(IOException.class, () -> TombstoneFile.decode(magic));
        assertThrows(IOException.class, () -> TombstoneFile.decode(new byte[] {1, 0x30}));
    }
}
