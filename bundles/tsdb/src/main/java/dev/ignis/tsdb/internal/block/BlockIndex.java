package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.GoStrings;
import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.Postings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Reads a block's {@code index} file, format version 2 ({@code tsdb/docs/format/index.md}):
 * the TOC, the symbol table, the postings offset table, postings lists and series entries.
 * The file is mapped read-only ({@link MappedFile}, windows of 1 GiB, so files above 2 GiB
 * work): series entries and postings lists are read from the mapping when asked for, and only
 * the symbols and the postings offset table are kept on the heap (decoded when opened, as
 * series labels are made of symbols). Thread-safe once opened: lookups read immutable state.
 * {@link #close()} drops the mapping; the owning {@link Block} closes it only once no querier
 * reads it.
 */
public final class BlockIndex implements IndexReader, java.io.Closeable {

    static final int MAGIC = 0xBAAAD700;
    private static final int TOC_SIZE = 6 * 8 + 4;

    private final MappedFile f;
    private final String[] symbols;
    // Per label name, its values (sorted byte-wise, the symbol table's String instances) and
    // the offsets of their postings lists: about 12 bytes per entry besides the symbols.
    private final Map<String, Values> postingsOffsets = new HashMap<>();

    private record Values(String[] values, long[] offsets) {
        long offset(String value) {
            int i = Arrays.binarySearch(values, value, GoStrings.ORDER);
            return i < 0 ? -1 : offsets[i];
        }
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
            symbols = readSymbols(checkedSection(symbolsAt, "symbols"));
            readPostingsTable(checkedSection(postingsTableAt, "postings offset table"));
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
        return symbols.length;
    }

    @Override
    public long[] postings(String name, String value) {
        Values values = postingsOffsets.get(name);
        long off = values == null ? -1 : values.offset(value);
        if (off < 0) {
            return Postings.EMPTY;
        }
        try {
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
        return values == null || name.isEmpty() ? Collections.emptyList()
                : Collections.unmodifiableList(Arrays.asList(values.values()));
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
        long at = ref * 16;
        if (ref < 0 || at >= f.size()) {
            throw new IOException("index: series ref out of range: " + ref);
        }
        try {
            MappedFile.Cursor r = new MappedFile.Cursor(f).reset(at, f.size() - at);
            long len = r.getUvarint();
            long start = r.position();
            checkCrc(start, len, start + len, "series " + ref);
            r.reset(start, len);
            int nLabels = (int) r.getUvarint();
            Labels.Builder lb = Labels.builder(nLabels);
            for (int i = 0; i < nLabels; i++) {
                lb.add(symbol(r.getUvarint()), symbol(r.getUvarint()));
            }
            int nChunks = (int) r.getUvarint();
            long[] refs = new long[nChunks];
            long[] mint = new long[nChunks];
            long[] maxt = new long[nChunks];
            for (int i = 0; i < nChunks; i++) {
                if (i == 0) {
                    mint[0] = r.getVarint();
                    maxt[0] = mint[0] + r.getUvarint();
                    refs[0] = r.getUvarint();
                } else {
                    mint[i] = maxt[i - 1] + r.getUvarint();
                    maxt[i] = mint[i] + r.getUvarint();
                    refs[i] = refs[i - 1] + r.getVarint();
                }
            }
            return new Series(lb.build(), refs, mint, maxt);
        } catch (IllegalArgumentException e) {
            throw new IOException("index: corrupt series " + ref + ": " + e.getMessage(), e);
        }
    }

    private String symbol(long i) {
        if (i < 0 || i >= symbols.length) {
            throw new IllegalArgumentException("symbol ref out of range: " + i);
        }
        return symbols[(int) i];
    }

    private static String[] readSymbols(MappedFile.Cursor r) {
        int n = r.getBE32();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.getUvarintStr();
        }
        return out;
    }

    /** The symbol table's instance of {@code s} (postings table keys repeat symbols), else {@code s}. */
    private String canonical(String s) {
        int i = Arrays.binarySearch(symbols, s, GoStrings.ORDER);
        return i >= 0 ? symbols[i] : s;
    }

    private void readPostingsTable(MappedFile.Cursor r) {
        int n = r.getBE32();
        Map<String, TreeMap<String, Long>> byName = new HashMap<>();
        for (int i = 0; i < n; i++) {
            long keys = r.getUvarint();
            if (keys != 2) {
                throw new IllegalArgumentException("postings offset table: " + keys + " keys");
            }
            String name = canonical(r.getUvarintStr());
            String value = canonical(r.getUvarintStr());
            byName.computeIfAbsent(name, k -> new TreeMap<>(GoStrings.ORDER)).put(value, r.getUvarint());
        }
        for (Map.Entry<String, TreeMap<String, Long>> e : byName.entrySet()) {
            TreeMap<String, Long> vs = e.getValue();
            String[] values = vs.keySet().toArray(new String[0]);
            long[] offsets = new long[values.length];
            int i = 0;
            for (long off : vs.values()) {
                offsets[i++] = off;
            }
            postingsOffsets.put(e.getKey(), new Values(values, offsets));
        }
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
