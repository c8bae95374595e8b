package dev.ignis.scrape.internal.cache;

import dev.ignis.scrape.internal.parse.ExpositionParser;
import dev.ignis.scrape.internal.parse.MetricKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A target's metric metadata (HELP, TYPE, UNIT per family name), kept as Prometheus's scrape
 * cache keeps it: updated from every scrape, looked up by the raw name bytes so an unchanged
 * line allocates nothing, and forgotten 10 scrapes after the family was last seen.
 *
 * <p>Written by the target's scrape loop and read by API threads: every method synchronizes
 * on this object (uncontended on the scrape path).
 */
public final class MetadataCache {
    private static final int KEEP_ITERATIONS = 10;

    /** One family's metadata; raw bytes kept to detect changes without decoding. */
    private static final class Meta {
        final long hash;
        final byte[] name;
        MetricKind kind = MetricKind.UNKNOWN;
        byte[] rawHelp = new byte[0];
        String help = "";
        String unit = "";
        long lastIter;
        long lastIterChange;

        Meta(long hash, byte[] name) {
            this.hash = hash;
            this.name = name;
        }
    }

    private Meta[] table = new Meta[64];
    private int size;

    /** Records the TYPE line the parser is on, seen in scrape {@code iter}. */
    public synchronized void setType(ExpositionParser p, long iter) {
        Meta m = entry(p.buffer(), p.nameOffset(), p.nameLength(), iter);
        if (m.kind != p.type()) {
            m.kind = p.type();
            m.lastIterChange = iter;
        }
    }

    /** Records the HELP line the parser is on; the text is decoded only when it changed. */
    public synchronized void setHelp(ExpositionParser p, long iter) {
        byte[] b = p.buffer();
        Meta m = entry(b, p.nameOffset(), p.nameLength(), iter);
        int off = p.textOffset();
        int len = p.textLength();
        if (!Arrays.equals(m.rawHelp, 0, m.rawHelp.length, b, off, off + len)) {
            m.rawHelp = Arrays.copyOfRange(b, off, off + len);
            m.help = p.help();
            m.lastIterChange = iter;
        }
    }

    /** Records the UNIT line the parser is on. */
    public synchronized void setUnit(ExpositionParser p, long iter) {
        byte[] b = p.buffer();
        Meta m = entry(b, p.nameOffset(), p.nameLength(), iter);
        if (!equalsAscii(m.unit, b, p.textOffset(), p.textLength())) {
            m.unit = p.unit();
            m.lastIterChange = iter;
        }
    }

    /** Number of families known. */
    public synchronized int size() {
        return size;
    }

    /** The metadata of one family, or null. */
    public synchronized MetricMetadata get(String metric) {
        byte[] k = metric.getBytes(StandardCharsets.UTF_8);
        Meta m = find(k, 0, k.length, BytesHash.hash(k, 0, k.length));
        return m == null ? null : toRecord(m);
    }

    /** All families, sorted by name. */
    public synchronized List<MetricMetadata> list() {
        List<MetricMetadata> out = new ArrayList<>(size);
        for (Meta m : table) {
            if (m != null) {
                out.add(toRecord(m));
            }
        }
        out.sort(Comparator.comparing(MetricMetadata::metric));
        return out;
    }

    /** Ends scrape {@code iter}; when flushing, forgets families unseen for more than 10 scrapes. */
    synchronized void iterDone(long iter, boolean flush) {
        if (!flush) {
            return;
        }
        boolean expired = false;
        for (Meta m : table) {
            if (m != null && iter - m.lastIter > KEEP_ITERATIONS) {
                expired = true;
                break;
            }
        }
        if (!expired) {
            return;
        }
        Meta[] old = table;
        table = new Meta[old.length];
        size = 0;
        for (Meta m : old) {
            if (m != null && iter - m.lastIter <= KEEP_ITERATIONS) {
                place(m);
            }
        }
    }

    private Meta entry(byte[] b, int off, int len, long iter) {
        long h = BytesHash.hash(b, off, len);
        Meta m = find(b, off, len, h);
        if (m == null) {
            m = new Meta(h, Arrays.copyOfRange(b, off, off + len));
            m.lastIterChange = iter;
            if ((size + 1) * 2 > table.length) {
                Meta[] old = table;
                table = new Meta[old.length * 2];
                size = 0;
                for (Meta o : old) {
                    if (o != null) {
                        place(o);
                    }
                }
            }
            place(m);
        }
        m.lastIter = iter;
        return m;
    }

    private Meta find(byte[] b, int off, int len, long h) {
        int mask = table.length - 1;
        for (int s = (int) h & mask; ; s = (s + 1) & mask) {
            Meta m = table[s];
            if (m == null) {
                return null;
            }
            if (m.hash == h && Arrays.equals(m.name, 0, m.name.length, b, off, off + len)) {
                return m;
            }
        }
    }

    private void place(Meta m) {
        int mask = table.length - 1;
        int s = (int) m.hash & mask;
        while (table[s] != null) {
            s = (s + 1) & mask;
        }
        table[s] = m;
        size++;
    }

    private static boolean equalsAscii(String s, byte[] b, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != (b[off + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    private static MetricMetadata toRecord(Meta m) {
        return new MetricMetadata(new String(m.name, StandardCharsets.UTF_8), m.kind.text(), m.help, m.unit);
    }
}
