package dev.ignis.tsdb.internal.headchunks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's completed chunks on disk, in Prometheus 2.42's {@code chunks_head/} format
 * ({@code tsdb/docs/format/head_chunks.md}): files {@code 000001}, {@code 000002}, ... of at most
 * 128 MiB, each an 8-byte header (magic {@code 0x0130BC91}, version 1, 3 zero bytes) and then
 * records {@code seriesRef(8) | mint(8) | maxt(8) | encoding(1) | uvarint len | data |
 * CRC32C(all before it in the record)}. A chunk's reference is {@code (file number << 32) |
 * offset of its record}.
 *
 * <p>Writes go to one file at a time through a write buffer (4 MiB, as Prometheus's), written
 * out when full, and flushed and fsynced when the file is cut or the mapper closed; a new file
 * is cut when a record would pass 128 MiB, and on the next write after {@link #truncate} found
 * the current file non-empty (as Prometheus's {@code CutNewFile}). After a restart writing
 * always starts a new file. Files are read through read-only memory mappings: a finished file
 * is mapped whole, the file being written up to what was written out (newer records are read
 * from the buffer).
 *
 * <p>{@link #open} checks every record of every file ({@link #iterate}) and repairs what a crash
 * or damage left: an empty last file is deleted (as Prometheus does), a gap in the numbering
 * or a bad header ends the usable files, a torn or corrupt record truncates its file at the
 * last good record and deletes the later files. Each repair is logged; nothing in the files
 * makes opening fail. The head's WAL still holds every sample of the head, so what a repair
 * drops is replayed from it.
 *
 * <p>Owns its file channel and mappings; Java 17 cannot unmap explicitly, so closing or
 * deleting a file drops the mapping, which the GC releases (deleting a mapped file is fine on
 * Linux). Thread-safe: writes and reads of the current file synchronize on the mapper;
 * reads of finished files take no lock.
 */
public final class HeadChunkMapper implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(HeadChunkMapper.class);

    /** Magic number of a head chunk file. */
    public static final int MAGIC = 0x0130BC91;
    /** Header bytes of a file: magic, version, padding. */
    public static final int HEADER_SIZE = 8;
    /** Largest file, bytes (Prometheus's {@code MaxHeadChunkFileSize}). */
    public static final long MAX_FILE_SIZE = 128L * 1024 * 1024;
    /** Write buffer bytes (Prometheus's default). */
    public static final int WRITE_BUFFER_SIZE = 4 * 1024 * 1024;
    /** Record bytes before the data length: series ref, mint, maxt, encoding. */
    static final int META_BEFORE_LEN = 8 + 8 + 8 + 1;
    /** Largest record without its data: meta, uvarint length (at most 5 for an int), CRC. */
    static final int MAX_META = META_BEFORE_LEN + 5 + 4;
    /** Bit Prometheus sets in the encoding byte of out-of-order chunks. */
    public static final int OUT_OF_ORDER_MASK = 0x80;

    private final Path dir;
    private final int bufferSize;
    // Finished files (and the current one, mapped up to what was written out) by number.
    private final ConcurrentSkipListMap<Integer, MappedByteBuffer> files = new ConcurrentSkipListMap<>();

    // Writer state, guarded by this.
    private FileChannel cur;
    private int curSeq;
    private long curSize; // bytes of the current file, buffered ones included
    private long curFlushed; // bytes of the current file written to the channel
    private long curMapped; // bytes of the current file its mapping covers
    private byte[] buf;
    private int bufLen;
    private boolean cutOnNextWrite;
    private int lastSeq; // highest file number in use
    private volatile boolean closed;
    private final CRC32C crc = new CRC32C();
    private final byte[] meta = new byte[MAX_META];
    private volatile long corruptions;
    // Readers that hold chunk refs they have not read yet keep the read side: truncate waits.
    private final ReentrantReadWriteLock deletions = new ReentrantReadWriteLock();

    // With a write queue: where queued chunks will land (Prometheus's "eventual position"),
    // decided in add order under positionLock; the writer thread follows the same decisions.
    private final ChunkWriteQueue queue;
    private final Object positionLock = new Object();
    private boolean evtlOpen;
    private int evtlSeq;
    private long evtlSize;
    private boolean evtlCutOnNext;

    private HeadChunkMapper(Path dir, int bufferSize, int queueSize) {
        this.dir = dir;
        this.bufferSize = bufferSize;
        this.queue = queueSize > 0 ? new ChunkWriteQueue(queueSize, this::writeQueued) : null;
    }

    /** A chunk found by {@link #iterate}. */
    @FunctionalInterface
    public interface ChunkVisitor {
        /**
         * Called for each good record in file order.
         *
         * @param encoding the encoding byte as stored (the out-of-order bit included)
         * @return false to treat this record as corrupt: its file is truncated before it and
         *         later files are deleted
         */
        boolean chunk(long seriesRef, long chunkRef, long mint, long maxt, int numSamples, int encoding);
    }

    /**
     * Opens (creating) {@code dir}, maps its files and repairs what {@link #iterate} or the
     * file checks find, so that every remaining record is good.
     *
     * @throws IOException only when the directory cannot be listed or a file not mapped
     */
    public static HeadChunkMapper open(Path dir) throws IOException {
        return open(dir, WRITE_BUFFER_SIZE);
    }

    /** As {@link #open(Path)} with another write buffer size (tests). */
    public static HeadChunkMapper open(Path dir, int bufferSize) throws IOException {
        return open(dir, bufferSize, 0);
    }

    /**
     * As {@link #open(Path, int)}; with a positive {@code queueSize} completed chunks are written
     * by a writer thread through a queue of that many chunks ({@link ChunkWriteQueue}).
     */
    public static HeadChunkMapper open(Path dir, int bufferSize, int queueSize) throws IOException {
        if (bufferSize < 1024) {
            throw new IllegalArgumentException("write buffer too small: " + bufferSize);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("negative write queue size: " + queueSize);
        }
        Files.createDirectories(dir);
        HeadChunkMapper m = new HeadChunkMapper(dir, bufferSize, queueSize);
        try {
            m.openFiles();
        } catch (IOException | RuntimeException e) {
            m.files.clear();
            m.stopQueue();
            throw e;
        }
        return m;
    }

    /** File name of file number {@code seq}: 6 digits at least. */
    public static String fileName(int seq) {
        return String.format("%06d", seq);
    }

    /** The directory. */
    public Path dir() {
        return dir;
    }

    private void openFiles() throws IOException {
        List<Integer> seqs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                int seq = parseSeq(p.getFileName().toString());
                if (seq > 0) {
                    seqs.add(seq);
                }
            }
        }
        seqs.sort(null);
        if (!seqs.isEmpty()) {
            // As Prometheus: an abrupt stop may leave the last file empty (or without a magic).
            int last = seqs.get(seqs.size() - 1);
            Path p = dir.resolve(fileName(last));
            if (Files.size(p) < 4 || readInt(p) == 0) {
                Files.delete(p);
                seqs.remove(seqs.size() - 1);
                LOG.atWarn().setMessage("Deleted empty head chunk file").addKeyValue("file", p).log();
            }
        }
        for (int i = 0; i < seqs.size(); i++) {
            int seq = seqs.get(i);
            Path p = dir.resolve(fileName(seq));
            String problem = null;
            if (i > 0 && seq != seqs.get(i - 1) + 1) {
                problem = "gap in the file numbers after " + fileName(seqs.get(i - 1));
            } else if (Files.size(p) < HEADER_SIZE) {
                problem = "file shorter than its header";
            } else if (Files.size(p) > Integer.MAX_VALUE) {
                problem = "file larger than 2 GiB";
            } else {
                MappedByteBuffer b = map(p, Files.size(p));
                if (b.getInt(0) != MAGIC) {
                    problem = "invalid magic number " + Integer.toHexString(b.getInt(0));
                } else if (b.get(4) != 1) {
                    problem = "invalid chunk format version " + b.get(4);
                } else {
                    files.put(seq, b);
                    continue;
                }
            }
            int deleted = deleteFrom(seqs.subList(i, seqs.size()));
            corruptions++;
            LOG.atWarn().setMessage("Head chunk files discarded").addKeyValue("file", p).addKeyValue("err", problem)
                    .addKeyValue("deleted_files", deleted).log();
            break;
        }
        lastSeq = files.isEmpty() ? (seqs.isEmpty() ? 0 : seqs.get(0) - 1) : files.lastKey();
    }

    private int deleteFrom(List<Integer> seqs) throws IOException {
        int n = 0;
        for (int s : List.copyOf(seqs)) {
            files.remove(s);
            if (Files.deleteIfExists(dir.resolve(fileName(s)))) {
                n++;
            }
        }
        return n;
    }

    private static int parseSeq(String name) {
        if (name.isEmpty() || name.length() > 10) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        long v = Long.parseLong(name);
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    private static int readInt(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // keep reading
            }
            return b.getInt(0);
        }
    }

    private static MappedByteBuffer map(Path p, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            // The mapping stays valid after the channel is closed.
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
    }

    /**
     * Visits every record of the files present at {@link #open} in order, checking each one's
     * CRC. The first torn or corrupt record (or one the visitor refuses) truncates its file at
     * that record and deletes the later files, logged; trailing zero bytes end a file (a file
     * Prometheus preallocated). Call before the first write.
     *
     * @return the number of records visited and accepted
     */
    public synchronized long iterate(ChunkVisitor v) throws IOException {
        if (cur != null) {
            throw new IllegalStateException("BUG: iterate after the first write");
        }
        long visited = 0;
        CRC32C c = new CRC32C();
        for (Map.Entry<Integer, MappedByteBuffer> e : files.entrySet()) {
            int seq = e.getKey();
            ByteBuffer b = e.getValue().duplicate();
            int end = b.capacity();
            int at = HEADER_SIZE;
            String problem = null;
            while (at < end) {
                if (end - at < MAX_META && allZero(b, at, end)) {
                    break;
                }
                if (end - at < META_BEFORE_LEN + 1) {
                    problem = "not enough bytes for a chunk header";
                    break;
                }
                long seriesRef = b.getLong(at);
                long mint = b.getLong(at + 8);
                long maxt = b.getLong(at + 16);
                if (seriesRef == 0 && mint == 0 && maxt == 0 && allZero(b, at, end)) {
                    break;
                }
                int enc = b.get(at + 24) & 0xff;
                int p = at + META_BEFORE_LEN;
                long len = 0;
                int shift = 0;
                boolean lenOk = false;
                while (p < end && shift <= 28) {
                    int x = b.get(p++) & 0xff;
                    len |= (long) (x & 0x7f) << shift;
                    if (x < 0x80) {
                        lenOk = true;
                        break;
                    }
                    shift += 7;
                }
                if (!lenOk || len > end - p || len < 2) {
                    problem = lenOk && len < 2 ? "chunk data shorter than its sample count" : "chunk length beyond the file";
                    break;
                }
                int dataEnd = p + (int) len;
                if (dataEnd + 4 > end) {
                    problem = "not enough bytes for the chunk data and its CRC";
                    break;
                }
                c.reset();
                ByteBuffer rec = b.duplicate();
                rec.limit(dataEnd).position(at);
                c.update(rec);
                if ((int) c.getValue() != b.getInt(dataEnd)) {
                    problem = "checksum mismatch";
                    break;
                }
                int numSamples = b.getShort(p) & 0xffff;
                long ref = ((long) seq << 32) | at;
                if (!v.chunk(seriesRef, ref, mint, maxt, numSamples, enc)) {
                    problem = "out of sequence chunk for series ref " + seriesRef;
                    break;
                }
                visited++;
                at = dataEnd + 4;
            }
            if (problem != null) {
                repair(seq, at, problem);
                break;
            }
        }
        return visited;
    }

    private static boolean allZero(ByteBuffer b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void repair(int seq, int offset, String problem) throws IOException {
        List<Integer> later = new ArrayList<>(files.tailMap(seq, false).keySet());
        int deleted = deleteFrom(later);
        Path p = dir.resolve(fileName(seq));
        files.remove(seq);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(offset);
            ch.force(true);
        }
        files.put(seq, map(p, offset));
        lastSeq = files.lastKey();
        corruptions++;
        LOG.atWarn().setMessage("Head chunk file repaired: data after the corruption discarded")
                .addKeyValue("file", p).addKeyValue("offset", offset).addKeyValue("err", problem)
                .addKeyValue("deleted_files", deleted).log();
    }

    /**
     * Writes a chunk of series {@code seriesRef} and returns its reference. The record reaches
     * the file when the buffer fills, the file is cut, or on {@link #close}; it can be read at
     * once. With a write queue the chunk is copied and queued (waiting while the queue is full)
     * and its ref is where the writer thread will put it.
     *
     * @param data the chunk's bytes {@code [0, len)}
     * @throws IOException when the file cannot be written (or the queue was stopped); the chunk
     *         is then not stored
     */
    public long write(long seriesRef, long mint, long maxt, int encoding, byte[] data, int len) throws IOException {
        if (queue == null) {
            synchronized (this) {
                return append(seriesRef, mint, maxt, encoding, data, len, -1, false);
            }
        }
        int recLen = META_BEFORE_LEN + uvarintSize(len) + len + 4;
        synchronized (positionLock) {
            if (closed) {
                throw new IOException("head chunk mapper closed");
            }
            boolean cutFile = !evtlOpen || evtlCutOnNext || evtlSize + recLen > MAX_FILE_SIZE;
            int seq = evtlSeq;
            long at = evtlSize;
            if (cutFile) {
                if (!evtlOpen) {
                    synchronized (this) {
                        seq = lastSeq;
                    }
                }
                seq++;
                at = HEADER_SIZE;
            }
            long ref = ((long) seq << 32) | at;
            // The position moves only once the chunk is queued: a refused chunk leaves no gap.
            queue.add(new ChunkWriteQueue.Job(ref, cutFile, seriesRef, mint, maxt, encoding, Arrays.copyOf(data, len)));
            evtlSeq = seq;
            evtlSize = at + recLen;
            evtlOpen = true;
            if (cutFile) {
                evtlCutOnNext = false;
            }
            return ref;
        }
    }

    /** The writer thread's side of {@link #write}: the record goes exactly where its ref says. */
    private synchronized void writeQueued(ChunkWriteQueue.Job j) throws IOException {
        append(j.seriesRef(), j.mint(), j.maxt(), j.encoding(), j.data(), j.data().length, j.ref(), j.cutFile());
    }

    /**
     * Appends a record; {@code wantRef} -1 decides the file here, else {@code cutFile} does and
     * the record must land at {@code wantRef}.
     */
    private long append(long seriesRef, long mint, long maxt, int encoding, byte[] data, int len, long wantRef,
            boolean cutFile) throws IOException {
        if (closed && wantRef == -1) {
            throw new IOException("head chunk mapper closed");
        }
        int lenBytes = uvarintSize(len);
        int recLen = META_BEFORE_LEN + lenBytes + len + 4;
        if (wantRef == -1 ? cur == null || cutOnNextWrite || curSize + recLen > MAX_FILE_SIZE : cutFile) {
            cut();
        }
        if (cur == null) {
            throw new IOException("BUG: queued head chunk without a file to go to");
        }
        if (bufLen + recLen > buf.length) {
            flushBuffer();
        }
        long ref = ((long) curSeq << 32) | curSize;
        if (wantRef != -1 && ref != wantRef) {
            throw new IOException("BUG: queued head chunk for " + Long.toHexString(wantRef) + " would land at "
                    + Long.toHexString(ref));
        }
        int m = 0;
        m = putLong(meta, m, seriesRef);
        m = putLong(meta, m, mint);
        m = putLong(meta, m, maxt);
        meta[m++] = (byte) encoding;
        for (int v = len; ; v >>>= 7) {
            if ((v & ~0x7f) == 0) {
                meta[m++] = (byte) v;
                break;
            }
            meta[m++] = (byte) ((v & 0x7f) | 0x80);
        }
        crc.reset();
        crc.update(meta, 0, m);
        crc.update(data, 0, len);
        int sum = (int) crc.getValue();
        if (recLen > buf.length) {
            // Larger than the whole buffer: straight to the file, after what is buffered.
            flushBuffer();
            ByteBuffer bb = ByteBuffer.allocate(recLen);
            bb.put(meta, 0, m).put(data, 0, len).putInt(sum).flip();
            writeFully(bb, curFlushed);
            curFlushed += recLen;
            remap();
        } else {
            System.arraycopy(meta, 0, buf, bufLen, m);
            System.arraycopy(data, 0, buf, bufLen + m, len);
            putInt(buf, bufLen + m + len, sum);
            bufLen += recLen;
        }
        curSize += recLen;
        return ref;
    }

    private static int uvarintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private static int putLong(byte[] b, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            b[at + i] = (byte) v;
            v >>>= 8;
        }
        return at + 8;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private void cut() throws IOException {
        finishCurrent();
        int seq = lastSeq + 1;
        Path p = dir.resolve(fileName(seq));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (buf == null) {
            buf = new byte[bufferSize];
        }
        cur = ch;
        curSeq = seq;
        lastSeq = seq;
        cutOnNextWrite = false;
        // The header goes out with the first records, as Prometheus's buffered writer sends it.
        putInt(buf, 0, MAGIC);
        buf[4] = 1;
        buf[5] = 0;
        buf[6] = 0;
        buf[7] = 0;
        bufLen = HEADER_SIZE;
        curSize = HEADER_SIZE;
        curFlushed = 0;
        curMapped = 0;
    }

    /** Writes the buffer out and maps what the file now holds. */
    private void flushBuffer() throws IOException {
        if (cur == null) {
            return;
        }
        if (bufLen > 0) {
            writeFully(ByteBuffer.wrap(buf, 0, bufLen), curFlushed);
            curFlushed += bufLen;
            bufLen = 0;
        }
        remap();
    }

    private void remap() throws IOException {
        if (curFlushed > curMapped) {
            files.put(curSeq, cur.map(FileChannel.MapMode.READ_ONLY, 0, curFlushed));
            curMapped = curFlushed;
        }
    }

    private void writeFully(ByteBuffer bb, long at) throws IOException {
        while (bb.hasRemaining()) {
            at += cur.write(bb, at);
        }
    }

    /** Flushes, fsyncs and closes the current file; it stays mapped for reading. */
    private void finishCurrent() throws IOException {
        if (cur == null) {
            return;
        }
        try {
            flushBuffer();
            cur.force(true);
        } finally {
            cur.close();
            cur = null;
        }
    }

    /**
     * The data of the chunk at {@code ref} (an exact-size copy).
     *
     * @throws IOException when no file holds it or the record does not parse
     */
    public byte[] chunk(long ref) throws IOException {
        if (queue != null) {
            // Added before its ref was handed out, removed only once written: a miss means it is in the buffer or file.
            byte[] queued = queue.get(ref);
            if (queued != null) {
                return queued.clone();
            }
        }
        int seq = (int) (ref >>> 32);
        int off = (int) ref;
        synchronized (this) {
            if (seq == curSeq && cur != null && off >= curFlushed) {
                return fromBuffer(ref, off - (int) curFlushed);
            }
        }
        MappedByteBuffer mb = files.get(seq);
        if (mb == null) {
            throw new IOException("head chunk file " + fileName(seq) + " of chunk ref " + Long.toHexString(ref) + " not found");
        }
        return readRecord(mb.duplicate(), off, mb.capacity(), ref);
    }

    private byte[] fromBuffer(long ref, int at) throws IOException {
        return readRecord(ByteBuffer.wrap(buf, 0, bufLen), at, bufLen, ref);
    }

    private static byte[] readRecord(ByteBuffer b, int at, int end, long ref) throws IOException {
        int p = at + META_BEFORE_LEN;
        int len = 0;
        for (int shift = 0;; shift += 7) {
            if (p >= end || shift > 28) {
                throw new IOException("head chunk " + Long.toHexString(ref) + ": bad length");
            }
            int x = b.get(p++) & 0xff;
            len |= (x & 0x7f) << shift;
            if (x < 0x80) {
                break;
            }
        }
        if (len < 0 || p + len > end) {
            throw new IOException("head chunk " + Long.toHexString(ref) + ": data beyond the file");
        }
        byte[] out = new byte[len];
        b.get(p, out, 0, len);
        return out;
    }

    /**
     * Deletes the files numbered below {@code fileNo}, oldest first, stopping at the current
     * file (Prometheus's {@code Truncate}); if the current file holds chunks, the next write
     * starts a new file so that it can go in a later truncation.
     *
     * @return files deleted
     */
    public int truncate(int fileNo) throws IOException {
        if (queue != null) {
            synchronized (positionLock) {
                // Decided where chunks are placed: the writer thread follows with the cut.
                if (evtlOpen && evtlSize > HEADER_SIZE) {
                    evtlCutOnNext = true;
                }
            }
            queue.dropBelow(fileNo);
        }
        List<Integer> remove = new ArrayList<>();
        // Waits for readers that pinned the files (see pinFiles).
        deletions.writeLock().lock();
        try {
            return truncateLocked(fileNo, remove);
        } finally {
            deletions.writeLock().unlock();
        }
    }

    private int truncateLocked(int fileNo, List<Integer> remove) throws IOException {
        synchronized (this) {
            for (int seq : files.keySet()) {
                if ((cur != null && seq == curSeq) || seq >= fileNo) {
                    break;
                }
                remove.add(seq);
            }
            if (cur != null && curSize > HEADER_SIZE) {
                cutOnNextWrite = true;
            }
            for (int seq : remove) {
                files.remove(seq);
            }
        }
        for (int seq : remove) {
            Files.deleteIfExists(dir.resolve(fileName(seq)));
        }
        return remove.size();
    }

    /**
     * Keeps every file until {@link #unpinFiles}: a reader that took chunk refs under the head's
     * lock pins before releasing it and reads the bytes afterwards, so that a truncation that
     * drops those chunks meanwhile deletes their files only once the reader is done. Pairs with
     * one {@link #unpinFiles} on the same thread.
     */
    public void pinFiles() {
        deletions.readLock().lock();
    }

    /** Ends a {@link #pinFiles}. */
    public void unpinFiles() {
        deletions.readLock().unlock();
    }

    /**
     * Repairs made since open: damaged records and discarded files (Prometheus's
     * {@code prometheus_tsdb_mmap_chunk_corruptions_total}); deleting an empty last file, as
     * Prometheus does silently, is not counted.
     */
    public long corruptions() {
        return corruptions;
    }

    /** File numbers present, the one being written included, oldest first. */
    public synchronized List<Integer> fileNumbers() {
        List<Integer> out = new ArrayList<>(files.keySet());
        if (cur != null && !files.containsKey(curSeq)) {
            out.add(curSeq);
        }
        return out;
    }

    /** Bytes of the files (buffered records included). */
    public synchronized long size() {
        long n = 0;
        for (Map.Entry<Integer, MappedByteBuffer> e : files.entrySet()) {
            n += cur != null && e.getKey() == curSeq ? 0 : e.getValue().capacity();
        }
        return n + (cur != null ? curSize : 0);
    }

    /** Writes out the buffer (no fsync), after the queued chunks; tests and shutdown use it. */
    public void flush() throws IOException {
        if (queue != null) {
            try {
                queue.awaitEmpty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the head chunk write queue", e);
            }
        }
        synchronized (this) {
            flushBuffer();
        }
    }

    /** Chunks in the write queue (0 without one). */
    public int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** Whether completed chunks go through a write queue. */
    public boolean hasWriteQueue() {
        return queue != null;
    }

    /**
     * Writes {@code prometheus_tsdb_chunk_write_queue_operations_total}, which Prometheus 2.42
     * registers only with a write queue.
     */
    public void collectQueueMetrics(dev.ignis.api.metrics.MetricWriter w) {
        if (queue == null) {
            return;
        }
        String name = "prometheus_tsdb_chunk_write_queue_operations_total";
        w.family(name, dev.ignis.api.metrics.MetricType.COUNTER, "Number of operations on the chunk_write_queue.");
        w.sample(name, dev.ignis.api.labels.Labels.of("operation", "add"), queue.adds.sum());
        w.sample(name, dev.ignis.api.labels.Labels.of("operation", "complete"), queue.completes.sum());
        w.sample(name, dev.ignis.api.labels.Labels.of("operation", "get"), queue.gets.sum());
        w.sample(name, dev.ignis.api.labels.Labels.of("operation", "shrink"), queue.shrinks.sum());
    }

    private void stopQueue() {
        if (queue == null) {
            return;
        }
        synchronized (positionLock) {
            try {
                queue.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes the queued chunks, flushes and fsyncs the current file, then drops every mapping. */
    @Override
    public void close() throws IOException {
        // Outside the monitor: the writer thread needs it to finish the queue.
        stopQueue();
        closeFiles();
    }

    private synchronized void closeFiles() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            finishCurrent();
        } finally {
            files.clear();
            buf = null;
        }
    }
}
