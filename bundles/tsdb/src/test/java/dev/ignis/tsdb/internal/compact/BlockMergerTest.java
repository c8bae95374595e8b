package dev.ignis.tsdb.internal.compact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockChunks;
import dev.ignis.tsdb.internal.block.BlockIndex;
import dev.ignis.tsdb.internal.block.BlockMeta;
import dev.ignis.tsdb.internal.block.BlockWriter;
import dev.ignis.tsdb.internal.block.BlockWriter.ChunkData;
import dev.ignis.tsdb.internal.block.BlockWriter.SeriesData;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merging blocks' series: copied chunks, overlaps merged and deduplicated, deletions applied. */
public class BlockMergerTest {

    static final Labels A = Labels.of("__name__", "m", "s", "a");
    static final Labels B = Labels.of("__name__", "m", "s", "b");
    static final Labels C = Labels.of("__name__", "m", "s", "c");

    @TempDir
    Path dir;

    private final List<Block> open = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Block b : open) {
            b.close();
        }
    }

    /** Chunks of at most 120 samples of {@code ts} with value {@code base + t}. */
    public static List<ChunkData> chunks(long[] ts, double base) {
        List<ChunkData> out = new ArrayList<>();
        for (int i = 0; i < ts.length; i += 120) {
            XorChunk c = new XorChunk();
            int end = Math.min(ts.length, i + 120);
            for (int j = i; j < end; j++) {
                c.append(ts[j], base + ts[j]);
            }
            out.add(new ChunkData(ts[i], ts[end - 1], XorChunk.ENCODING, c.toByteArray()));
        }
        return out;
    }

    public static long[] range(long from, long to, long step) {
        List<Long> l = new ArrayList<>();
        for (long t = from; t < to; t += step) {
            l.add(t);
        }
        return l.stream().mapToLong(Long::longValue).toArray();
    }

    Block block(long mint, long maxt, Map<Labels, List<ChunkData>> series) throws IOException {
        List<SeriesData> in = new ArrayList<>();
        series.forEach((l, cs) -> in.add(new SeriesData(l, cs)));
        BlockMeta m = new BlockWriter().write(dir, mint, maxt, in);
        Block b = Block.open(dir.resolve(m.ulid()));
        open.add(b);
        return b;
    }

    /** Every sample of the merged series, "t=v" by labels. */
    static Map<String, List<String>> samples(List<SeriesData> series) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        XorIterator it = new XorIterator();
        for (SeriesData s : series) {
            List<String> l = new ArrayList<>();
            for (ChunkData c : s.chunks()) {
                it.reset(c.data());
                while (it.next()) {
                    l.add(it.t() + "=" + it.v());
                }
            }
            out.put(s.labels().toString(), l);
        }
        return out;
    }

    @Test
    void copiesChunksOfBlocksSideBySideAndJoinsSeries() throws IOException {
        Block b1 = block(0, 1000, Map.of(A, chunks(range(0, 1000, 10), 0), B, chunks(range(0, 1000, 10), 1)));
        Block b2 = block(1000, 2000, Map.of(A, chunks(range(1000, 2000, 10), 0), C, chunks(range(1000, 2000, 10), 2)));
        BlockMerger m = new BlockMerger();
        List<SeriesData> out = m.merge(List.of(new BlockMerger.Source(b1), new BlockMerger.Source(b2)));
        assertEquals(List.of(A, B, C), out.stream().map(SeriesData::labels).toList(), "sorted by labels");
        assertEquals(2 + 1 + 1, out.get(0).chunks().size() + out.get(1).chunks().size() + out.get(2).chunks().size());
        assertEquals(200, samples(out).get(A.toString()).size());
        // Untouched chunks are the bytes of the input blocks.
        BlockIndex.Series s = b1.index().series(b1.index().postings("s", "a")[0]);
        BlockChunks.Chunk c = b1.chunks().chunk(s.chunkRefs()[0]);
        assertTrue(Arrays.equals(c.data(), out.get(0).chunks().get(0).data()));
        assertEquals(4, m.stats().chunksCopied);
        assertEquals(0, m.stats().chunksReencoded);
        assertFalse(m.stats().overlapping);
    }

    @Test
    void mergesOverlappingChunksKeepingEachTimestampOnceFromTheFirstBlock() throws IOException {
        // b1: 0..2990 step 10 (300 samples), value t; b2: 1500..4490 step 15, value 1e6 + t.
        Block b1 = block(0, 3000, Map.of(A, chunks(range(0, 3000, 10), 0)));
        Block b2 = block(1500, 4500, Map.of(A, chunks(range(1500, 4500, 15), 1e6), B, chunks(range(1500, 1600, 10), 0)));
        BlockMerger m = new BlockMerger();
        List<SeriesData> out = m.merge(List.of(new BlockMerger.Source(b1), new BlockMerger.Source(b2)));
        assertTrue(m.stats().overlapping);
        TreeMap<Long, Double> want = new TreeMap<>();
        for (long t : range(1500, 4500, 15)) {
            want.put(t, 1e6 + t);
        }
        for (long t : range(0, 3000, 10)) {
            want.put(t, (double) t); // b1 is first: its value wins on equal timestamps (multiples of 30).
        }
        List<String> wantList = new ArrayList<>();
        want.forEach((t, v) -> wantList.add(t + "=" + v));
        assertEquals(wantList, samples(out).get(A.toString()));
        long prevMax = Long.MIN_VALUE;
        for (ChunkData c : out.get(0).chunks()) {
            int n = ((c.data()[0] & 0xff) << 8) | (c.data()[1] & 0xff);
            assertTrue(n <= 120, "at most 120 samples per re-encoded chunk: " + n);
            assertTrue(c.minT() > prevMax, "chunks do not overlap");
            prevMax = c.maxT();
        }
    }

    @Test
    void identicalBlocksGiveEachSampleOnce() throws IOException {
        Block b1 = block(0, 1000, Map.of(A, chunks(range(0, 1000, 10), 0)));
        Block b2 = block(0, 1000, Map.of(A, chunks(range(0, 1000, 10), 0)));
        List<SeriesData> out = new BlockMerger().merge(List.of(new BlockMerger.Source(b1), new BlockMerger.Source(b2)));
        assertEquals(100, samples(out).get(A.toString()).size());
    }

    @Test
    void appliesDeletionsAndDropsSeriesLeftEmpty() throws IOException {
        Block b1 = block(0, 2400, Map.of(A, chunks(range(0, 2400, 10), 0), B, chunks(range(0, 2400, 10), 0)));
        long refB = b1.index().postings("s", "b")[0];
        long refA = b1.index().postings("s", "a")[0];
        // A loses [500, 1299]: the chunks around it are re-encoded, chunks after it copied; B loses everything.
        BlockMerger.Deletions del = ref -> ref == refA ? new long[] {500, 1299} : ref == refB ? new long[] {-5, 5000} : null;
        BlockMerger m = new BlockMerger();
        List<SeriesData> out = m.merge(List.of(new BlockMerger.Source(b1, del)));
        assertEquals(1, out.size());
        assertEquals(A, out.get(0).labels());
        List<String> got = samples(out).get(A.toString());
        assertEquals(240 - 80, got.size());
        assertFalse(got.contains("500=500.0") || got.contains("1290=1290.0"));
        assertTrue(got.contains("490=490.0") && got.contains("1300=1300.0"));
        assertTrue(m.stats().chunksReencoded >= 1);
    }

    @Test
    void readsChunksAcrossManyWindowsOfTheSegment() throws IOException {
        // About 4 MiB of chunks (random values encode to ~1 KiB per chunk): the reader refills its window often.
        java.util.Random r = new java.util.Random(7);
        Map<Labels, List<ChunkData>> series = new TreeMap<>(BlockWriter.LABELS_ORDER);
        Map<String, List<String>> want = new TreeMap<>();
        long[] ts = range(0, 360 * 1000, 1000);
        for (int i = 0; i < 1500; i++) {
            Labels l = Labels.of("__name__", "w", "i", Integer.toString(i));
            List<ChunkData> cs = new ArrayList<>();
            List<String> samples = new ArrayList<>();
            for (int c = 0; c < ts.length; c += 120) {
                XorChunk x = new XorChunk();
                for (int j = c; j < c + 120; j++) {
                    double v = r.nextDouble();
                    x.append(ts[j], v);
                    samples.add(ts[j] + "=" + v);
                }
                cs.add(new ChunkData(ts[c], ts[c + 119], XorChunk.ENCODING, x.toByteArray()));
            }
            series.put(l, cs);
            want.put(l.toString(), samples);
        }
        Block b = block(0, 360 * 1000, series);
        assertTrue(java.nio.file.Files.size(b.dir().resolve("chunks/000001")) > 3 << 20);
        List<SeriesData> out = new BlockMerger().merge(List.of(new BlockMerger.Source(b)));
        assertEquals(want, new TreeMap<>(samples(out)));
    }

    @Test
    void dropsSamplesOutsideTheBlockRange() throws IOException {
        // A chunk reaching past the block's max time (as a foreign writer could leave it) is cut.
        Block b1 = block(0, 500, Map.of(A, chunks(range(0, 1000, 10), 0)));
        List<SeriesData> out = new BlockMerger().merge(List.of(new BlockMerger.Source(b1)));
        List<String> got = samples(out).get(A.toString());
        assertEquals(50, got.size());
        assertEquals("490=490.0", got.get(got.size() - 1));
    }
}
