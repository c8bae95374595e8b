package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import dev.ignis.api.storage.Querier;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReplay;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Completed head chunks in {@code chunks_head/}: written when cut, read by queries, replayed on
 * start before the WAL (whose older samples are then skipped), deleted with head truncation.
 */
class HeadChunksTest {

    static final long T0 = HeadCutTest.T0;
    static final long STEP = HeadCutTest.STEP;
    static final long HOUR = HeadCutTest.HOUR;

    @TempDir
    Path dir;

    static Map<String, List<String>> all(Tsdb db) {
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return StoredSamples.read(q);
        }
    }

    static Map<String, List<String>> all(Head head) {
        try (Querier q = head.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return StoredSamples.read(q);
        }
    }

    /** Copies a data dir as it is on disk now: what a kill -9 would leave (the OS has every write). */
    static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d)));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f)));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The head of a data dir rebuilt as Tsdb.open does, with what the WAL replay appended. */
    record Replayed(Head head, long mappedChunks, long walSamples, HeadChunkMapper mapper) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            mapper.close();
        }
    }

    static Replayed replay(Path data) throws IOException {
        Head head = new Head(HeadOptions.defaults());
        HeadChunkMapper m = HeadChunkMapper.open(data.resolve("chunks_head"));
        long mapped = head.loadMapped(m);
        WalReplay.Result r = new WalReplay(head, new WalMetrics()).replay(data.resolve("wal"));
        head.mappedReplayDone();
        return new Replayed(head, mapped, r.samples(), m);
    }

    @Test
    void cutChunksGoToChunksHeadAndQueriesReadThem() throws Exception {
        Path data = dir.resolve("data");
        Map<String, List<String>> want = new TreeMap<>();
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            // 2h at 15 s: each series cuts 3 chunks and has a 4th open.
            HeadCutTest.append(db, 20, T0, T0 + 2 * HOUR, want);
            HeadChunkMapper m = db.head().chunkMapper();
            assertTrue(m.size() > HeadChunkMapper.HEADER_SIZE, "chunks written");
            assertEquals(want, all(db), "read back from the write buffer");
            m.flush();
            assertEquals(want, all(db), "read back from the mapped file");
            assertEquals(List.of(1), m.fileNumbers());
        }
        try (Replayed r = replay(data)) {
            assertTrue(r.mappedChunks() >= 20 * 3, "chunks read from chunks_head: " + r.mappedChunks());
            assertEquals(want, all(r.head()));
            assertTrue(r.walSamples() <= 20 * 240L, "only the open chunks come from the WAL: " + r.walSamples());
        }
    }

    /** How the first instance stops: what is on disk when the second one starts. */
    enum Stop {
        /** Copied while running, chunks still in the write buffer: all from the WAL. */
        KILL_BUFFERED,
        /** Copied while running after the buffer was written out. */
        KILL_FLUSHED,
        /** Closed: the mapper flushed and fsynced. */
        CLOSE
    }

    static Stream<Arguments> stops() {
        return Stream.of(Stop.values()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stops")
    void restartRestoresIdenticalQueryResults(Stop stop) throws Exception {
        Path data = dir.resolve("data");
        Path restarted = dir.resolve("restarted");
        Map<String, List<String>> want = new TreeMap<>();
        Tsdb db = Tsdb.open(HeadCutTest.opts(data));
        try {
            HeadCutTest.append(db, 30, T0, T0 + 150 * 60_000L, want);
            if (stop == Stop.KILL_FLUSHED) {
                db.head().chunkMapper().flush();
            }
            if (stop != Stop.CLOSE) {
                copy(data, restarted);
            }
        } finally {
            db.close();
        }
        if (stop == Stop.CLOSE) {
            copy(data, restarted);
        }
        try (Replayed r = replay(restarted)) {
            assertEquals(want, all(r.head()));
            long total = 30 * 600L;
            if (stop == Stop.KILL_BUFFERED) {
                assertEquals(0, r.mappedChunks());
                assertEquals(total, r.walSamples());
            } else {
                assertTrue(r.mappedChunks() > 0);
                assertTrue(r.walSamples() < total / 2, "WAL samples replayed: " + r.walSamples());
            }
        }
        // The restarted instance keeps appending, and a third start sees it all.
        try (Tsdb db2 = Tsdb.open(HeadCutTest.opts(restarted))) {
            assertEquals(want, all(db2));
            HeadCutTest.append(db2, 30, T0 + 150 * 60_000L, T0 + 170 * 60_000L, want);
            assertEquals(want, all(db2));
        }
        try (Tsdb db3 = Tsdb.open(HeadCutTest.opts(restarted))) {
            assertEquals(want, all(db3));
        }
    }

    @Test
    void selectsRacingTruncationsThatDeleteFilesNeverFail() throws Exception {
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(dir.resolve("data")))) {
            Head head = db.head();
            AtomicLong newest = new AtomicLong(T0);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong selects = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    long[] refs = new long[20];
                    for (long t = T0; !stop.get(); t += STEP) {
                        Appender app = db.appender();
                        for (int s = 0; s < refs.length; s++) {
                            refs[s] = app.append(refs[s], Labels.of("__name__", "race", "s", Integer.toString(s)), t, t / 1000.0);
                        }
                        app.commit();
                        newest.set(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            Thread reader = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        for (List<String> samples : all(db).values()) {
                            for (int i = 1; i < samples.size(); i++) {
                                long prev = Long.parseLong(samples.get(i - 1).split("=")[0]);
                                long cur = Long.parseLong(samples.get(i).split("=")[0]);
                                assertEquals(prev + STEP, cur, "contiguous");
                            }
                        }
                        selects.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            writer.start();
            reader.start();
            int truncations = 0;
            long end = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < end && failure.get() == null) {
                Thread.sleep(5);
                // Keep the last 30 minutes: older chunks, and the files holding only them, go.
                head.truncate(newest.get() - 30 * 60_000L);
                truncations++;
            }
            stop.set(true);
            writer.join();
            reader.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            assertTrue(selects.get() > 0 && truncations > 10, selects + " selects, " + truncations + " truncations");
            assertTrue(head.chunkMapper().fileNumbers().get(0) > 1, "files deleted: " + head.chunkMapper().fileNumbers());
        }
    }

    @Test
    void corruptChunksHeadIsRepairedAndTheWalFillsIn() throws Exception {
        Path data = dir.resolve("data");
        Map<String, List<String>> want = new TreeMap<>();
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            HeadCutTest.append(db, 20, T0, T0 + 2 * HOUR, want);
        }
        Path file = data.resolve("chunks_head").resolve("000001");
        long size = Files.size(file);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(size / 2);
            int b = f.read();
            f.seek(size / 2);
            f.write(b ^ 0xff);
        }
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            assertEquals(want, all(db), "the chunks after the damage come from the WAL");
            assertTrue(Files.size(file) <= size / 2, "truncated at the damaged record");
            Map<String, Double> metrics = new TreeMap<>();
            TsdbMetrics.collect(db, new MetricWriter() {
                @Override
                public void family(String name, MetricType type, String help) {
                }

                @Override
                public void sample(String name, Labels labels, double value) {
                    metrics.put(name, value);
                }
            });
            assertEquals(1.0, metrics.get("prometheus_tsdb_mmap_chunk_corruptions_total"));
        }
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            assertEquals(want, all(db));
        }
    }

    @Test
    void headTruncationDropsMappedChunksAndDeletesOldFiles() throws Exception {
        Path data = dir.resolve("data");
        Map<String, List<String>> want = new TreeMap<>();
        long cut = T0 + 2 * HOUR + HOUR;
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            Head head = db.head();
            HeadChunkMapper m = head.chunkMapper();
            HeadCutTest.append(db, 10, T0, T0 + 2 * HOUR, want);
            head.truncate(Math.floorDiv(T0, 2 * HOUR) * 2 * HOUR);
            assertEquals(List.of(1), m.fileNumbers(), "chunks of file 1 still used");
            // Later chunks go to a new file, so that file 1 can go once its chunks are dropped.
            HeadCutTest.append(db, 10, T0 + 2 * HOUR, T0 + 4 * HOUR, want);
            assertEquals(List.of(1, 2), m.fileNumbers());
            head.truncate(cut);
            assertEquals(List.of(2), m.fileNumbers(), "file 1 held only chunks before the cut");
            assertFalse(Files.exists(data.resolve("chunks_head").resolve("000001")));
            assertSuffixesFrom(want, all(db), cut, T0 + 2 * HOUR);
        }
        // Restarted without a block (so the whole WAL is there): the chunks of file 2 come
        // back (the first of them began before the first append ended), and WAL samples
        // before their end are skipped, as Prometheus does.
        try (Tsdb db = Tsdb.open(HeadCutTest.opts(data))) {
            assertSuffixesFrom(want, all(db), cut, T0 + HOUR);
        }
    }

    /** Each series is a suffix of what was written, holds every sample from {@code cut} on and none before {@code after}. */
    private static void assertSuffixesFrom(Map<String, List<String>> want, Map<String, List<String>> got, long cut, long after) {
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<String, List<String>> e : got.entrySet()) {
            List<String> samples = e.getValue();
            List<String> full = want.get(e.getKey());
            assertEquals(full.subList(full.size() - samples.size(), full.size()), samples, "a suffix of what was written");
            long first = Long.parseLong(samples.get(0).split("=")[0]);
            assertTrue(first <= cut && first >= after, "first sample " + first);
        }
    }
}
