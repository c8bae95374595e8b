package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.chunkenc.XorChunk;
import dev.ignis.tsdb.internal.index.LongList;
import dev.ignis.tsdb.internal.util.ByteBuf;
import dev.ignis.tsdb.internal.util.Dirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a block directory in Prometheus 2.42's format (reference section 3): {@code chunks/}
 * segments, {@code index} v2, an empty {@code tombstones} and {@code meta.json} (level 1, the
 * block its own source). Everything goes to {@code <ulid>.tmp-for-creation}, is fsynced, and the
 * directory is renamed to {@code <ulid>} in one step, so a crash leaves either no block or a
 * whole one (Prometheus removes leftover {@code .tmp-for-creation} directories on start). Not
 * thread-safe; one instance writes any number of blocks one after the other.
 */
public final class BlockWriter {

    /** Prometheus's block chunk segment size. */
    public static final long DEFAULT_SEGMENT_SIZE = 512L << 20;
    static final String TMP_SUFFIX = ".tmp-for-creation";

    /**
     * One chunk of a series: [minT, maxT] inclusive, encoding and data ({@link XorChunk}
     * bytes for encoding 1, whose first two bytes are the sample count).
     */
    public record ChunkData(long minT, long maxT, int encoding, byte[] data) {
        public int numSamples() {
            return data.length < 2 ? 0 : ((data[0] & 0xff) << 8) | (data[1] & 0xff);
        }
    }

    /** A series and its chunks, oldest first; a series without chunks is left out of the block. */
    public record SeriesData(Labels labels, List<ChunkData> chunks) {
    }

    /** Byte-wise order of UTF-8 strings (code point order), as Go compares strings. */
    public static final Comparator<String> BYTEWISE = GoStrings.ORDER;

    /** Prometheus's label set order: pairwise by name then value, byte-wise; a prefix first. */
    public static final Comparator<Labels> LABELS_ORDER = Comparator.naturalOrder();

    /** Sees each chunk as it is written (compaction's chunk histograms). */
    @FunctionalInterface
    public interface ChunkObserver {
        ChunkObserver NONE = c -> { };

        void written(ChunkData c);
    }

    private final long segmentSize;
    private final ChunkObserver observer;

    public BlockWriter() {
        this(DEFAULT_SEGMENT_SIZE);
    }

    /** A writer with another chunk segment size (tests). */
    public BlockWriter(long segmentSize) {
        this(segmentSize, ChunkObserver.NONE);
    }

    /** A writer that shows every chunk it writes to {@code observer}. */
    public BlockWriter(ChunkObserver observer) {
        this(DEFAULT_SEGMENT_SIZE, observer);
    }

    private BlockWriter(long segmentSize, ChunkObserver observer) {
        this.segmentSize = segmentSize;
        this.observer = observer;
    }

    /**
     * Writes one block covering [mint, maxt) under {@code parent} with a new ULID.
     *
     * @return the meta of the block written (directory {@code parent/<ulid>})
     */
    public BlockMeta write(Path parent, long mint, long maxt, List<SeriesData> series) throws IOException {
        return write(parent, Ulid.next(), mint, maxt, series);
    }

    /** Writes one block with the given ULID. */
    public BlockMeta write(Path parent, String ulid, long mint, long maxt, List<SeriesData> series) throws IOException {
        return write(parent, ulid, mint, maxt, series, MetaFile.Compaction.level1(ulid));
    }

    /** Writes one block with the given ULID and {@code compaction} section in its {@code meta.json}. */
    public BlockMeta write(Path parent, String ulid, long mint, long maxt, List<SeriesData> series,
            MetaFile.Compaction compaction) throws IOException {
        List<SeriesData> sorted = new ArrayList<>(series.size());
        for (SeriesData s : series) {
            if (!s.chunks().isEmpty()) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparing(SeriesData::labels, LABELS_ORDER));
        for (int i = 1; i < sorted.size(); i++) {
            if (LABELS_ORDER.compare(sorted.get(i - 1).labels(), sorted.get(i).labels()) == 0) {
                throw new IllegalArgumentException("series given twice: " + sorted.get(i).labels());
            }
        }
        Path tmp = parent.resolve(ulid + TMP_SUFFIX);
        Path dst = parent.resolve(ulid);
        Dirs.deleteTree(tmp);
        Files.createDirectories(tmp.resolve("chunks"));
        try {
            long[][] refs = writeChunks(tmp.resolve("chunks"), sorted);
            long samples = 0;
            long chunks = 0;
            for (SeriesData s : sorted) {
                for (ChunkData c : s.chunks()) {
                    samples += c.numSamples();
                    chunks++;
                }
            }
            writeIndex(tmp.resolve("index"), sorted, refs);
            writeTombstones(tmp.resolve("tombstones"));
            BlockMeta meta = new BlockMeta(ulid, mint, maxt, samples, sorted.size(), chunks, compaction.level(), 1);
            new MetaFile(meta, 0, compaction).write(tmp);
            SyncedFile.syncDir(tmp.resolve("chunks"));
            SyncedFile.syncDir(tmp);
            Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
            SyncedFile.syncDir(parent);
            return meta;
        } catch (IOException | RuntimeException e) {
            Dirs.deleteTree(tmp);
            throw e;
        }
    }

    // --- chunks ---

    private long[][] writeChunks(Path dir, List<SeriesData> series) throws IOException {
        long[][] refs = new long[series.size()][];
        try (ChunkSegments w = new ChunkSegments(dir, segmentSize, observer)) {
            for (int si = 0; si < series.size(); si++) {
                refs[si] = w.add(series.get(si).chunks());
            }
            w.finish();
        }
        return refs;
    }

    /** Chunk segment files written series after series; a series' chunks stay in one segment when they fit. */
    private static final class ChunkSegments implements java.io.Closeable {
        private final Path dir;
        private final long segmentSize;
        private final ChunkObserver observer;
        private final ByteBuf buf = new ByteBuf(256);
        private final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        private int fileIndex;
        private SyncedFile f;

        ChunkSegments(Path dir, long segmentSize, ChunkObserver observer) {
            this.dir = dir;
            this.segmentSize = segmentSize;
            this.observer = observer;
        }

        /** Writes one series' chunks; returns their refs. */
        long[] add(List<ChunkData> cs) throws IOException {
            // A series' chunks go to one segment unless they alone exceed a segment (as
            // Prometheus's chunks.Writer batches them); length fields counted at 5 bytes.
            long batch = 0;
            for (ChunkData c : cs) {
                batch += 5 + 1 + c.data().length + 4;
            }
            if (f == null || (f.position() > 8 && f.position() + batch > segmentSize)) {
                if (f != null) {
                    f.close();
                    fileIndex++;
                }
                f = new SyncedFile(dir.resolve(String.format("%06d", fileIndex + 1)));
                buf.reset();
                buf.putBE32(BlockChunks.MAGIC);
                buf.putByte(1);
                buf.putByte(0);
                buf.putByte(0);
                buf.putByte(0);
                f.write(buf);
            }
            long[] r = new long[cs.size()];
            for (int i = 0; i < cs.size(); i++) {
                ChunkData c = cs.get(i);
                if (i > 0 && f.position() + 5 + 1 + c.data().length + 4 > segmentSize) {
                    f.close();
                    fileIndex++;
                    f = new SyncedFile(dir.resolve(String.format("%06d", fileIndex + 1)));
                    buf.reset();
                    buf.putBE32(BlockChunks.MAGIC);
                    buf.putBE32(0x01000000);
                    f.write(buf);
                }
                r[i] = ((long) fileIndex << 32) | f.position();
                buf.reset();
                buf.putUvarint(c.data().length);
                buf.putByte(c.encoding());
                buf.putBytes(c.data(), 0, c.data().length);
                crc.reset();
                crc.update(buf.array(), buf.length() - 1 - c.data().length, 1 + c.data().length);
                buf.putBE32((int) crc.getValue());
                f.write(buf);
                observer.written(c);
            }
            return r;
        }

        /** Closes the last segment; an empty block still gets one segment holding only the header. */
        void finish() throws IOException {
            if (f == null) {
                f = new SyncedFile(dir.resolve("000001"));
                buf.reset();
                buf.putBE32(BlockChunks.MAGIC);
                buf.putBE32(0x01000000);
                f.write(buf);
            }
            close();
        }

        @Override
        public void close() throws IOException {
            if (f != null) {
                SyncedFile last = f;
                f = null;
                last.close();
            }
        }
    }

    /**
     * Starts a block written series by series (for compaction): chunks go to disk as they are
     * added, only labels and chunk times stay in memory until {@link SeriesAppender#finish}.
     */
    public SeriesAppender appender(Path parent, String ulid) throws IOException {
        return new SeriesAppender(parent, ulid, segmentSize, observer);
    }

    /**
     * A block being written series by series, in {@link #LABELS_ORDER} (each series once).
     * {@link #finish} writes the index, tombstones and {@code meta.json} and renames the
     * directory into place; {@link #close()} without {@code finish} removes the partial block.
     * Not thread-safe.
     */
    public static final class SeriesAppender implements java.io.Closeable {
        private static final byte[] NO_DATA = new byte[0];
        private final Path parent;
        private final String ulid;
        private final Path tmp;
        private final ChunkSegments segments;
        private final List<SeriesData> index = new ArrayList<>();
        private final List<long[]> refs = new ArrayList<>();
        private long samples;
        private long chunks;
        private boolean done;

        private SeriesAppender(Path parent, String ulid, long segmentSize, ChunkObserver observer) throws IOException {
            this.parent = parent;
            this.ulid = ulid;
            this.tmp = parent.resolve(ulid + TMP_SUFFIX);
            Dirs.deleteTree(tmp);
            Files.createDirectories(tmp.resolve("chunks"));
            this.segments = new ChunkSegments(tmp.resolve("chunks"), segmentSize, observer);
        }

        /** Adds a series (skipped when it has no chunks); labels must sort after the previous series'. */
        public void add(Labels labels, List<ChunkData> cs) throws IOException {
            if (cs.isEmpty()) {
                return;
            }
            if (!index.isEmpty() && LABELS_ORDER.compare(index.get(index.size() - 1).labels(), labels) >= 0) {
                throw new IllegalArgumentException("series out of order or given twice: " + labels);
            }
            refs.add(segments.add(cs));
            List<ChunkData> meta = new ArrayList<>(cs.size());
            for (ChunkData c : cs) {
                samples += c.numSamples();
                chunks++;
                meta.add(new ChunkData(c.minT(), c.maxT(), c.encoding(), NO_DATA));
            }
            index.add(new SeriesData(labels, meta));
        }

        /** Samples added so far. */
        public long samples() {
            return samples;
        }

        /** Completes the block covering [mint, maxt) with the given compaction section. */
        public BlockMeta finish(long mint, long maxt, MetaFile.Compaction compaction) throws IOException {
            try {
                segments.finish();
                writeIndex(tmp.resolve("index"), index, refs.toArray(new long[0][]));
                writeTombstones(tmp.resolve("tombstones"));
                BlockMeta meta = new BlockMeta(ulid, mint, maxt, samples, index.size(), chunks, compaction.level(), 1);
                new MetaFile(meta, 0, compaction).write(tmp);
                SyncedFile.syncDir(tmp.resolve("chunks"));
                SyncedFile.syncDir(tmp);
                Files.move(tmp, parent.resolve(ulid), StandardCopyOption.ATOMIC_MOVE);
                SyncedFile.syncDir(parent);
                done = true;
                return meta;
            } finally {
                if (!done) {
                    close();
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                segments.close();
            } finally {
                if (!done) {
                    done = true;
                    Dirs.deleteTree(tmp);
                }
            }
        }
    }

    // --- index ---

    private static void writeIndex(Path file, List<SeriesData> series, long[][] chunkRefs) throws IOException {
        TreeSet<String> symbolSet = new TreeSet<>(BYTEWISE);
        // The all-postings key ("", "") makes the empty string a symbol, as in Prometheus.
        symbolSet.add("");
        for (SeriesData s : series) {
            Labels l = s.labels();
            for (int i = 0; i < l.size(); i++) {
                symbolSet.add(l.name(i));
                symbolSet.add(l.value(i));
            }
        }
        Map<String, Integer> symbols = new HashMap<>(symbolSet.size() * 2);
        for (String sym : symbolSet) {
            symbols.put(sym, symbols.size());
        }
        long[] toc = new long[6];
        ByteBuf b = new ByteBuf(4096);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (SyncedFile f = new SyncedFile(file)) {
            b.putBE32(BlockIndex.MAGIC);
            b.putByte(2);
            f.write(b);

            // Symbol table.
            toc[0] = f.position();
            b.reset();
            b.putBE32(0);
            b.putBE32(symbolSet.size());
            for (String sym : symbolSet) {
                b.putUvarintStr(sym);
            }
            f.write(finishSection(b, crc));

            // Series, each 16-byte aligned; the ref is offset / 16.
            toc[1] = f.position();
            TreeMap<String, TreeMap<String, LongList>> postings = new TreeMap<>(BYTEWISE);
            LongList all = new LongList();
            ByteBuf entry = new ByteBuf(256);
            for (int si = 0; si < series.size(); si++) {
                f.pad(16);
                long ref = f.position() / 16;
                if (ref > 0xffffffffL) {
                    throw new IOException("index: series section exceeds 64 GiB");
                }
                SeriesData s = series.get(si);
                Labels l = s.labels();
                entry.reset();
                entry.putUvarint(l.size());
                for (int i = 0; i < l.size(); i++) {
                    entry.putUvarint(symbols.get(l.name(i)));
                    entry.putUvarint(symbols.get(l.value(i)));
                    postings.computeIfAbsent(l.name(i), k -> new TreeMap<>(BYTEWISE))
                            .computeIfAbsent(l.value(i), k -> new LongList()).add(ref);
                }
                all.add(ref);
                List<ChunkData> cs = s.chunks();
                long[] refs = chunkRefs[si];
                entry.putUvarint(cs.size());
                long prevMaxT = 0;
                long prevRef = 0;
                for (int i = 0; i < cs.size(); i++) {
                    ChunkData c = cs.get(i);
                    if (i == 0) {
                        entry.putVarint(c.minT());
                        entry.putUvarint(c.maxT() - c.minT());
                        entry.putUvarint(refs[i]);
                    } else {
                        entry.putUvarint(c.minT() - prevMaxT);
                        entry.putUvarint(c.maxT() - c.minT());
                        entry.putVarint(refs[i] - prevRef);
                    }
                    prevMaxT = c.maxT();
                    prevRef = refs[i];
                }
                b.reset();
                b.putUvarint(entry.length());
                b.putBytes(entry.array(), 0, entry.length());
                crc.reset();
                crc.update(entry.array(), 0, entry.length());
                b.putBE32((int) crc.getValue());
                f.write(b);
            }

            // Label indices (legacy, one per name), each 4-byte aligned.
            toc[2] = f.position();
            List<String> names = new ArrayList<>(postings.keySet());
            long[] labelIndexAt = new long[names.size()];
            for (int ni = 0; ni < names.size(); ni++) {
                f.pad(4);
                labelIndexAt[ni] = f.position();
                TreeMap<String, LongList> values = postings.get(names.get(ni));
                b.reset();
                b.putBE32(0);
                b.putBE32(1);
                b.putBE32(values.size());
                for (String v : values.keySet()) {
                    b.putBE32(symbols.get(v));
                }
                f.write(finishSection(b, crc));
            }

            // Postings: the all-postings list first, then by name and value; 4-byte aligned.
            toc[4] = f.position();
            List<String[]> keys = new ArrayList<>();
            List<Long> keyAt = new ArrayList<>();
            f.pad(4);
            keys.add(new String[] {"", ""});
            keyAt.add(f.position());
            f.write(postingsList(b, all, crc));
            for (String name : names) {
                for (Map.Entry<String, LongList> e : postings.get(name).entrySet()) {
                    f.pad(4);
                    keys.add(new String[] {name, e.getKey()});
                    keyAt.add(f.position());
                    f.write(postingsList(b, e.getValue(), crc));
                }
            }

            // Label offset table (legacy).
            toc[3] = f.position();
            b.reset();
            b.putBE32(0);
            b.putBE32(names.size());
            for (int ni = 0; ni < names.size(); ni++) {
                b.putUvarint(1);
                b.putUvarintStr(names.get(ni));
                b.putUvarint(labelIndexAt[ni]);
            }
            f.write(finishSection(b, crc));

            // Postings offset table.
            toc[5] = f.position();
            b.reset();
            b.putBE32(0);
            b.putBE32(keys.size());
            for (int i = 0; i < keys.size(); i++) {
                b.putUvarint(2);
                b.putUvarintStr(keys.get(i)[0]);
                b.putUvarintStr(keys.get(i)[1]);
                b.putUvarint(keyAt.get(i));
            }
            f.write(finishSection(b, crc));

            // TOC: symbols, series, label indices, label offset table, postings, postings table.
            b.reset();
            b.putBE64(toc[0]);
            b.putBE64(toc[1]);
            b.putBE64(toc[2]);
            b.putBE64(toc[3]);
            b.putBE64(toc[4]);
            b.putBE64(toc[5]);
            crc.reset();
            crc.update(b.array(), 0, 48);
            b.putBE32((int) crc.getValue());
            f.write(b);
        }
    }

    private static ByteBuf postingsList(ByteBuf b, LongList refs, java.util.zip.CRC32C crc) {
        b.reset();
        b.putBE32(0);
        long[] a = refs.toArray();
        b.putBE32(a.length);
        for (long ref : a) {
            b.putBE32((int) ref);
        }
        return finishSection(b, crc);
    }

    /** Fills in the 4-byte length at the start of {@code b} and appends the payload's CRC. */
    private static ByteBuf finishSection(ByteBuf b, java.util.zip.CRC32C crc) {
        int len = b.length() - 4;
        byte[] a = b.array();
        a[0] = (byte) (len >>> 24);
        a[1] = (byte) (len >>> 16);
        a[2] = (byte) (len >>> 8);
        a[3] = (byte) len;
        crc.reset();
        crc.update(a, 4, len);
        b.putBE32((int) crc.getValue());
        return b;
    }

    // --- tombstones ---

    private static void writeTombstones(Path file) throws IOException {
        ByteBuf b = new ByteBuf(16);
        b.putBE32(0x0130BA30);
        b.putByte(1);
        // CRC32C of no entries.
        b.putBE32(0);
        try (SyncedFile f = new SyncedFile(file)) {
            f.write(b);
        }
    }
}
