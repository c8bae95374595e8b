package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.labels.Symbols;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.Postings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a block's {@code index} file, format version 2 ({@code tsdb/docs/format/index.md}):
 * the TOC, the symbol table, the postings offset table, postings lists and series entries.
 * The file is mapped read-only ({@link MappedFile}, windows of 1 GiB, so files above 2 GiB
 * work) and read where asked, as Prometheus 2.42 reads it: the heap keeps the position of every
 * 32nd symbol (a symbol is decoded from the mapping, skipping at most 31), the label names, and
 * per label name every 32nd entry of the postings offset table (a lookup scans at most 32
 * entries of the mapped table). Thread-safe once opened: lookups read immutable state.
 * {@link #close()} drops the mapping; the owning {@link Block} closes it only once no querier
 * reads it.
 */
public final class BlockIndex implements IndexReader, java.io.Closeable {

    static final int MAGIC = 0xBAAAD700;
    private static final int TOC_SIZE = 6 * 8 + 4;

    /** Every how many postings table entries one is kept (Prometheus's factor). */
    static final int SAMPLING = 32;
    /**
     * Every how many symbols one position is kept: 8, not Prometheus's 32, as series entries
     * decode their label values by skipping from the kept position (8 bytes of heap per 8
     * symbols; a quarter of the skipping).
     */
    static final int SYMBOL_SAMPLING = 8;

    /** Slots of the symbol cache at most (16 KiB of references, about 100 KiB when full). */
    static final int SYMBOL_CACHE = 4096;

    private final MappedFile f;
    private int symbolCount;
    // File offset of symbol i * SYMBOL_SAMPLING.
    private long[] symbolAt;
    // Label names by symbol index (sorted): series entries take them without decoding.
    private int[] nameSymbolIds = new int[0];
    private String[] nameSymbols = new String[0];
    private final Map<String, Values> postingsOffsets = new HashMap<>();
    /** Recently decoded label values by symbol index modulo its length (a power of two). */
    private CachedSymbol[] symbolCache = new CachedSymbol[1];

    /** One label name's part of the postings offset table: {@code count} entries, every SAMPLING-th kept. */
    private record Values(int count, String[] sampled, long[] entryAt) {
    }

    private BlockIndex(MappedFile f) throws IOException {
        this.f = f;
        long size = f.size();
        if (size < 5 + TOC_SIZE || f.getBE32(0) != MAGIC) {
            throw new IOException("index: bad magic");
        }
        int version = f.get(4);
        if (version != 2 && version != 1) {
            throw new IOException("index: unsupported version " + version);
        }
        if (version != 2) {
            throw new IOException("index: version 1 (symbol offsets) is not supported yet");
        }
        long tocAt = size - TOC_SIZE;
        checkCrc(tocAt, 48, tocAt + 48, "TOC");
        MappedFile.Cursor toc = new MappedFile.Cursor(f).reset(tocAt, 48);
        long symbolsAt = toc.getBE64();
        toc.getBE64(); // series
        toc.getBE64(); // label indices (legacy)
        toc.getBE64(); // label offset table (legacy)
        toc.getBE64(); // postings
        long postingsTableAt = toc.getBE64();
        try {
            readSymbols(checkedSection(symbolsAt, "symbols"));
            readPostingsTable(checkedSection(postingsTableAt, "postings offset table"));
            java.util.TreeMap<Integer, String> names = new java.util.TreeMap<>();
            for (String name : postingsOffsets.keySet()) {
                int i = symbolIndex(name);
                if (i >= 0) {
                    names.put(i, name);
                }
            }
            nameSymbolIds = names.keySet().stream().mapToInt(Integer::intValue).toArray();
            nameSymbols = names.values().toArray(new String[0]);
        } catch (IllegalArgumentException e) {
            throw new IOException("index: " + e.getMessage(), e);
        }
    }

    /** Maps and checks an index file. */
    public static BlockIndex open(Path file) throws IOException {
        return open(file, MappedFile.DEFAULT_WINDOW_SHIFT);
    }

    /** As {@link #open(Path)} with mapping windows of {@code 1 << windowShift} bytes (tests). */
    static BlockIndex open(Path file, int windowShift) throws IOException {
        MappedFile f = MappedFile.open(file, windowShift);
        try {
            return new BlockIndex(f);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** Bytes of the index file (mapped, not on the heap). */
    public long mappedBytes() {
        return f.size();
    }

    /** Drops the mapping; later lookups throw {@link IllegalStateException}. */
    @Override
    public void close() {
        f.close();
    }

    /** Number of symbols. */
    public int symbolCount() {
        return symbolCount;
    }

    /** Heap taken by the sampled symbol positions (what 2.42 reports as the symbol table's size). */
    public long symbolTableBytes() {
        return symbolAt.length * (long) Long.BYTES;
    }

    @Override
    public long[] postings(String name, String value) {
        Values values = postingsOffsets.get(name);
        if (values == null) {
            return Postings.EMPTY;
        }
        try {
            long off = postingsOffset(values, value);
            if (off < 0) {
                return Postings.EMPTY;
            }
            MappedFile.Cursor r = checkedSection(off, "postings " + name + "=" + value);
            int n = r.getBE32();
            if (n < 0 || n * 4L > r.remaining()) {
                throw new IllegalArgumentException("postings count " + n + " beyond the list");
            }
            long[] refs = new long[n];
            for (int i = 0; i < n; i++) {
                refs[i] = r.getBE32() & 0xffffffffL;
            }
            return refs;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("corrupt index postings: " + e.getMessage(), e);
        }
    }

    @Override
    public long[] allPostings() {
        return postings("", "");
    }

    @Override
    public Collection<String> labelValues(String name) {
        Values values = postingsOffsets.get(name);
        if (values == null || name.isEmpty()) {
            return Collections.emptyList();
        }
        List<String> out = new ArrayList<>(values.count());
        TableEntry e = new TableEntry(new MappedFile.Cursor(f).reset(values.entryAt()[0], f.size() - values.entryAt()[0]));
        for (int i = 0; i < values.count(); i++) {
            e.next();
            out.add(e.value);
        }
        return out;
    }

    @Override
    public Collection<String> labelNames() {
        return postingsOffsets.keySet().stream().filter(n -> !n.isEmpty()).toList();
    }

    /** One series entry: labels and chunk metadata. */
    public record Series(Labels labels, long[] chunkRefs, long[] minT, long[] maxT) {
    }

    /**
     * The series at {@code ref} (its offset / 16, as postings hold it).
     *
     * @throws IOException if the entry is corrupt
     */
    public Series series(long ref) throws IOException {
        SeriesReader r = new SeriesReader();
        r.read(ref);
        // A fresh reader's arrays were sized for this entry: handed over without a copy.
        int n = r.chunks;
        return new Series(r.labels(), r.chunkRefs.length == n ? r.chunkRefs : Arrays.copyOf(r.chunkRefs, n),
                r.minT.length == n ? r.minT : Arrays.copyOf(r.minT, n), r.maxT.length == n ? r.maxT : Arrays.copyOf(r.maxT, n));
    }

    /** A reader of series entries that reuses its buffers from one entry to the next. */
    public SeriesReader seriesReader() {
        return new SeriesReader();
    }

    /**
     * Decodes series entries one at a time into reused arrays: a select reading thousands of
     * series allocates only their label sets. Not thread-safe.
     */
    private static final byte[] NO_BYTES = new byte[0];
    private static final long[] NO_LONGS = new long[0];

    public final class SeriesReader {
        private final MappedFile.Cursor r = new MappedFile.Cursor(f);
        private final MappedFile.Cursor sym = new MappedFile.Cursor(f);
        private final Labels.Builder lb = Labels.builder(4);
        private final CRC32C crc = new CRC32C();
        // The entry and its checksum, copied from the mapping: decoded from a plain array.
        private byte[] entry = NO_BYTES;
        private int pos;
        private int end;
        private long[] chunkRefs = NO_LONGS;
        private long[] minT = NO_LONGS;
        private long[] maxT = NO_LONGS;
        private int chunks;

        private SeriesReader() {
        }

        /**
         * Reads the entry at {@code ref} (its offset / 16); its labels and chunk metadata stay
         * here until the next read.
         *
         * @throws IOException if the entry is corrupt
         */
        public void read(long ref) throws IOException {
            chunks = 0;
            long at = ref * 16;
            if (ref < 0 || at >= f.size()) {
                throw new IOException("index: series ref out of range: " + ref);
            }
            try {
                r.reset(at, f.size() - at);
                long len = r.getUvarint();
                long start = r.position();
                if (len < 0 || len > Integer.MAX_VALUE - 4 || start + len + 4 > f.size()) {
                    throw new IOException("index: series " + ref + " truncated");
                }
                int n = (int) len;
                if (entry.length < n + 4) {
                    entry = new byte[Math.max(n + 4, entry.length * 2)];
                }
                byte[] b = entry;
                f.copy(start, b, 0, n + 4);
                crc.reset();
                crc.update(b, 0, n);
                int want = ((b[n] & 0xff) << 24) | ((b[n + 1] & 0xff) << 16) | ((b[n + 2] & 0xff) << 8) | (b[n + 3] & 0xff);
                if ((int) crc.getValue() != want) {
                    throw new IOException("index: series " + ref + " checksum mismatch");
                }
                pos = 0;
                end = n;
                int nLabels = (int) uvarint();
                lb.reset();
                for (int i = 0; i < nLabels; i++) {
                    lb.add(symbol(uvarint(), sym), symbol(uvarint(), sym));
                }
                int nChunks = (int) uvarint();
                if (nChunks < 0 || nChunks > end - pos) {
                    throw new IllegalArgumentException("chunk count " + nChunks + " beyond the entry");
                }
                if (chunkRefs.length < nChunks) {
                    int cap = Math.max(nChunks, chunkRefs.length * 2);
                    chunkRefs = new long[cap];
                    minT = new long[cap];
                    maxT = new long[cap];
                }
                for (int i = 0; i < nChunks; i++) {
                    if (i == 0) {
                        long zz = uvarint();
                        minT[0] = (zz >>> 1) ^ -(zz & 1);
                        maxT[0] = minT[0] + uvarint();
                        chunkRefs[0] = uvarint();
                    } else {
                        minT[i] = maxT[i - 1] + uvarint();
                        maxT[i] = minT[i] + uvarint();
                        long zz = uvarint();
                        chunkRefs[i] = chunkRefs[i - 1] + ((zz >>> 1) ^ -(zz & 1));
                    }
                }
                chunks = nChunks;
            } catch (IllegalArgumentException e) {
                throw new IOException("index: corrupt series " + ref + ": " + e.getMessage(), e);
            }
        }

        private long uvarint() {
            byte[] b = entry;
            long x = 0;
            for (int s = 0; s < 64; s += 7) {
                if (pos >= end) {
                    throw new IllegalArgumentException("record truncated");
                }
                int by = b[pos++];
                x |= (long) (by & 0x7f) << s;
                if (by >= 0) {
                    return x;
                }
            }
            throw new IllegalArgumentException("varint overflows 64 bits");
        }

        /** The labels of the entry read last (built on each call). */
        public Labels labels() {
            return lb.build();
        }

        /** Number of chunks of the entry read last. */
        public int chunks() {
            return chunks;
        }

        public long chunkRef(int i) {
            return chunkRefs[i];
        }

        public long minT(int i) {
            return minT[i];
        }

        public long maxT(int i) {
            return maxT[i];
        }
    }

    /**
     * Symbol {@code i}: label names from the heap, values through a small direct-mapped cache
     * of interned strings (series share most values: metric names, jobs, methods, buckets),
     * else decoded from the mapping.
     */
    private String symbol(long i, MappedFile.Cursor r) {
        if (i < 0 || i >= symbolCount) {
            throw new IllegalArgumentException("symbol ref out of range: " + i);
        }
        int n = Arrays.binarySearch(nameSymbolIds, (int) i);
        if (n >= 0) {
            return nameSymbols[n];
        }
        int slot = (int) i & (symbolCache.length - 1);
        CachedSymbol c = symbolCache[slot];
        if (c != null && c.id == i) {
            return c.value;
        }
        r.reset(symbolAt[(int) (i / SYMBOL_SAMPLING)], f.size());
        for (long k = i % SYMBOL_SAMPLING; k > 0; k--) {
            r.skipUvarintStr();
        }
        String s = Symbols.intern(r.getUvarintStr());
        // A racing reader may overwrite the slot: entries are immutable, either one is right.
        symbolCache[slot] = new CachedSymbol((int) i, s);
        return s;
    }

    /** A symbol cache entry; final fields, so a slot read without a lock sees it whole. */
    private record CachedSymbol(int id, String value) {
    }

    /** Index of symbol {@code s} (symbols are sorted byte-wise), else -1. */
    private int symbolIndex(String s) {
        int lo = 0;
        int hi = symbolAt.length - 1;
        // The last sampled symbol not after s.
        int from = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            String at = new MappedFile.Cursor(f).reset(symbolAt[mid], f.size()).getUvarintStr();
            if (GoStrings.compare(at, s) <= 0) {
                from = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (from < 0) {
            return -1;
        }
        MappedFile.Cursor r = new MappedFile.Cursor(f).reset(symbolAt[from], f.size());
        int end = Math.min(symbolCount, (from + 1) * SYMBOL_SAMPLING);
        for (int i = from * SYMBOL_SAMPLING; i < end; i++) {
            if (r.getUvarintStr().equals(s)) {
                return i;
            }
        }
        return -1;
    }

    private void readSymbols(MappedFile.Cursor r) {
        int n = r.getBE32();
        if (n < 0 || n > r.remaining()) {
            throw new IllegalArgumentException("symbol count " + n + " beyond the table");
        }
        symbolCount = n;
        symbolAt = new long[(n + SYMBOL_SAMPLING - 1) / SYMBOL_SAMPLING];
        symbolCache = new CachedSymbol[Math.min(SYMBOL_CACHE, Integer.highestOneBit(Math.max(1, n - 1)) << 1)];
        for (int i = 0; i < n; i++) {
            if (i % SYMBOL_SAMPLING == 0) {
                symbolAt[i / SYMBOL_SAMPLING] = r.position();
            }
            r.skipUvarintStr();
        }
    }

    /** Reads postings offset table entries one after the other. */
    private static final class TableEntry {
        final MappedFile.Cursor r;
        long at;
        String name;
        String value;
        long offset;

        TableEntry(MappedFile.Cursor r) {
            this.r = r;
        }

        void next() {
            at = r.position();
            long keys = r.getUvarint();
            if (keys != 2) {
                throw new IllegalArgumentException("postings offset table: " + keys + " keys");
            }
            name = r.getUvarintStr();
            value = r.getUvarintStr();
            offset = r.getUvarint();
        }
    }

    private void readPostingsTable(MappedFile.Cursor r) {
        int n = r.getBE32();
        TableEntry e = new TableEntry(r);
        String name = null;
        String prev = null;
        int count = 0;
        List<String> sampled = new ArrayList<>();
        List<Long> entryAt = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            if (i < n) {
                e.next();
            }
            if (i == n || !e.name.equals(name)) {
                if (name != null) {
                    if (postingsOffsets.containsKey(name)) {
                        throw new IllegalArgumentException("postings offset table: label name " + name + " not contiguous");
                    }
                    long[] at = new long[entryAt.size()];
                    for (int k = 0; k < at.length; k++) {
                        at[k] = entryAt.get(k);
                    }
                    postingsOffsets.put(name, new Values(count, sampled.toArray(new String[0]), at));
                }
                if (i == n) {
                    break;
                }
                name = e.name;
                count = 0;
                sampled.clear();
                entryAt.clear();
            } else if (GoStrings.compare(prev, e.value) >= 0) {
                throw new IllegalArgumentException("postings offset table: values of " + name + " not sorted");
            }
            prev = e.value;
            if (count % SAMPLING == 0) {
                sampled.add(e.value);
                entryAt.add(e.at);
            }
            count++;
        }
    }

    /** Offset of the postings list of {@code value} under {@code values}' name, else -1. */
    private long postingsOffset(Values values, String value) {
        String[] sampled = values.sampled();
        int i = Arrays.binarySearch(sampled, value, GoStrings.ORDER);
        int from = i >= 0 ? i : -i - 2;
        if (from < 0) {
            return -1;
        }
        // Scanned without decoding: the name is known, values compare as UTF-8 bytes.
        byte[] want = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        MappedFile.Cursor r = new MappedFile.Cursor(f).reset(values.entryAt()[from], f.size());
        int end = Math.min(values.count(), (from + 1) * SAMPLING);
        for (int k = from * SAMPLING; k < end; k++) {
            if (r.getUvarint() != 2) {
                throw new IllegalArgumentException("postings offset table: entry without two keys");
            }
            r.skipUvarintStr();
            int c = r.compareUvarintStr(want);
            long offset = r.getUvarint();
            if (c == 0) {
                return offset;
            }
            if (c > 0) {
                return -1;
            }
        }
        return -1;
    }

    /** A {@code len(4) | payload | CRC32C(payload)} section at {@code at}: a cursor over the payload. */
    private MappedFile.Cursor checkedSection(long at, String what) throws IOException {
        if (at <= 0 || at + 4 > f.size()) {
            throw new IOException("index: " + what + " offset out of range");
        }
        long len = f.getBE32(at) & 0xffffffffL;
        long start = at + 4;
        if (start + len + 4 > f.size()) {
            throw new IOException("index: " + what + " length out of range");
        }
        checkCrc(start, len, start + len, what);
        return new MappedFile.Cursor(f).reset(start, len);
    }

    private void checkCrc(long from, long len, long crcAt, String what) throws IOException {
        if (len < 0 || crcAt + 4 > f.size()) {
            throw new IOException("index: " + what + " truncated");
        }
        CRC32C crc = new CRC32C();
        f.crc(crc, from, len);
        if ((int) crc.getValue() != f.getBE32(crcAt)) {
            throw new IOException("index: " + what + " checksum mismatch");
        }
    }
}
