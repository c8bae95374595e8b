package dev.ignis.tsdb.internal.block;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.index.IndexReader;
import dev.ignis.tsdb.internal.index.Postings;
import dev.ignis.tsdb.internal.util.ByteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads a block's {@code index} file, format version 2 ({@code tsdb/docs/format/index.md}):
 * the TOC, the symbol table, the postings offset table, postings lists and series entries.
 * The file is read into memory whole (a later version should map it). Thread-safe once opened:
 * all lookups work on immutable state.
 */
public final class BlockIndex implements IndexReader {

    static final int MAGIC = 0xBAAAD700;
    private static final int TOC_SIZE = 6 * 8 + 4;

    private final byte[] b;
    private final String[] symbols;
    private final Map<String, Map<String, Long>> postingsOffsets = new HashMap<>();

    private BlockIndex(byte[] b) throws IOException {
        this.b = b;
        if (b.length < 5 + TOC_SIZE || be32(0) != MAGIC) {
            throw new IOException("index: bad magic");
        }
        if (b[4] != 2 && b[4] != 1) {
            throw new IOException("index: unsupported version " + b[4]);
        }
        if (b[4] != 2) {
            throw new IOException("index: version 1 (symbol offsets) is not supported yet");
        }
        int tocAt = b.length - TOC_SIZE;
        checkCrc(tocAt, 48, tocAt + 48, "TOC");
        ByteReader toc = new ByteReader().reset(b, tocAt, 48);
        long symbolsAt = toc.getBE64();
        toc.getBE64(); // series
        toc.getBE64(); // label indices (legacy)
        toc.getBE64(); // label offset table (legacy)
        toc.getBE64(); // postings
        long postingsTableAt = toc.getBE64();
        symbols = readSymbols(checkedSection(symbolsAt, "symbols"));
        readPostingsTable(checkedSection(postingsTableAt, "postings offset table"));
    }

    /** Reads and checks an index file. */
    public static BlockIndex open(Path file) throws IOException {
        return new BlockIndex(Files.readAllBytes(file));
    }

    /** Number of symbols. */
    public int symbolCount() {
        return symbols.length;
    }

    @Override
    public long[] postings(String name, String value) {
        Map<String, Long> values = postingsOffsets.get(name);
        Long off = values == null ? null : values.get(value);
        if (off == null) {
            return Postings.EMPTY;
        }
        try {
            ByteReader r = checkedSection(off, "postings " + name + "=" + value);
            int n = r.getBE32();
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
        Map<String, Long> values = postingsOffsets.get(name);
        return values == null || name.isEmpty() ? Collections.emptySet() : values.keySet();
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
        if (at < 0 || at >= b.length) {
            throw new IOException("index: series ref out of range: " + ref);
        }
        try {
            ByteReader r = new ByteReader().reset(b, (int) at, b.length - (int) at);
            int len = (int) r.getUvarint();
            int start = r.position();
            checkCrc(start, len, start + len, "series " + ref);
            r.reset(b, start, len);
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

    private static String[] readSymbols(ByteReader r) {
        int n = r.getBE32();
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.getUvarintStr();
        }
        return out;
    }

    private void readPostingsTable(ByteReader r) {
        int n = r.getBE32();
        for (int i = 0; i < n; i++) {
            long keys = r.getUvarint();
            if (keys != 2) {
                throw new IllegalArgumentException("postings offset table: " + keys + " keys");
            }
            String name = r.getUvarintStr();
            String value = r.getUvarintStr();
            postingsOffsets.computeIfAbsent(name, k -> new HashMap<>()).put(value, r.getUvarint());
        }
    }

    /** A {@code len(4) | payload | CRC32C(payload)} section at {@code at}: a reader over the payload. */
    private ByteReader checkedSection(long at, String what) throws IOException {
        if (at <= 0 || at + 4 > b.length) {
            throw new IOException("index: " + what + " offset out of range");
        }
        int len = be32((int) at);
        int start = (int) at + 4;
        if (len < 0 || start + (long) len + 4 > b.length) {
            throw new IOException("index: " + what + " length out of range");
        }
        checkCrc(start, len, start + len, what);
        return new ByteReader().reset(b, start, len);
    }

    private void checkCrc(int from, int len, int crcAt, String what) throws IOException {
        if (crcAt + 4 > b.length) {
            throw new IOException("index: " + what + " truncated");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, from, len);
        if ((int) crc.getValue() != be32(crcAt)) {
            throw new IOException("index: " + what + " checksum mismatch");
        }
    }

    private int be32(int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
