package dev.ignis.tsdb.internal.wal;

import static dev.ignis.tsdb.internal.wal.Segments.HEADER_SIZE;
import static dev.ignis.tsdb.internal.wal.Segments.PAGE_SIZE;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads WAL records in order from a list of segments, reassembling fragments, checking CRCs
 * and page padding, and decompressing snappy records. A problem is reported as a
 * {@link CorruptionException} naming the segment and the offset after the last good record.
 * Owns the open segment's channel. Not thread-safe.
 */
public final class WalReader implements Closeable {

    private final Path dir;
    private final List<Integer> segments;
    private final byte[] page = new byte[PAGE_SIZE];
    private final CRC32C crc = new CRC32C();
    private byte[] rec = new byte[4096];
    private int recLen;
    private byte[] plain = new byte[4096];
    private byte[] out;
    private int outLen;

    private int seg = -1;
    private FileChannel ch;
    private long pageStart;
    private int pageLen;
    private int pos;
    private long goodEnd;
    private long recordStart;

    /** A reader over {@code segments} (indexes) of {@code dir}, in the order given. */
    public WalReader(Path dir, List<Integer> segments) {
        this(dir, segments, 0);
    }

    /**
     * A reader over {@code segments} that starts reading the first one at {@code firstOffset}, a
     * record boundary (a memory snapshot names the WAL position it covers).
     */
    public WalReader(Path dir, List<Integer> segments, long firstOffset) {
        this.dir = dir;
        this.segments = segments;
        this.firstOffset = firstOffset;
    }

    private final long firstOffset;

    /** Index of the segment of the current record. */
    public int segment() {
        return seg < 0 || seg >= segments.size() ? -1 : segments.get(seg);
    }

    /** Offset in its segment where the current record's data ends the previous record's. */
    public long recordStart() {
        return recordStart;
    }

    /** Bytes of the current record (valid until the next call). */
    public byte[] record() {
        return out;
    }

    public int recordLength() {
        return outLen;
    }

    /**
     * Moves to the next record.
     *
     * @return false at the end of the last segment
     * @throws CorruptionException on a torn or corrupt record
     */
    public boolean next() throws IOException {
        recLen = 0;
        boolean inRecord = false;
        boolean snappy = false;
        while (true) {
            if (ch == null && !openNext()) {
                return false;
            }
            if (PAGE_SIZE - pos < HEADER_SIZE || pos >= pageLen) {
                if (pos < pageLen) {
                    checkZero(pos, pageLen, "non-zero bytes at the end of a page");
                }
                if (pageLen < PAGE_SIZE || !loadPage(pageStart + PAGE_SIZE)) {
                    // End of this segment.
                    if (inRecord) {
                        throw corrupt("record torn at the end of the segment");
                    }
                    closeSegment();
                    continue;
                }
            }
            int type = page[pos] & 0xff;
            if (type == Segments.PAGE_TERM) {
                checkZero(pos, pageLen, "non-zero bytes in page padding");
                pos = PAGE_SIZE;
                continue;
            }
            if (pos + HEADER_SIZE > pageLen) {
                throw corrupt("fragment header torn");
            }
            int kind = type & 7;
            int len = ((page[pos + 1] & 0xff) << 8) | (page[pos + 2] & 0xff);
            int want = ((page[pos + 3] & 0xff) << 24) | ((page[pos + 4] & 0xff) << 16)
                    | ((page[pos + 5] & 0xff) << 8) | (page[pos + 6] & 0xff);
            int dataAt = pos + HEADER_SIZE;
            if (dataAt + len > PAGE_SIZE) {
                throw corrupt("fragment exceeds its page");
            }
            if (dataAt + len > pageLen) {
                throw corrupt("fragment torn");
            }
            if ((type & ~(7 | Segments.SNAPPY)) != 0 || kind < Segments.FULL || kind > Segments.LAST) {
                throw corrupt("unknown fragment type " + type);
            }
            crc.reset();
            crc.update(page, dataAt, len);
            if ((int) crc.getValue() != want) {
                throw corrupt("fragment checksum mismatch");
            }
            boolean starts = kind == Segments.FULL || kind == Segments.FIRST;
            if (starts == inRecord) {
                throw corrupt(inRecord ? "new record before the last fragment" : "fragment without its first");
            }
            if (starts) {
                snappy = (type & Segments.SNAPPY) != 0;
                inRecord = true;
            }
            append(dataAt, len);
            pos = dataAt + len;
            if (kind == Segments.FULL || kind == Segments.LAST) {
                finish(snappy);
                recordStart = goodEnd;
                goodEnd = pageStart + pos;
                return true;
            }
        }
    }

    private void finish(boolean snappy) throws CorruptionException {
        if (!snappy) {
            out = rec;
            outLen = recLen;
            return;
        }
        try {
            int n = Snappy.decodedLength(rec, 0, recLen);
            if (plain.length < n) {
                plain = new byte[Math.max(n, plain.length * 2)];
            }
            outLen = Snappy.decompress(rec, 0, recLen, plain);
            out = plain;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw corrupt("bad compressed record: " + e.getMessage());
        }
    }

    private void append(int from, int len) {
        if (recLen + len > rec.length) {
            rec = Arrays.copyOf(rec, Math.max(recLen + len, rec.length * 2));
        }
        System.arraycopy(page, from, rec, recLen, len);
        recLen += len;
    }

    private boolean openNext() throws IOException {
        if (seg + 1 >= segments.size()) {
            seg = segments.size();
            return false;
        }
        seg++;
        ch = FileChannel.open(dir.resolve(Segments.name(segments.get(seg))), StandardOpenOption.READ);
        goodEnd = 0;
        pageLen = 0;
        pos = 0;
        long start = seg == 0 ? firstOffset : 0;
        long pageAt = start - start % PAGE_SIZE;
        if (!loadPage(pageAt)) {
            pageLen = 0;
        } else {
            pos = (int) (start - pageAt);
        }
        goodEnd = start;
        return true;
    }

    private boolean loadPage(long at) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(page);
        long p = at;
        while (bb.hasRemaining()) {
            int r = ch.read(bb, p);
            if (r < 0) {
                break;
            }
            p += r;
        }
        if (bb.position() == 0) {
            return false;
        }
        pageStart = at;
        pageLen = bb.position();
        pos = 0;
        return true;
    }

    private void checkZero(int from, int to, String what) throws CorruptionException {
        for (int i = from; i < to; i++) {
            if (page[i] != 0) {
                throw corrupt(what);
            }
        }
    }

    private CorruptionException corrupt(String reason) {
        return new CorruptionException(segment(), goodEnd, reason);
    }

    private void closeSegment() throws IOException {
        FileChannel c = ch;
        ch = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeSegment();
    }
}
