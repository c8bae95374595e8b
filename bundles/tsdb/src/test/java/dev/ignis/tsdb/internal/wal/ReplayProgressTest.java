package dev.ignis.tsdb.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.WalReplayStatus;
import dev.ignis.tsdb.internal.Tsdb;
import dev.ignis.tsdb.internal.TsdbOptions;
import dev.ignis.tsdb.internal.head.Head;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WAL replay reports segments as Prometheus 2.42's {@code /api/v1/status/walreplay} does:
 * {@code min} the checkpoint's number (else 0), {@code max} the segment the WAL writes into
 * after the replay, {@code current} the last one read, equal to {@code max} at the end.
 */
class ReplayProgressTest {

    @TempDir
    Path dir;

    private WalReplayStatus replay(ReplayProgress progress, List<WalReplayStatus> seen) throws Exception {
        Head head = new Head(TsdbOptions.defaults(dir).head());
        ReplayProgress recording = new ReplayProgress() {
            @Override
            void start(int min, int max) {
                super.start(min, max);
                seen.add(status());
            }

            @Override
            void read(int segment) {
                super.read(segment);
                seen.add(status());
            }
        };
        new WalReplay(head, new WalMetrics(), progress == null ? recording : progress).replay(dir.resolve("wal"));
        return (progress == null ? recording : progress).status();
    }

    @Test
    void aFreshDirectoryIsAllZero() throws Exception {
        assertEquals(new WalReplayStatus(0, 0, 0), replay(new ReplayProgress(), new ArrayList<>()));
    }

    @Test
    void countsSegmentsUpToTheNextOneWritten() throws Exception {
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir).withWalSegmentSize(WalTest.SEGMENT))) {
            WalTest.write(db, 0, 300);
        }
        List<Integer> segs = Segments.list(dir.resolve("wal"));
        int last = segs.get(segs.size() - 1);
        assertTrue(last >= 2, "rolled segments: " + segs);
        List<WalReplayStatus> seen = new ArrayList<>();
        WalReplayStatus done = replay(null, seen);
        assertEquals(new WalReplayStatus(0, last + 1, last + 1), done);
        assertEquals(new WalReplayStatus(0, last + 1, 0), seen.get(0));
        // every segment is reported once read, in order
        for (int i = 0; i <= last; i++) {
            assertEquals(new WalReplayStatus(0, last + 1, i), seen.get(i + 1), "after segment " + i);
        }
    }

    @Test
    void startsAtTheCheckpoint() throws Exception {
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir).withWalSegmentSize(WalTest.SEGMENT))) {
            WalTest.write(db, 0, 300);
        }
        Path wal = dir.resolve("wal");
        List<Integer> segs = Segments.list(wal);
        assertTrue(segs.size() >= 3, "rolled segments: " + segs);
        int upTo = segs.get(1);
        Path cp = Files.createDirectories(wal.resolve(String.format("checkpoint.%08d", upTo)));
        for (int i = 0; i <= 1; i++) {
            Files.move(wal.resolve(Segments.name(segs.get(i))), cp.resolve(Segments.name(i)));
        }
        int last = segs.get(segs.size() - 1);
        List<WalReplayStatus> seen = new ArrayList<>();
        assertEquals(new WalReplayStatus(upTo, last + 1, last + 1), replay(null, seen));
        assertEquals(new WalReplayStatus(upTo, last + 1, upTo), seen.get(1), "checkpoint read");
    }
}
