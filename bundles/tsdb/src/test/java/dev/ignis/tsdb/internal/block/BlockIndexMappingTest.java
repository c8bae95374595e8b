package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlockIndex} reads its file through read-only mappings, split into windows. */
class BlockIndexMappingTest {

    @TempDir
    Path dir;

    /** A block whose series hold long and non-ASCII label values, so that many entries cross small windows. */
    private Path block() throws IOException {
        Random r = new Random(7);
        List<BlockWriter.SeriesData> series = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Labels l = Labels.of("__name__", "m" + (i % 5), "instance", "host-" + i + "-" + "x".repeat(i % 90),
                    "job", "jöb-" + (i % 3) + "-\uD83D\uDE00", "zone", "z" + (i % 11));
            series.add(BlockWriterTest.regular(l, 20 + i % 400, 15_000, r));
        }
        BlockMeta m = new BlockWriter().write(dir, BlockWriterTest.T0, BlockWriterTest.T0 + 7_200_000, series);
        return dir.resolve(m.ulid()).resolve("index");
    }

    /** Everything the index answers: label names, values, postings, and every series entry. */
    private static Map<String, String> contents(BlockIndex ix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        out.put("names", new TreeSet<>(ix.labelNames()).toString());
        out.put("symbols", Integer.toString(ix.symbolCount()));
        out.put("all", java.util.Arrays.toString(ix.allPostings()));
        for (String n : ix.labelNames()) {
            for (String v : new TreeSet<>(ix.labelValues(n))) {
                out.put("postings " + n + "=" + v, java.util.Arrays.toString(ix.postings(n, v)));
            }
        }
        for (long ref : ix.allPostings()) {
            BlockIndex.Series s = ix.series(ref);
            out.put("series " + ref, s.labels() + java.util.Arrays.toString(s.chunkRefs())
                    + java.util.Arrays.toString(s.minT()) + java.util.Arrays.toString(s.maxT()));
        }
        return out;
    }

    @ParameterizedTest(name = "window 2^{0}")
    @ValueSource(ints = {3, 4, 6, 9, 12})
    void answersTheSameThroughWindowsOfAnySize(int shift) throws Exception {
        Path index = block();
        Map<String, String> want;
        try (BlockIndex whole = BlockIndex.open(index)) {
            want = contents(whole);
        }
        assertEquals(400, want.keySet().stream().filter(k -> k.startsWith("series ")).count());
        try (BlockIndex windowed = BlockIndex.open(index, shift)) {
            assertTrue(windowed.mappedBytes() > 1L << (shift + 2), "several windows at 2^" + shift);
            assertEquals(want, contents(windowed));
        }
    }

    @Test
    void valuesNotInTheTableHaveNoPostings() throws Exception {
        // 400 instance values: lookups land between kept entries of the postings offset table.
        try (BlockIndex ix = BlockIndex.open(block(), 5)) {
            assertEquals(400, ix.labelValues("instance").size());
            for (String v : List.of("", "a", "host-", "host-1", "host-3-xx", "host-3-xxxx", "host-99-x", "zzz", "\uFFFF")) {
                assertEquals(0, ix.postings("instance", v).length, v);
            }
            assertEquals(1, ix.postings("instance", "host-399-" + "x".repeat(399 % 90)).length);
            assertEquals(0, ix.postings("nope", "m1").length);
            assertEquals(List.of(), List.copyOf(ix.labelValues("nope")));
        }
    }

    @Test
    void readsSeriesFromTheFileNotFromACopy() throws Exception {
        Path index = block();
        try (BlockIndex ix = BlockIndex.open(index)) {
            long ref = ix.postings("instance", "host-3-xxx")[0];
            Labels before = ix.series(ref).labels();
            assertEquals("host-3-xxx", before.get("instance"));
            // Rewrite a byte of that entry in place: a reader holding a heap copy would not see it.
            try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer one = ByteBuffer.allocate(1);
                ch.read(one, ref * 16 + 3);
                one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
                ch.write(one, ref * 16 + 3);
            }
            IOException e = assertThrows(IOException.class, () -> ix.series(ref));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        }
    }

    @Test
    void aClosedIndexRefusesReads() throws Exception {
        BlockIndex ix = BlockIndex.open(block());
        long ref = ix.allPostings()[0];
        ix.close();
        assertThrows(IllegalStateException.class, () -> ix.series(ref));
        assertThrows(IllegalStateException.class, ix::allPostings);
    }

    @Test
    void aTruncatedOrForeignFileIsRefused() throws Exception {
        Path index = block();
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 10);
        }
        assertThrows(IOException.class, () -> BlockIndex.open(index));
        assertThrows(IOException.class, () -> BlockIndex.open(index.resolveSibling("tombstones")));
    }
}
