package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a segment from a record's offset, as the replay after a memory snapshot does. */
class WalReaderOffsetTest {

    static final int RECORDS = 200;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "from record {0}")
    // First, second, one after records split over pages, last, and the end of the segment.
    @ValueSource(ints = {0, 1, 57, RECORDS - 1, RECORDS})
    void readsTheRecordsFromTheOffsetOn(int from) throws Exception {
        Random rnd = new Random(7);
        List<byte[]> written = new ArrayList<>();
        try (WalWriter w = new WalWriter(dir, 1 << 20, false, false, new WalMetrics())) {
            for (int i = 0; i < RECORDS; i++) {
                // Up to 3 KiB: records span page boundaries as fragments.
                byte[] r = new byte[1 + rnd.nextInt(3000)];
                rnd.nextBytes(r);
                r[0] = (byte) i;
                written.add(r);
                w.log(r);
            }
        }
        List<Integer> segs = Segments.list(dir);
        assertEquals(List.of(0), segs);
        long[] starts = new long[RECORDS + 1];
        try (WalReader r = new WalReader(dir, segs)) {
            for (int i = 0; i < RECORDS; i++) {
                r.next();
                starts[i] = r.recordStart();
            }
        }
        starts[RECORDS] = Files.size(dir.resolve(Segments.name(0)));
        try (WalReader r = new WalReader(dir, segs, starts[from])) {
            for (int i = from; i < RECORDS; i++) {
                assertEquals(true, r.next(), "record " + i);
                assertArrayEquals(written.get(i), Arrays.copyOf(r.record(), r.recordLength()), "record " + i);
            }
            assertEquals(false, r.next());
        }
    }
}
