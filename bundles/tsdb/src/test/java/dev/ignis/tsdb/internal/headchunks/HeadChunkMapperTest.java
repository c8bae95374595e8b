package dev.ignis.tsdb.internal.headchunks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeadChunkMapperTest {

    @TempDir
    Path dir;

    /** One chunk as written: what iterate and chunk must give back. */
    record Written(long series, long ref, long mint, long maxt, byte[] data) {
    }

    private static byte[] chunkData(Random r, int samples) {
        byte[] d = new byte[2 + 1 + r.nextInt(300)];
        r.nextBytes(d);
        d[0] = (byte) (samples >>> 8);
        d[1] = (byte) samples;
        return d;
    }

    private static List<Written> writeSome(HeadChunkMapper m, Random r, int n) throws IOException {
        List<Written> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long series = 1 + (i % 7);
            long mint = i * 1000L;
            byte[] d = chunkData(r, 1 + r.nextInt(240));
            long ref = m.write(series, mint, mint + 999, 1, d, d.length);
            out.add(new Written(series, ref, mint, mint + 999, d));
        }
        return out;
    }

    private static List<Written> readAll(HeadChunkMapper m) throws IOException {
        List<Written> got = new ArrayList<>();
        m.iterate((series, ref, mint, maxt, n, enc) -> {
            try {
                byte[] d = m.chunk(ref);
                assertEquals(((d[0] & 0xff) << 8) | (d[1] & 0xff), n, "sample count from the data's first two bytes");
                assertEquals(1, enc);
                got.add(new Written(series, ref, mint, maxt, d));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return true;
        });
        return got;
    }

    private static void assertSame(List<Written> want, List<Written> got) {
        assertEquals(want.size(), got.size(), "chunks");
        for (int i = 0; i < want.size(); i++) {
            Written w = want.get(i);
            Written g = got.get(i);
            assertEquals(w.series(), g.series(), "series of chunk " + i);
            assertEquals(w.ref(), g.ref(), "ref of chunk " + i);
            assertEquals(w.mint(), g.mint());
            assertEquals(w.maxt(), g.maxt());
            assertArrayEquals(w.data(), g.data(), "data of chunk " + i);
        }
    }

    @Test
    void writesPrometheusRecordBytes() throws Exception {
        byte[] data = {0, 1, 0x42, 0x13, 0x37};
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            long ref = m.write(0x0102030405060708L, -5, 1_700_000_000_000L, 1, data, data.length);
            assertEquals((1L << 32) | 8, ref, "file 1, right after the 8-byte header");
        }
        byte[] file = Files.readAllBytes(dir.resolve("000001"));
        ByteBuffer want = ByteBuffer.allocate(8 + 25 + 1 + data.length + 4);
        want.putInt(0x0130BC91).put((byte) 1).put(new byte[3]);
        want.putLong(0x0102030405060708L).putLong(-5).putLong(1_700_000_000_000L).put((byte) 1).put((byte) data.length).put(data);
        CRC32C crc = new CRC32C();
        crc.update(want.array(), 8, 25 + 1 + data.length);
        want.putInt((int) crc.getValue());
        assertArrayEquals(want.array(), file);
    }

    @Test
    void readsBackBeforeAndAfterFlushAndAcrossReopen() throws Exception {
        Random r = new Random(1);
        List<Written> written;
        // A small buffer: records are read from the buffer, from the mapped part of the file
        // being written, and across many write-outs.
        try (HeadChunkMapper m = HeadChunkMapper.open(dir, 4096)) {
            written = writeSome(m, r, 500);
            for (Written w : written) {
                assertArrayEquals(w.data(), m.chunk(w.ref()), "read while writing");
            }
            // A record larger than the buffer goes straight to the file.
            byte[] big = chunkData(r, 120);
            big = java.util.Arrays.copyOf(big, 9000);
            long ref = m.write(3, 1_000_000, 1_000_500, 1, big, big.length);
            assertArrayEquals(big, m.chunk(ref));
            written.add(new Written(3, ref, 1_000_000, 1_000_500, big));
        }
        try (HeadChunkMapper m = HeadChunkMapper.open(dir, 4096)) {
            assertSame(written, readAll(m));
            assertEquals(List.of(1), m.fileNumbers());
            long ref = m.write(9, 5, 6, 1, new byte[] {0, 1, 7}, 3);
            assertEquals(2, ref >>> 32, "after a restart writes start a new file");
        }
    }

    @Test
    void truncateDeletesOlderFilesAndCutsTheCurrentOne() throws Exception {
        Random r = new Random(2);
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            List<Written> f1 = writeSome(m, r, 10);
            assertEquals(0, m.truncate(Integer.MAX_VALUE), "the current file is never deleted");
            List<Written> f2 = writeSome(m, r, 10);
            assertEquals(2, f2.get(0).ref() >>> 32, "a truncation cuts a file that holds chunks");
            m.truncate(1);
            assertEquals(List.of(1, 2), m.fileNumbers(), "nothing below file 1");
            assertEquals(1, m.truncate(2));
            assertEquals(List.of(2), m.fileNumbers());
            assertFalse(Files.exists(dir.resolve("000001")));
            assertThrows(IOException.class, () -> m.chunk(f1.get(0).ref()));
            assertArrayEquals(f2.get(3).data(), m.chunk(f2.get(3).ref()));
            m.truncate(3);
            m.truncate(3);
            List<Written> f3 = writeSome(m, r, 1);
            assertEquals(3, f3.get(0).ref() >>> 32, "a truncation of an empty current file cuts nothing");
        }
    }

    /** A kind of damage, what it leaves of the 3 files of {@link #repairsDamage}. */
    record Damage(String name, Consumer<Path> apply, int chunksLeft, List<Integer> filesLeft, boolean counted) {
        @Override
        public String toString() {
            return name;
        }
    }

    // 3 files of 20 chunks each; chunk k of file f is record k (0-based).
    static Stream<Arguments> damages() {
        return Stream.of(
                new Damage("torn last record", d -> chop(d.resolve("000003"), 7), 59, List.of(1, 2, 3), true),
                new Damage("torn record header", d -> cutAtRecord(d.resolve("000003"), 19, 10), 59, List.of(1, 2, 3), true),
                new Damage("flipped maxt byte mid-file", d -> flip(d.resolve("000002"), 5, 20), 25, List.of(1, 2), true),
                new Damage("flipped crc", d -> flipCrc(d.resolve("000002"), 0), 20, List.of(1, 2), true),
                new Damage("flipped series ref", d -> flip(d.resolve("000001"), 3, 2), 3, List.of(1), true),
                new Damage("length past the end", d -> bigLength(d.resolve("000003"), 1), 41, List.of(1, 2, 3), true),
                new Damage("garbage appended", d -> append(d.resolve("000003"), new byte[] {1, 2, 3, 4, 5}), 60, List.of(1, 2, 3), true),
                new Damage("zeros appended (preallocated)", d -> append(d.resolve("000003"), new byte[100_000]), 60, List.of(1, 2, 3), false),
                new Damage("empty last file", d -> create(d.resolve("000004"), new byte[0]), 60, List.of(1, 2, 3), false),
                new Damage("zero magic in last file", d -> create(d.resolve("000004"), new byte[64]), 60, List.of(1, 2, 3), false),
                new Damage("bad magic in middle file", d -> overwrite(d.resolve("000002"), 0, new byte[] {9, 9, 9, 9}), 20, List.of(1), true),
                new Damage("bad version", d -> overwrite(d.resolve("000003"), 4, new byte[] {2}), 40, List.of(1, 2), true),
                new Damage("gap in numbering", d -> move(d.resolve("000003"), d.resolve("000005")), 40, List.of(1, 2), true),
                new Damage("header only", d -> chop(d.resolve("000003"), (int) size(d.resolve("000003")) - 8), 40, List.of(1, 2, 3), false))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damages")
    void repairsDamage(Damage damage) throws Exception {
        Random r = new Random(3);
        List<Written> all = new ArrayList<>();
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            for (int f = 0; f < 3; f++) {
                all.addAll(writeSome(m, r, 20));
                m.truncate(0); // cut the next file
            }
        }
        damage.apply().accept(dir);
        List<Written> got;
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            got = readAll(m);
            assertEquals(damage.filesLeft(), m.fileNumbers(), "files");
            assertEquals(damage.counted() ? 1 : 0, m.corruptions(), "corruptions counted");
        }
        assertSame(all.subList(0, damage.chunksLeft()), got);
        // The repair is on disk: the next open finds the same and repairs nothing.
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            assertSame(all.subList(0, damage.chunksLeft()), readAll(m));
            assertEquals(damage.filesLeft(), m.fileNumbers());
            assertEquals(0, m.corruptions());
            Written w = writeSome(m, r, 1).get(0);
            assertEquals(damage.filesLeft().get(damage.filesLeft().size() - 1) + 1, (int) (w.ref() >>> 32),
                    "writes continue after the last good file");
        }
    }

    @Test
    void visitorRefusingARecordCutsTheFilesThere() throws Exception {
        Random r = new Random(4);
        List<Written> all;
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            all = writeSome(m, r, 30);
        }
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            int[] seen = {0};
            long n = m.iterate((s, ref, mint, maxt, ns, enc) -> seen[0]++ < 12);
            assertEquals(12, n);
        }
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            assertSame(all.subList(0, 12), readAll(m));
        }
    }

    // ---- damage helpers ----

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void chop(Path p, int bytes) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(f.length() - bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Offset of record {@code k} of a file. */
    private static int recordOffset(Path p, int k) {
        try {
            byte[] b = Files.readAllBytes(p);
            int at = 8;
            for (int i = 0; i < k; i++) {
                at += 25;
                int len = 0;
                for (int shift = 0;; shift += 7) {
                    int x = b[at++] & 0xff;
                    len |= (x & 0x7f) << shift;
                    if (x < 0x80) {
                        break;
                    }
                }
                at += len + 4;
            }
            return at;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void cutAtRecord(Path p, int k, int plus) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(recordOffset(p, k) + plus);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void flip(Path p, int record, int byteInRecord) {
        int at = recordOffset(p, record) + byteInRecord;
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void flipCrc(Path p, int record) {
        flip(p, record, recordOffset(p, record + 1) - recordOffset(p, record) - 1);
    }

    private static void bigLength(Path p, int record) {
        overwrite(p, recordOffset(p, record) + 25, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
    }

    private static void overwrite(Path p, int at, byte[] bytes) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(at);
            f.write(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void append(Path p, byte[] bytes) {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.seek(f.length());
            f.write(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void create(Path p, byte[] bytes) {
        try {
            Files.write(p, bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void truncationWaitsForPinnedReaders() throws Exception {
        Random r = new Random(5);
        try (HeadChunkMapper m = HeadChunkMapper.open(dir)) {
            List<Written> f1 = writeSome(m, r, 10);
            m.truncate(0);
            writeSome(m, r, 10);
            m.pinFiles();
            CompletableFuture<Integer> t = CompletableFuture.supplyAsync(() -> {
                try {
                    return m.truncate(2);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            assertFalse(t.isDone(), "truncation waits while a reader holds refs");
            assertArrayEquals(f1.get(9).data(), m.chunk(f1.get(9).ref()), "the pinned file is still readable");
            m.unpinFiles();
            assertEquals(1, t.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(2), m.fileNumbers());
        }
    }

    @Test
    void closedMapperRefusesWrites() throws Exception {
        HeadChunkMapper m = HeadChunkMapper.open(dir);
        m.close();
        assertThrows(IOException.class, () -> m.write(1, 0, 1, 1, new byte[] {0, 1, 0}, 3));
        assertTrue(Files.isDirectory(dir));
    }
}
