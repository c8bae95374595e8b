package dev.ignis.tsdb.internal.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BlockChunks} reads its segments through read-only mappings, split into windows. */
class BlockChunksMappingTest {

    @TempDir
    Path dir;

    private Path block() throws IOException {
        Random r = new Random(11);
        List<BlockWriter.SeriesData> series = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            series.add(BlockWriterTest.regular(Labels.of("__name__", "m", "i", Integer.toString(i)), 30 + i * 3, 15_000, r));
        }
        BlockMeta m = new BlockWriter().write(dir, BlockWriterTest.T0, BlockWriterTest.T0 + 7_200_000, series);
        return dir.resolve(m.ulid());
    }

    /** Every chunk of the block as encoding byte followed by data, in index order. */
    private static List<byte[]> all(BlockIndex ix, BlockChunks cr, boolean verify) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (long ref : ix.allPostings()) {
            for (long c : ix.series(ref).chunkRefs()) {
                BlockChunks.Chunk ch = cr.chunk(c, verify);
                byte[] b = new byte[ch.data().length + 1];
                b[0] = (byte) ch.encoding();
                System.arraycopy(ch.data(), 0, b, 1, ch.data().length);
                out.add(b);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "window 2^{0}")
    @ValueSource(ints = {3, 5, 7, 10})
    void readsTheSameChunksThroughWindowsOfAnySize(int shift) throws Exception {
        Path b = block();
        try (BlockIndex ix = BlockIndex.open(b.resolve("index"));
                BlockChunks whole = BlockChunks.open(b.resolve("chunks"));
                BlockChunks windowed = BlockChunks.open(b.resolve("chunks"), shift)) {
            List<byte[]> want = all(ix, whole, true);
            assertTrue(want.size() > 200, "chunks: " + want.size());
            for (boolean verify : new boolean[] {true, false}) {
                List<byte[]> got = all(ix, windowed, verify);
                assertEquals(want.size(), got.size());
                for (int i = 0; i < want.size(); i++) {
                    assertArrayEquals(want.get(i), got.get(i), "chunk " + i);
                }
            }
        }
    }

    @Test
    void queriesSkipTheChecksumAsPrometheusDoes() throws Exception {
        Path b = block();
        long ref;
        byte[] data;
        try (BlockIndex ix = BlockIndex.open(b.resolve("index"));
                BlockChunks cr = BlockChunks.open(b.resolve("chunks"))) {
            ref = ix.series(ix.allPostings()[0]).chunkRefs()[0];
            data = cr.chunk(ref).data();
        }
        // Flip a bit of the chunk's CRC32C (after the 1-byte length, encoding and data).
        Path seg = b.resolve("chunks").resolve(String.format("%06d", (ref >>> 32) + 1));
        long crcAt = (ref & 0xffffffffL) + (data.length < 128 ? 1 : 2) + 1 + data.length;
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, crcAt);
            one.put(0, (byte) (one.get(0) ^ 1)).rewind();
            ch.write(one, crcAt);
        }
        try (BlockChunks cr = BlockChunks.open(b.resolve("chunks"))) {
            IOException e = assertThrows(IOException.class, () -> cr.chunk(ref));
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
            assertArrayEquals(data, cr.chunk(ref, false).data());
        }
    }

    @Test
    void rejectsRefsOutsideTheSegments() throws Exception {
        Path b = block();
        try (BlockChunks cr = BlockChunks.open(b.resolve("chunks"))) {
            assertThrows(IOException.class, () -> cr.chunk(0));
            assertThrows(IOException.class, () -> cr.chunk(7));
            assertThrows(IOException.class, () -> cr.chunk(0xffff_fff0L));
            assertThrows(IOException.class, () -> cr.chunk(5L << 32 | 8));
        }
    }

    @Test
    void readsNothingOnceClosed() throws Exception {
        Path b = block();
        BlockChunks cr = BlockChunks.open(b.resolve("chunks"));
        cr.close();
        assertThrows(IllegalStateException.class, () -> cr.chunk(8));
        assertThrows(IllegalStateException.class, () -> cr.chunk(8, false));
    }
}
