package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.block.BlockWriter.ChunkData;
import dev.ignis.tsdb.internal.block.BlockWriter.SeriesData;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A block written series by series is the block {@link BlockWriter#write} writes from the same series. */
class SeriesAppenderTest {

    @TempDir
    Path dir;

    static List<SeriesData> series(int n) {
        List<SeriesData> out = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            List<ChunkData> cs = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                XorChunk x = new XorChunk();
                long t0 = c * 120_000L;
                for (int j = 0; j < 120; j++) {
                    x.append(t0 + j * 1000, r.nextInt(1000) / 10.0);
                }
                cs.add(new ChunkData(t0, t0 + 119_000, XorChunk.ENCODING, x.toByteArray()));
            }
            out.add(new SeriesData(Labels.of("__name__", "m", "i", String.format("%05d", i)), cs));
        }
        return out;
    }

    @ParameterizedTest(name = "segment size {0}")
    @ValueSource(longs = {BlockWriter.DEFAULT_SEGMENT_SIZE, 4096})
    void writesTheSameBytesAsAWholeBlockWrite(long segmentSize) throws IOException {
        List<SeriesData> in = series(200);
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        BlockMeta whole = new BlockWriter(segmentSize).write(a, "01M8E9JB000000000000000000", 0, 360_000, in);
        BlockMeta streamed;
        try (BlockWriter.SeriesAppender app = new BlockWriter(segmentSize).appender(b, "01M8E9JB000000000000000000")) {
            for (SeriesData s : in) {
                app.add(s.labels(), s.chunks());
            }
            app.add(Labels.of("__name__", "n"), List.of());
            assertEquals(200 * 360, app.samples());
            streamed = app.finish(0, 360_000, MetaFile.Compaction.level1("01M8E9JB000000000000000000"));
        }
        assertEquals(whole, streamed);
        List<String> files = files(a.resolve("01M8E9JB000000000000000000"));
        assertEquals(files, files(b.resolve("01M8E9JB000000000000000000")));
        for (String f : files) {
            assertArrayEquals(Files.readAllBytes(a.resolve("01M8E9JB000000000000000000").resolve(f)),
                    Files.readAllBytes(b.resolve("01M8E9JB000000000000000000").resolve(f)), f);
        }
    }

    static List<String> files(Path block) throws IOException {
        try (Stream<Path> s = Files.walk(block)) {
            return s.filter(Files::isRegularFile).map(p -> block.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void refusesSeriesOutOfOrderAndLeavesNothingWhenNotFinished() throws IOException {
        List<SeriesData> in = series(2);
        try (BlockWriter.SeriesAppender app = new BlockWriter().appender(dir, "01M8E9JB000000000000000001")) {
            app.add(in.get(1).labels(), in.get(1).chunks());
            assertThrows(IllegalArgumentException.class, () -> app.add(in.get(0).labels(), in.get(0).chunks()));
            assertThrows(IllegalArgumentException.class, () -> app.add(in.get(1).labels(), in.get(1).chunks()));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(s.findAny().isPresent(), "the partial block is removed");
        }
    }
}
