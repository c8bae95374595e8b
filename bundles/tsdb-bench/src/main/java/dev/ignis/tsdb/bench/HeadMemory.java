package dev.ignis.tsdb.bench;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.head.HeadOptions;
import dev.ignis.tsdb.internal.headchunks.HeadChunkMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * Heap bytes per head series: N series of node-exporter-like labels, S samples each at a 15 s
 * interval, measured as the difference in used heap after full GCs.
 * Usage: {@code HeadMemory [series=100000] [samplesPerSeries=120] [chunksHeadDir]}: with a
 * directory, completed chunks go to {@code chunks_head/} there (as in a data directory) and
 * only their references stay on the heap; without, they stay on the heap. With
 * {@code -Dhisto=N}, the top N classes of the live heap follow (the head is still reachable).
 */
public final class HeadMemory {

    private HeadMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        long before = usedAfterGc();
        // Labels are built after the baseline: their strings are part of what the head holds.
        Labels[] ls = new Labels[n];
        for (int i = 0; i < n; i++) {
            ls[i] = Labels.of("__name__", "node_metric_" + (i % 500), "job", "node", "instance",
                    "host-" + (i / 500) + ".example.org:9100", "mode", Integer.toString(i % 7));
        }
        Head head = new Head(HeadOptions.defaults());
        HeadChunkMapper mapper = null;
        if (args.length > 2) {
            mapper = HeadChunkMapper.open(Path.of(args[2]));
            head.loadMapped(mapper);
        }
        long[] refs = new long[n];
        for (int s = 0; s < samples; s++) {
            Appender app = head.appender();
            for (int i = 0; i < n; i++) {
                refs[i] = app.append(refs[i], ls[i], 1_700_000_000_000L + s * 15_000L, (s * 31 + i) % 1000 * 0.5);
            }
            app.commit();
        }
        ls = null;
        long after = usedAfterGc();
        int histo = Integer.getInteger("histo", 0);
        if (histo > 0) {
            printHistogram(histo + 3, n);
        }
        System.out.printf("series=%d samples_per_series=%d head_bytes=%d bytes_per_series=%.0f chunks=%d%n",
                n, samples, after - before, (after - before) / (double) n, head.metrics().chunks.get());
        if (head.numSeries() != n) {
            throw new IllegalStateException("BUG: series count");
        }
        if (mapper != null) {
            System.out.printf("chunks_head_bytes=%d%n", mapper.size());
            mapper.close();
        }
    }

    /** The first {@code lines} lines of the live-heap class histogram, bytes per series appended. */
    private static void printHistogram(int lines, int n) throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        String[] rows = text.toString().split("\n");
        for (int i = 0; i < Math.min(lines, rows.length); i++) {
            String[] f = rows[i].trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                System.out.printf("%s %8.1f B/series%n", rows[i], Long.parseLong(f[2]) / (double) n);
            } else {
                System.out.println(rows[i]);
            }
        }
    }

    private static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
