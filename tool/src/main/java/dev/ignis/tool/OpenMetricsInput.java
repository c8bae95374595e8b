package dev.ignis.tool;

import dev.ignis.api.labels.Labels;
import dev.ignis.scrape.internal.cache.BytesHash;
import dev.ignis.scrape.internal.parse.Entry;
import dev.ignis.scrape.internal.parse.OpenMetricsParser;
import dev.ignis.scrape.internal.parse.ParseException;
import dev.ignis.tsdb.internal.backfill.BackfillSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an OpenMetrics file for backfill with the scraper's own OpenMetrics parser, so the input
 * is judged (and errors worded) as Prometheus's parser does. Each distinct series text is
 * parsed into labels once; later lines of it cost a hash of their bytes.
 */
final class OpenMetricsInput {
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
        byte[] body = Files.readAllBytes(file);
        OpenMetricsParser p = new OpenMetricsParser();
        p.reset(body, 0, body.length);
        BackfillSamples samples = new BackfillSamples();
        SeriesIds ids = new SeriesIds(body);
        Map<Labels, Integer> byLabels = new HashMap<>();
        Labels.Builder lb = Labels.builder(8);
        while (true) {
            Entry e;
            try {
                e = p.next();
            } catch (ParseException ex) {
                throw new InputException("next: " + ex.reason());
            }
            if (e == Entry.EOF) {
                return samples;
            }
            if (e != Entry.SERIES) {
                continue;
            }
            if (!p.hasTimestamp()) {
                throw new InputException("expected timestamp for series got none");
            }
            int off = p.seriesOffset();
            int len = p.seriesLength();
            int id = ids.get(off, len);
            if (id < 0) {
                p.labels(lb);
                Labels labels;
                try {
                    labels = lb.build();
                } catch (IllegalArgumentException ex) {
                    throw new InputException("next: " + ex.getMessage());
                }
                // Differently written texts ({a="1",b="2"} and {b="2",a="1"}) are one series.
                Integer known = byLabels.get(labels);
                id = known != null ? known : samples.addSeries(labels);
                byLabels.putIfAbsent(labels, id);
                ids.put(off, len, id);
            }
            samples.add(id, p.timestamp(), p.value());
        }
    }

    /** Series text (a slice of the file) to series id: open addressing over the slices' first occurrence. */
    private static final class SeriesIds {
        private final byte[] body;
        private int[] offs = new int[1 << 12];
        private int[] lens = new int[1 << 12];
        private int[] ids = new int[1 << 12];
        private int[] hashes = new int[1 << 12];
        private int size;

        SeriesIds(byte[] body) {
            this.body = body;
            Arrays.fill(ids, -1);
        }

        int get(int off, int len) {
            int h = hash(off, len);
            int mask = ids.length - 1;
            for (int i = h & mask; ids[i] >= 0; i = (i + 1) & mask) {
                if (hashes[i] == h && lens[i] == len
                        && Arrays.equals(body, offs[i], offs[i] + len, body, off, off + len)) {
                    return ids[i];
                }
            }
            return -1;
        }

        void put(int off, int len, int id) {
            if (2 * (size + 1) > ids.length) {
                grow();
            }
            insert(hash(off, len), off, len, id);
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

        private int hash(int off, int len) {
            long h = BytesHash.hash(body, off, len);
            return (int) (h ^ (h >>> 32));
        }
    }
}
