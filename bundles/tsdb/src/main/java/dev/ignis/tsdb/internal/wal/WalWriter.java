package dev.ignis.tsdb.internal.wal;

import static dev.ignis.tsdb.internal.wal.Segments.HEADER_SIZE;
import static dev.ignis.tsdb.internal.wal.Segments.PAGE_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the WAL in Prometheus's format ({@code tsdb/docs/format/wal.md}):
 * segments of whole 32 KiB pages, each record split into fragments (full, or first, middle...,
 * last) with a 7-byte header carrying the fragment's CRC32C; a record never spans segments.
 *
 * <p>As Prometheus does, it starts a new segment on open, writes the filled part of the
 * current page to the file at the end of every {@link #log} call (so a process crash loses
 * nothing logged), and fsyncs a segment when it is closed; with {@code syncOnLog} it also
 * fsyncs after every call. Owns the open segment's channel. Thread-safe.
 */
public final class WalWriter implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(WalWriter.class);

    private final Path dir;
    private final int pagesPerSegment;
    private final boolean compress;
    private final boolean syncOnLog;
    private final WalMetrics metrics;
    private final byte[] page = new byte[PAGE_SIZE];
    private final CRC32C crc = new CRC32C();
    private final Snappy snappy = new Snappy();
    private byte[] compressed = new byte[0];

    private FileChannel segment;
    private int segmentIndex;
    private int donePages;
    private int alloc;
    private int flushed;
    private boolean closed;

    /**
     * Opens the WAL in {@code dir} for writing, in a new segment after the existing ones.
     */
    public WalWriter(Path dir, int segmentSize, boolean compress, boolean syncOnLog, WalMetrics metrics) throws IOException {
        if (segmentSize % PAGE_SIZE != 0 || segmentSize < PAGE_SIZE) {
            throw new IllegalArgumentException("segment size must be a multiple of " + PAGE_SIZE);
        }
        this.dir = dir;
        this.pagesPerSegment = segmentSize / PAGE_SIZE;
        this.compress = compress;
        this.syncOnLog = syncOnLog;
        this.metrics = metrics;
        Files.createDirectories(dir);
        List<Integer> existing = Segments.list(dir);
        int next = existing.isEmpty() ? 0 : existing.get(existing.size() - 1) + 1;
        openSegment(next);
    }

    /** Index of the segment being written. */
    public synchronized int segmentIndex() {
        return segmentIndex;
    }

    /**
     * Writes records in order, then hands the partly filled page to the OS.
     *
     * @param records the records; {@code lengths[i]} bytes of each are used
     */
    public synchronized void log(byte[][] records, int[] lengths, int count) throws IOException {
        if (closed) {
            throw new IOException("WAL is closed");
        }
        try {
            for (int i = 0; i < count; i++) {
                logOne(records[i], lengths[i]);
            }
            if (alloc > flushed) {
                flushPage(false);
            }
            if (syncOnLog) {
                sync();
            }
        } catch (IOException | RuntimeException e) {
            metrics.writesFailed.increment();
            throw e;
        }
    }

    /** Writes one record (convenience for tests and tools). */
    public void log(byte[] record) throws IOException {
        log(new byte[][] {record}, new int[] {record.length}, 1);
    }

    private void logOne(byte[] rec, int len) throws IOException {
        int capacity = (PAGE_SIZE - HEADER_SIZE) * pagesPerSegment;
        if (len > capacity) {
            throw new IOException("record of " + len + " bytes exceeds a WAL segment");
        }
        // Room left in this segment: the current page and the pages not yet started.
        long left = (PAGE_SIZE - alloc) - HEADER_SIZE + (long) (PAGE_SIZE - HEADER_SIZE) * (pagesPerSegment - donePages - 1);
        if (len > left) {
            nextSegment();
        }
        byte[] data = rec;
        int dlen = len;
        boolean snappied = false;
        if (compress && len > 0) {
            int max = Snappy.maxCompressedLength(len);
            if (compressed.length < max) {
                compressed = new byte[Math.max(max, compressed.length * 2)];
            }
            int clen = snappy.compress(rec, 0, len, compressed);
            if (clen < len) {
                data = compressed;
                dlen = clen;
                snappied = true;
            }
        }
        int off = 0;
        for (int i = 0; i == 0 || off < dlen; i++) {
            int part = Math.min(dlen - off, PAGE_SIZE - alloc - HEADER_SIZE);
            boolean end = off + part == dlen;
            int type = i == 0 ? (end ? Segments.FULL : Segments.FIRST) : (end ? Segments.LAST : Segments.MIDDLE);
            if (snappied) {
                type |= Segments.SNAPPY;
            }
            crc.reset();
            crc.update(data, off, part);
            int c = (int) crc.getValue();
            page[alloc] = (byte) type;
            page[alloc + 1] = (byte) (part >>> 8);
            page[alloc + 2] = (byte) part;
            page[alloc + 3] = (byte) (c >>> 24);
            page[alloc + 4] = (byte) (c >>> 16);
            page[alloc + 5] = (byte) (c >>> 8);
            page[alloc + 6] = (byte) c;
            System.arraycopy(data, off, page, alloc + HEADER_SIZE, part);
            alloc += HEADER_SIZE + part;
            off += part;
            if (PAGE_SIZE - alloc < HEADER_SIZE) {
                flushPage(true);
            }
        }
    }

    // Writes the unwritten part of the page; a cleared page is written to its end (zero padded)
    // and the next record starts on a fresh page.
    private void flushPage(boolean clear) throws IOException {
        clear = clear || PAGE_SIZE - alloc < HEADER_SIZE;
        if (clear) {
            alloc = PAGE_SIZE;
        }
        ByteBuffer bb = ByteBuffer.wrap(page, flushed, alloc - flushed);
        while (bb.hasRemaining()) {
            segment.write(bb);
        }
        flushed = alloc;
        metrics.pageFlushes.increment();
        if (clear) {
            Arrays.fill(page, (byte) 0);
            alloc = 0;
            flushed = 0;
            donePages++;
            metrics.completedPages.increment();
        }
    }

    private void nextSegment() throws IOException {
        if (alloc > 0) {
            flushPage(true);
        }
        closeSegment();
        openSegment(segmentIndex + 1);
    }

    private void openSegment(int index) throws IOException {
        Path p = dir.resolve(Segments.name(index));
        segment = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentIndex = index;
        donePages = 0;
        alloc = 0;
        flushed = 0;
        metrics.segmentCurrent.set(index);
        syncDir();
    }

    private void closeSegment() throws IOException {
        try {
            sync();
        } finally {
            segment.close();
        }
    }

    /**
     * Closes the current segment (padded and fsynced) and starts the next one, so that a
     * checkpoint can cover everything logged so far.
     *
     * @return the index of the new segment
     */
    public synchronized int cutSegment() throws IOException {
        if (closed) {
            throw new IOException("WAL is closed");
        }
        nextSegment();
        return segmentIndex;
    }

    /** Forces the current segment to disk. */
    public synchronized void sync() throws IOException {
        long t0 = System.nanoTime();
        segment.force(false);
        long t1 = System.nanoTime();
        metrics.observeFsync(t1 - t0, t1);
    }

    private void syncDir() {
        // Makes the new segment's directory entry durable; not supported on every platform.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.atDebug().setMessage("fsync of WAL directory failed").addKeyValue("dir", dir)
                    .addKeyValue("err", e.toString()).log();
        }
    }

    /** Pads and writes the current page, fsyncs and closes the segment. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (alloc > 0) {
                flushPage(true);
            }
        } finally {
            closeSegment();
        }
    }
}
