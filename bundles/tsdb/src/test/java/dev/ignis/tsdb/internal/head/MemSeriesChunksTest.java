package dev.ignis.tsdb.internal.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.query.ChunkList;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A series' completed chunks: where each one is (chunks_head/ or the heap), its time range and
 * sample count, through cuts, truncation and queries. One sample a second and a 60 s chunk
 * range: chunk k holds the 60 samples of [60k s, 60k + 59 s].
 */
class MemSeriesChunksTest {

    private static final long RANGE = 60_000;
    private static final HeadOptions OPTS = new HeadOptions(RANGE, 120, 128, 16);

    @TempDir
    Path dir;

    /** mappedFirst: completed chunks written to chunks_head/ before its writes start failing. */
    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of("all on the heap (no mapper)", -1),
                Arguments.of("all in chunks_head", 4),
                Arguments.of("mapped, then the heap after write failures", 2),
                Arguments.of("heap from the first cut (writes fail at once)", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void chunksKeepRangesCountsAndPlacesThroughTruncation(String name, int mappedFirst) throws Exception {
        HeadChunkMapper mapper = mappedFirst < 0 ? null : HeadChunkMapper.open(dir.resolve("chunks_head"));
        MemSeries s = new MemSeries(7, Labels.of("__name__", "x"));
        // 4 completed chunks and an open one of 30 samples.
        for (int i = 0; i < 270; i++) {
            if (mapper != null && i == (mappedFirst + 1) * 60) {
                mapper.close(); // this sample cuts chunk mappedFirst, whose write fails: the heap
            }
            assertEquals(i % 60 == 0 ? MemSeries.APPENDED_NEW_CHUNK : MemSeries.APPENDED,
                    s.append(i * 1000L, Double.doubleToRawLongBits(i), OPTS, 1 + i, mapper));
        }
        assertEquals(5, s.chunkCount());
        assertEquals(0, s.minTime());
        assertEquals(239_000, s.completedMaxT());
        assertChunks(s, mappedFirst, 0, 5);
        assertEquals(mappedFirst > 0 ? 1 : Integer.MAX_VALUE, s.firstMappedFile());

        // Drops chunks 0 and 1 (maxT 59 s and 119 s are before 120 s); the open chunk stays.
        assertEquals(2, s.truncateBefore(120_000));
        assertEquals(3, s.chunkCount());
        assertEquals(120_000, s.minTime());
        assertChunks(s, mappedFirst, 2, 5);
        assertEquals(mappedFirst > 2 ? 1 : Integer.MAX_VALUE, s.firstMappedFile());

        // Everything before the newest sample: completed chunks and the open one go.
        assertEquals(3, s.truncateBefore(300_000));
        assertEquals(0, s.chunkCount());
        assertEquals(Long.MAX_VALUE, s.minTime());
        assertEquals(Long.MIN_VALUE, s.completedMaxT());
        assertEquals(Integer.MAX_VALUE, s.firstMappedFile());
        // Appends go on after the newest sample, in a new chunk.
        assertEquals(MemSeries.APPENDED_NEW_CHUNK, s.append(300_000, Double.doubleToRawLongBits(1), OPTS, 999, mapper));
        assertEquals(300_000, s.minTime());
        if (mapper != null) {
            mapper.close();
        }
    }

    /** Chunks first..end-1 (the last one open) as a query sees them. */
    private static void assertChunks(MemSeries s, int mappedFirst, int first, int end) {
        ChunkList out = new ChunkList();
        assertEquals(end - first, s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, out, null));
        XorIterator it = new XorIterator();
        for (int j = 0; j < out.size; j++) {
            int k = first + j;
            boolean open = k == end - 1;
            assertEquals(k * RANGE, out.minT[j], "minT of chunk " + k);
            assertEquals(open ? 269_000 : k * RANGE + 59_000, out.maxT[j], "maxT of chunk " + k);
            assertEquals(open ? 30 : 60, out.samples[j], "samples of chunk " + k);
            boolean mapped = !open && mappedFirst >= 0 && k < mappedFirst;
            if (mapped) {
                assertNull(out.data[j], "chunk " + k + " is in chunks_head");
                assertEquals(1, out.mappedRef[j] >>> 32, "file of chunk " + k);
            } else {
                assertNotNull(out.data[j], "chunk " + k + " is on the heap");
                it.reset(out.data[j], 0, out.data[j].length, out.samples[j]);
                long t = k * RANGE;
                while (it.next()) {
                    assertEquals(t, it.t());
                    assertEquals(t / 1000, it.v());
                    t += 1000;
                }
                assertEquals(k * RANGE + out.samples[j] * 1000L, t);
            }
        }
    }

    @Test
    void queriesSeeOnlyCommitsTheyMaySeeAcrossCompletedChunks() {
        MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
        for (int i = 0; i < 100; i++) {
            s.append(i * 1000L, Double.doubleToRawLongBits(i), OPTS, 1, null);
        }
        for (int i = 100; i < 130; i++) {
            s.append(i * 1000L, Double.doubleToRawLongBits(i), OPTS, 2, null);
        }
        ChunkList seesFirst = new ChunkList();
        assertEquals(2, s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE, 1, seesFirst, null));
        assertEquals(60, seesFirst.samples[0]);
        assertEquals(40, seesFirst.samples[1]);
        ChunkList seesAll = new ChunkList();
        assertEquals(3, s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE, 2, seesAll, null));
        assertEquals(10, seesAll.samples[2]);
    }

    /** Chunk ranges and sample counts the packed chunk entries cannot hold. */
    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("chunk range above 2^46 ms", (1L << 46) + 1, 120),
                Arguments.of("chunk range Long.MAX_VALUE", Long.MAX_VALUE, 120),
                Arguments.of("twice the samples per chunk overflows the 2-byte count", 2 * 60 * 60 * 1000L, 0x8000),
                Arguments.of("no samples per chunk", 2 * 60 * 60 * 1000L, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptions")
    void optionsRejectWhatAChunkEntryCannotHold(String name, long range, int samplesPerChunk) {
        assertThrows(IllegalArgumentException.class, () -> new HeadOptions(range, samplesPerChunk, 128, 16));
    }

    @Test
    void loadTreatsAChunkNoHeadCutsAsCorruption() throws Exception {
        byte[] c = new dev.ignis.tsdb.internal.chunkenc.XorChunk().toByteArray();
        try (HeadChunkMapper m = HeadChunkMapper.open(dir.resolve("chunks_head"))) {
            m.write(1, 0, 1000, 1, c, c.length);
            m.write(2, 0, MemSeries.MAX_CHUNK_SPAN, 1, c, c.length);
            m.write(1, 2000, 2000 + MemSeries.MAX_CHUNK_SPAN + 1, 1, c, c.length);
            m.write(2, 0, 5, 1, c, c.length);
            m.flush();
        }
        try (HeadChunkMapper m = HeadChunkMapper.open(dir.resolve("chunks_head"))) {
            MappedChunks.Loaded l = MappedChunks.load(m, Long.MIN_VALUE);
            // The third record's span cannot be packed: the file ends before it.
            assertEquals(2, l.chunks());
            assertEquals(1, l.bySeries().get(1).size);
            assertEquals(MemSeries.MAX_CHUNK_SPAN, l.bySeries().get(2).maxT[0]);
        }
    }

    @Test
    void largestOptionsStillPack() {
        HeadOptions o = new HeadOptions(1L << 46, 0x7fff, 128, 16);
        MemSeries s = new MemSeries(1, Labels.of("__name__", "x"));
        long t0 = -(1L << 45);
        s.append(t0, 0, o, 1, null);
        s.append(t0 + (1L << 45) - 1, 0, o, 1, null);
        assertEquals(MemSeries.APPENDED_NEW_CHUNK, s.append(0, 0, o, 1, null));
        ChunkList out = new ChunkList();
        s.snapshot(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, out, null);
        assertEquals(t0, out.minT[0]);
        assertEquals(t0 + (1L << 45) - 1, out.maxT[0]);
        assertEquals(2, out.samples[0]);
    }
}
