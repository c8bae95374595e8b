package dev.ignis.tsdb.internal.snapshot;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.chunkenc.XorIterator;
import dev.ignis.tsdb.internal.exemplar.CircularExemplarStorage;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.tombstones.TombstoneFile;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.ByteReader;
import dev.ignis.tsdb.internal.util.Dirs;
import dev.ignis.tsdb.internal.wal.ExemplarRecords;
import dev.ignis.tsdb.internal.wal.Records;
import dev.ignis.tsdb.internal.wal.Segments;
import dev.ignis.tsdb.internal.wal.WalMetrics;
import dev.ignis.tsdb.internal.wal.WalReader;
import dev.ignis.tsdb.internal.wal.WalWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The head's memory snapshot as Prometheus 2.42 writes it with
 * {@code --enable-feature=memory-snapshot-on-shutdown}: a directory
 * {@code chunk_snapshot.<WAL segment>.<offset>} of WAL-format segments holding one record per
 * series (ref, labels, chunk range, the open chunk with its time range and the last four
 * samples), then one tombstones record, then exemplar records. The name is the WAL position
 * the snapshot covers: a start replays only the WAL after it. Chunks already in chunks_head/
 * are not in the snapshot; the series' refs let them be claimed as on a WAL replay.
 */
public final class ChunkSnapshot {

    static final int SERIES = 1;
    static final int TOMBSTONES = 2;
    static final int EXEMPLARS = 3;
    private static final String PREFIX = "chunk_snapshot.";
    private static final Pattern NAME = Pattern.compile("chunk_snapshot\\.(\\d+)\\.(\\d+)");
    // Prometheus's default segment size for the snapshot's own WAL.
    private static final int SEGMENT_SIZE = 128 * 1024 * 1024;
    private static final int SAMPLE_BATCH = 4096;
    // Prometheus's maxExemplarsPerRecord.
    private static final int EXEMPLARS_PER_RECORD = 10_000;
    private static final int XOR = XorChunk.ENCODING;

    private ChunkSnapshot() {
    }

    /** What a load found: the WAL position to replay from, and the series read. */
    public record Loaded(Path dir, int walSegment, long walOffset, long series, long samples) {
    }

    public static String name(int walSegment, long walOffset) {
        return String.format("%s%06d.%010d", PREFIX, walSegment, walOffset);
    }

    /**
     * Writes the head's snapshot covering the WAL up to {@code walSegment} at {@code walOffset}
     * (the WAL must be closed or idle), then removes older snapshots. Nothing is written when
     * a snapshot of that position exists.
     *
     * @return the snapshot directory
     */
    public static Path write(Path dataDir, Head head, int walSegment, long walOffset, boolean compress, long chunkRange)
            throws IOException {
        Path dir = dataDir.resolve(name(walSegment, walOffset));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = dataDir.resolve(dir.getFileName() + ".tmp");
        if (Files.exists(tmp)) {
            Dirs.deleteTree(tmp);
        }
        ByteBuf buf = new ByteBuf(256);
        byte[][] recs = new byte[1][];
        int[] lens = new int[1];
        XorIterator it = new XorIterator();
        long[] lastT = new long[4];
        long[] lastV = new long[4];
        try (WalWriter w = new WalWriter(tmp, SEGMENT_SIZE, compress, false, new WalMetrics())) {
            try {
                head.snapshotSeries((ref, labels, chunk, len, mint, maxt, samples) -> {
                    buf.reset().putByte(SERIES);
                    buf.putBE64(ref);
                    Records.putLabels(buf, labels);
                    buf.putBE64(chunkRange);
                    if (chunk == null) {
                        buf.putUvarint(0);
                    } else {
                        buf.putUvarint(1);
                        buf.putBE64(mint);
                        buf.putBE64(maxt);
                        buf.putByte(XOR);
                        buf.putUvarint(len);
                        buf.putBytes(chunk, 0, len);
                        // The last four samples, newest last, zero where the chunk has fewer.
                        Arrays.fill(lastT, 0);
                        Arrays.fill(lastV, 0);
                        it.reset(chunk, 0, len, samples);
                        while (it.next()) {
                            System.arraycopy(lastT, 1, lastT, 0, 3);
                            System.arraycopy(lastV, 1, lastV, 0, 3);
                            lastT[3] = it.t();
                            lastV[3] = Double.doubleToRawLongBits(it.v());
                        }
                        for (int i = 0; i < 4; i++) {
                            buf.putBE64(lastT[i]);
                            buf.putBE64(lastV[i]);
                        }
                    }
                    log(w, buf, recs, lens);
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            byte[] file = TombstoneFile.encode(head.tombstones());
            // The tombstones file's body: its version byte and entries, without magic and CRC.
            buf.reset().putByte(TOMBSTONES);
            buf.putUvarint(file.length - 8);
            buf.putBytes(file, 4, file.length - 8);
            log(w, buf, recs, lens);
            writeExemplars(w, head, buf, recs, lens);
        }
        syncDir(tmp);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        syncDir(dataDir);
        deleteOlder(dataDir, walSegment, walOffset);
        return dir;
    }

    /**
     * The exemplars in the order they were stored, up to {@value #EXEMPLARS_PER_RECORD} per
     * record; those whose series the head no longer holds are left out, as 2.42 does.
     */
    private static void writeExemplars(WalWriter w, Head head, ByteBuf buf, byte[][] recs, int[] lens)
            throws IOException {
        CircularExemplarStorage store = head.exemplars();
        if (store == null) {
            return;
        }
        long[] refs = new long[EXEMPLARS_PER_RECORD];
        long[] ts = new long[EXEMPLARS_PER_RECORD];
        long[] vs = new long[EXEMPLARS_PER_RECORD];
        Labels[] ls = new Labels[EXEMPLARS_PER_RECORD];
        int[] n = {0};
        try {
            store.forEach((series, labels, t, v) -> {
                long ref = head.seriesRef(series);
                if (ref == 0) {
                    return;
                }
                if (n[0] == EXEMPLARS_PER_RECORD) {
                    logExemplars(w, buf, recs, lens, refs, ts, vs, ls, n[0]);
                    n[0] = 0;
                }
                refs[n[0]] = ref;
                ts[n[0]] = t;
                vs[n[0]] = Double.doubleToRawLongBits(v);
                ls[n[0]] = labels;
                n[0]++;
            });
            if (n[0] > 0) {
                logExemplars(w, buf, recs, lens, refs, ts, vs, ls, n[0]);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void logExemplars(WalWriter w, ByteBuf buf, byte[][] recs, int[] lens, long[] refs, long[] ts,
            long[] vs, Labels[] ls, int n) {
        buf.reset().putByte(EXEMPLARS);
        ExemplarRecords.encodeBody(buf, refs, ts, vs, ls, n);
        log(w, buf, recs, lens);
    }

    private static void log(WalWriter w, ByteBuf buf, byte[][] recs, int[] lens) {
        recs[0] = buf.array();
        lens[0] = buf.length();
        try {
            w.log(recs, lens, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest complete snapshot in {@code dataDir}, or null. */
    public static Path last(Path dataDir) throws IOException {
        Path best = null;
        long bestSeg = -1;
        long bestOff = -1;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, PREFIX + "*")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p)) {
                    continue;
                }
                long seg = Long.parseLong(m.group(1));
                long off = Long.parseLong(m.group(2));
                if (seg > bestSeg || seg == bestSeg && off > bestOff) {
                    best = p;
                    bestSeg = seg;
                    bestOff = off;
                }
            }
        }
        return best;
    }

    /**
     * Loads snapshot {@code dir} into {@code head} (whose chunks_head/ chunks are loaded and
     * waiting to be claimed).
     *
     * @throws IOException if the snapshot is unreadable or malformed; the head is then partly loaded
     */
    public static Loaded load(Path dir, Head head) throws IOException {
        Matcher m = NAME.matcher(dir.getFileName().toString());
        if (!m.matches()) {
            throw new IOException("not a chunk snapshot: " + dir);
        }
        int seg = Integer.parseInt(m.group(1));
        long off = Long.parseLong(m.group(2));
        ByteReader r = new ByteReader();
        Labels.Builder lb = Labels.builder(8);
        XorIterator it = new XorIterator();
        long[] refs = new long[SAMPLE_BATCH];
        long[] ts = new long[SAMPLE_BATCH];
        long[] vs = new long[SAMPLE_BATCH];
        int n = 0;
        long series = 0;
        long samples = 0;
        try (WalReader wr = new WalReader(dir, Segments.list(dir))) {
            while (wr.next()) {
                r.reset(wr.record(), 0, wr.recordLength());
                int type = r.getByte();
                switch (type) {
                    case SERIES -> {
                        long ref = r.getBE64();
                        long nl = r.getUvarint();
                        if (nl > r.remaining()) {
                            throw new IOException("snapshot series record: label count exceeds the record");
                        }
                        lb.reset();
                        for (long i = 0; i < nl; i++) {
                            lb.add(r.getUvarintStr(), r.getUvarintStr());
                        }
                        Labels labels = lb.build();
                        r.getBE64();
                        long headRef = head.replaySeries(ref, labels);
                        series++;
                        if (r.getUvarint() == 0) {
                            continue;
                        }
                        r.getBE64();
                        r.getBE64();
                        int enc = r.getByte();
                        if (enc != XOR) {
                            throw new IOException("snapshot chunk of series " + ref + ": unsupported encoding " + enc);
                        }
                        int len = (int) r.getUvarint();
                        if (len < 2 || len > r.remaining()) {
                            throw new IOException("snapshot chunk of series " + ref + ": bad length " + len);
                        }
                        byte[] chunk = Arrays.copyOfRange(wr.record(), r.position(), r.position() + len);
                        int count = (chunk[0] & 0xff) << 8 | chunk[1] & 0xff;
                        it.reset(chunk, 0, len, count);
                        while (it.next()) {
                            if (n == SAMPLE_BATCH) {
                                samples += head.replaySamples(refs, ts, vs, n);
                                n = 0;
                            }
                            refs[n] = headRef;
                            ts[n] = it.t();
                            vs[n] = Double.doubleToRawLongBits(it.v());
                            n++;
                        }
                        if (it.corrupt()) {
                            throw new IOException("snapshot chunk of series " + ref + " is corrupt");
                        }
                    }
                    case TOMBSTONES -> {
                        int len = (int) r.getUvarint();
                        if (len < 1 || len > r.remaining() || r.getByte() != TombstoneFile.VERSION) {
                            throw new IOException("snapshot tombstones record: bad length or version");
                        }
                        int end = r.position() + len - 1;
                        while (r.position() < end) {
                            head.replayTombstone(r.getUvarint(), r.getVarint(), r.getVarint());
                        }
                    }
                    case EXEMPLARS -> loadExemplars(r, head);
                    default -> throw new IOException("snapshot record of unknown type " + type);
                }
            }
            if (n > 0) {
                samples += head.replaySamples(refs, ts, vs, n);
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new IOException("malformed snapshot record: " + e.getMessage(), e);
        }
        return new Loaded(dir, seg, off, series, samples);
    }

    /** Stores a record's exemplars (skipped when the storage is off); one it refuses fails the load, as in 2.42. */
    private static void loadExemplars(ByteReader r, Head head) throws IOException {
        CircularExemplarStorage store = head.exemplars();
        if (store == null || store.capacity() == 0) {
            return;
        }
        int[] refused = {CircularExemplarStorage.OK};
        ExemplarRecords.decodeBody(r, (ref, t, v, labels) -> {
            int res = head.replayExemplar(ref, t, v, labels);
            if (res > CircularExemplarStorage.OK && res != CircularExemplarStorage.DISABLED
                    && refused[0] == CircularExemplarStorage.OK) {
                refused[0] = res;
            }
        });
        if (refused[0] == CircularExemplarStorage.OUT_OF_ORDER) {
            throw new IOException("add exemplar: out of order exemplar");
        }
        if (refused[0] == CircularExemplarStorage.LABEL_LENGTH) {
            throw new IOException("add exemplar: label length for exemplar exceeds maximum of "
                    + CircularExemplarStorage.MAX_LABEL_SET_RUNES + " UTF-8 characters");
        }
    }

    /** Removes snapshots (and unfinished ones) older than the WAL position given. */
    static void deleteOlder(Path dataDir, int walSegment, long walOffset) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, PREFIX + "*")) {
            for (Path p : ds) {
                String f = p.getFileName().toString();
                Matcher m = NAME.matcher(f.endsWith(".tmp") ? f.substring(0, f.length() - 4) : f);
                if (!m.matches()) {
                    continue;
                }
                long seg = Long.parseLong(m.group(1));
                long off = Long.parseLong(m.group(2));
                if (seg < walSegment || seg == walSegment && off < walOffset || f.endsWith(".tmp")) {
                    Dirs.deleteTree(p);
                }
            }
        }
    }

    private static void syncDir(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // Not supported on every platform; the rename still orders the writes on Linux.
        }
    }
}
