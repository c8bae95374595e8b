package dev.ignis.tool;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.cache.BytesHash;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.OpenMetricsParser;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.tsdb.internal.backfill.BackfillSamples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads an OpenMetrics file for backfill with the scraper's own OpenMetrics parser, so the input
 * is judged (and errors worded) as Prometheus's parser does.
 *
 * <p>The file is parsed in parts, in parallel: each part ends after a newline, and every line
 * of OpenMetrics is lexed alike wherever it starts (no token spans lines, nothing a line means
 * depends on the lines before it in 2.42's parser), so a part is parsed on its own with a
 * {@code # EOF} line put after it, which ends it as the rest of the file would: cleanly when
 * the part ends with an ordinary line, with "unexpected data after # EOF" when it ends with the
 * file's {@code # EOF} too early. The last part is the file's own end. The first error of the
 * lowest part that has one is the first error of the whole file. Each part keeps its samples in
 * primitive columns; each distinct series text is parsed into labels once per reading thread,
 * later lines of it cost a hash of their bytes. The file is read in parts, never whole.
 */
final class OpenMetricsInput {
    /** Bytes read for one part (more when a line is longer). */
    static final int PART_BYTES = 4 << 20;
    private static final byte[] EOF_LINE = "# EOF".getBytes(StandardCharsets.US_ASCII);

    /** Input promtool would refuse, with its message. */
    static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }

    private OpenMetricsInput() {
    }

    static BackfillSamples read(Path file) throws IOException, InputException {
        return read(file, PART_BYTES, Runtime.getRuntime().availableProcessors());
    }

    /** Reads with parts of about {@code partBytes} bytes on up to {@code threads} threads. */
    static BackfillSamples read(Path file, int partBytes, int threads) throws IOException, InputException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parts parts = new Parts(ch, partBytes);
            long expected = ch.size() / partBytes + 1;
            int n = (int) Math.max(1, Math.min(threads, expected));
            List<Reader> readers = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                readers.add(new Reader(parts, partBytes));
            }
            run(readers);
            return merge(parts);
        }
    }

    /** Runs the readers, the calling thread being one of them. */
    private static void run(List<Reader> readers) throws IOException {
        if (readers.size() == 1) {
            readers.get(0).call();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(readers.size() - 1, r -> {
            Thread t = new Thread(r, "backfill-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> others = new ArrayList<>();
            for (int i = 1; i < readers.size(); i++) {
                others.add(pool.submit(readers.get(i)));
            }
            readers.get(0).call();
            for (Future<Void> f : others) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The first error in file order, or the samples, parts in order. */
    private static BackfillSamples merge(Parts parts) throws InputException {
        for (Part p : parts.done) {
            if (p.error != null) {
                throw new InputException(p.error);
            }
        }
        BackfillSamples samples = new BackfillSamples();
        for (Labels l : parts.series.labels) {
            samples.addSeries(l);
        }
        for (Part p : parts.done) {
            samples.addAll(p.ids, p.ts, p.vs, p.n, p.minT, p.maxT);
        }
        return samples;
    }

    /**
     * Series ids shared by the readers, in the order the series were first met. Differently
     * written texts ({a="1",b="2"} and {b="2",a="1"}) are one series. Asked once per distinct
     * text per reader.
     */
    private static final class SeriesRegistry {
        final List<Labels> labels = new ArrayList<>();
        private final Map<Labels, Integer> ids = new HashMap<>();

        synchronized int id(Labels l) {
            Integer id = ids.get(l);
            if (id == null) {
                id = labels.size();
                labels.add(l);
                ids.put(l, id);
            }
            return id;
        }
    }

    /** One part's outcome: its samples and their time range, or its first error. */
    private static final class Part {
        int[] ids;
        long[] ts;
        double[] vs;
        int n;
        long minT = Long.MAX_VALUE;
        long maxT = Long.MIN_VALUE;
        String error;
    }

    /** Hands out the file's parts in order; records them by number. */
    private static final class Parts {
        private final FileChannel ch;
        private final long size;
        private final int partBytes;
        private long next;
        private boolean last;
        private boolean failed;
        final List<Part> done = new ArrayList<>();
        final SeriesRegistry series = new SeriesRegistry();

        Parts(FileChannel ch, int partBytes) throws IOException {
            this.ch = ch;
            this.size = ch.size();
            this.partBytes = partBytes;
        }

        /**
         * Reads the next part into {@code r}'s buffer: {@code r.len} bytes ending after a newline,
         * or at the end of the file ({@code r.last}). Null when there is none, or when a part
         * already failed (later parts cannot matter).
         */
        synchronized Part next(Reader r) throws IOException {
            if (last || failed) {
                return null;
            }
            long start = next;
            int len = 0;
            int cut;
            while (true) {
                int want = (int) Math.min(partBytes, size - start - len);
                r.ensure(len + want + EOF_LINE.length);
                ByteBuffer bb = ByteBuffer.wrap(r.buf, len, want);
                while (bb.hasRemaining()) {
                    if (ch.read(bb, start + bb.position()) < 0) {
                        throw new IOException("file shrank while reading");
                    }
                }
                len += want;
                if (start + len >= size) {
                    last = true;
                    cut = len;
                    break;
                }
                cut = lastNewline(r.buf, len - want, len);
                if (cut > 0) {
                    break;
                }
            }
            next = start + cut;
            r.len = cut;
            r.last = last;
            Part p = new Part();
            done.add(p);
            return p;
        }

        synchronized void failed() {
            failed = true;
        }

        /** One past the last newline in [from, to), or 0 when there is none. */
        private static int lastNewline(byte[] b, int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (b[i] == '\n') {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    /** Parses parts on one thread, with its own parser, buffers and series texts. */
    private static final class Reader implements java.util.concurrent.Callable<Void> {
        private final Parts parts;
        private final OpenMetricsParser p = new OpenMetricsParser();

        {
            // A file lists a series' samples one after the other, as promtool's own dumps do.
            p.reuseRepeatedSeries(true);
        }

        private final Labels.Builder lb = Labels.builder(8);
        private final SeriesIds ids = new SeriesIds();
        byte[] buf;
        int len;
        boolean last;
        // The current part's columns, copied out exactly when it is done.
        private int[] sIds = new int[1024];
        private long[] sTs = new long[1024];
        private double[] sVs = new double[1024];

        Reader(Parts parts, int partBytes) {
            this.parts = parts;
            this.buf = new byte[(int) Math.min(Integer.MAX_VALUE - 16, (long) partBytes + EOF_LINE.length)];
        }

        void ensure(int capacity) {
            if (buf.length < capacity) {
                buf = Arrays.copyOf(buf, Math.max(capacity, (int) Math.min(Integer.MAX_VALUE - 16, 2L * buf.length)));
            }
        }

        @Override
        public Void call() throws IOException {
            Part part;
            while ((part = parts.next(this)) != null) {
                int n = len;
                if (!last) {
                    System.arraycopy(EOF_LINE, 0, buf, n, EOF_LINE.length);
                    n += EOF_LINE.length;
                }
                part.error = parse(part, n);
                if (part.error != null) {
                    parts.failed();
                }
            }
            return null;
        }

        /** Parses {@code buf[0, n)} into the part; returns promtool's message for its first error, or null. */
        private String parse(Part part, int n) {
            p.reset(buf, 0, n);
            int count = 0;
            int last = -1;
            long minT = Long.MAX_VALUE;
            long maxT = Long.MIN_VALUE;
            try {
                while (true) {
                    Entry e;
                    try {
                        e = p.next();
                    } catch (ParseException ex) {
                        return "next: " + ex.reason();
                    }
                    if (e == Entry.EOF) {
                        break;
                    }
                    if (e != Entry.SERIES) {
                        continue;
                    }
                    if (!p.hasTimestamp()) {
                        return "expected timestamp for series got none";
                    }
                    int off = p.seriesOffset();
                    int slen = p.seriesLength();
                    int id = p.seriesRepeated() ? last : ids.get(buf, off, slen);
                    if (id < 0) {
                        p.labels(lb);
                        try {
                            id = parts.series.id(lb.build());
                        } catch (IllegalArgumentException ex) {
                            return "next: " + ex.getMessage();
                        }
                        ids.put(buf, off, slen, id);
                    }
                    if (count == sIds.length) {
                        sIds = Arrays.copyOf(sIds, count * 2);
                        sTs = Arrays.copyOf(sTs, count * 2);
                        sVs = Arrays.copyOf(sVs, count * 2);
                    }
                    last = id;
                    long t = p.timestamp();
                    minT = Math.min(minT, t);
                    maxT = Math.max(maxT, t);
                    sIds[count] = id;
                    sTs[count] = t;
                    sVs[count] = p.value();
                    count++;
                }
            } finally {
                part.ids = Arrays.copyOf(sIds, count);
                part.ts = Arrays.copyOf(sTs, count);
                part.vs = Arrays.copyOf(sVs, count);
                part.n = count;
                part.minT = minT;
                part.maxT = maxT;
            }
            return null;
        }
    }

    /**
     * Series text to series id, open addressing; the texts are copied into an arena, as the
     * part buffer they were read from is reused.
     */
    private static final class SeriesIds {
        private byte[] arena = new byte[1 << 14];
        private int arenaLen;
        private int[] offs = new int[1 << 12];
        private int[] lens = new int[1 << 12];
        private int[] ids = new int[1 << 12];
        private int[] hashes = new int[1 << 12];
        private int size;

        SeriesIds() {
            Arrays.fill(ids, -1);
        }

        int get(byte[] b, int off, int len) {
            int h = hash(b, off, len);
            int mask = ids.length - 1;
            for (int i = h & mask; ids[i] >= 0; i = (i + 1) & mask) {
                if (hashes[i] == h && lens[i] == len
                        && Arrays.equals(arena, offs[i], offs[i] + len, b, off, off + len)) {
                    return ids[i];
                }
            }
            return -1;
        }

        void put(byte[] b, int off, int len, int id) {
            if (2 * (size + 1) > ids.length) {
                grow();
            }
            if (arenaLen + len > arena.length) {
                arena = Arrays.copyOf(arena, Math.max(arenaLen + len, arena.length * 2));
            }
            System.arraycopy(b, off, arena, arenaLen, len);
            insert(hash(b, off, len), arenaLen, len, id);
            arenaLen += len;
            size++;
        }

        private void insert(int h, int off, int len, int id) {
            int mask = ids.length - 1;
            int i = h & mask;
            while (ids[i] >= 0) {
                i = (i + 1) & mask;
            }
            offs[i] = off;
            lens[i] = len;
            ids[i] = id;
            hashes[i] = h;
        }

        private void grow() {
            int[] o = offs;
            int[] l = lens;
            int[] d = ids;
            int[] hs = hashes;
            offs = new int[o.length * 2];
            lens = new int[o.length * 2];
            ids = new int[o.length * 2];
            hashes = new int[o.length * 2];
            Arrays.fill(ids, -1);
            for (int i = 0; i < d.length; i++) {
                if (d[i] >= 0) {
                    insert(hs[i], o[i], l[i], d[i]);
                }
            }
        }

        private static int hash(byte[] b, int off, int len) {
            long h = BytesHash.hash(b, off, len);
            return (int) (h ^ (h >>> 32));
        }
    }
}
