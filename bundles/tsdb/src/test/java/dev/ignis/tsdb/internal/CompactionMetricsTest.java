package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import dev.ignis.api.storage.Appender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code prometheus_tsdb_compaction*} families: the chunk histograms observed for the chunks
 * of level-1 blocks (head cuts), compared with what a real Prometheus 2.42 reports after cutting
 * the same samples, and the other compaction families' names, types, help texts and buckets.
 */
class CompactionMetricsTest {

    static final long HOUR = 3_600_000L;
    static final long STEP = 15_000;

    @TempDir
    Path dir;

    /** Families exposed by Ignis: name -> "type help", and samples by name{labels}. */
    record Exposition(Map<String, String> families, Map<String, Double> samples) {
        static boolean compaction(String family) {
            return family.startsWith("prometheus_tsdb_compaction") || family.startsWith("prometheus_tsdb_compactions_")
                    || family.equals("prometheus_tsdb_vertical_compactions_total");
        }

        static Exposition of(Tsdb db) {
            Map<String, String> families = new TreeMap<>();
            Map<String, Double> samples = new TreeMap<>();
            String[] current = new String[1];
            TsdbMetrics.collect(db, new MetricWriter() {
                @Override
                public void family(String name, MetricType type, String help) {
                    current[0] = compaction(name) ? name : null;
                    if (current[0] != null) {
                        families.put(name, type.text() + " " + help);
                    }
                }

                @Override
                public void sample(String name, Labels labels, double value) {
                    if (current[0] != null) {
                        samples.put(labels.isEmpty() ? name : name + labels, value);
                    }
                }
            });
            return new Exposition(families, samples);
        }

        /** Every sample of Prometheus's text format, by name{labels}. */
        static Map<String, Double> parseAll(String text) {
            Map<String, Double> samples = new TreeMap<>();
            for (String line : text.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    int sp = line.lastIndexOf(' ');
                    samples.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
                }
            }
            return samples;
        }

        /** Parses Prometheus's text format, keeping the compaction families. */
        static Exposition parse(String text) {
            Map<String, String> help = new TreeMap<>();
            Map<String, String> families = new TreeMap<>();
            Map<String, Double> samples = new TreeMap<>();
            String current = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# HELP ")) {
                    String[] p = line.split(" ", 4);
                    help.put(p[2], p[3]);
                } else if (line.startsWith("# TYPE ")) {
                    String[] p = line.split(" ", 4);
                    current = compaction(p[2]) ? p[2] : null;
                    if (current != null) {
                        families.put(p[2], p[3] + " " + help.get(p[2]));
                    }
                } else if (current != null && !line.isEmpty()) {
                    int sp = line.lastIndexOf(' ');
                    samples.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
                }
            }
            return new Exposition(families, samples);
        }
    }

    static double value(int s, int i) {
        // Varied deltas, so that chunks differ in size.
        return s * 100 + i * 0.25 + (i % 7) * (s + 1) + (i % 13 == 0 ? 1e6 : 0);
    }

    static Labels[] series(int n) {
        Labels[] l = new Labels[n];
        for (int s = 0; s < n; s++) {
            l[s] = Labels.of("__name__", "compaction_metrics_test", "series", "s" + s);
        }
        return l;
    }

    static void append(Tsdb db, Labels[] series, long t0, int samples) throws Exception {
        for (int i = 0; i < samples; i++) {
            Appender app = db.appender();
            for (int s = 0; s < series.length; s++) {
                app.append(0, series[s], t0 + i * STEP, value(s, i));
            }
            app.commit();
        }
    }

    @Test
    void headCutObservesEachChunkOfTheBlock() throws Exception {
        // One series over 4h from a 2h boundary: the cut block [t0, t0 + 2h) holds 480 samples in
        // four chunks of 120 samples, each spanning 119 steps.
        long t0 = 1_700_006_400_000L;
        assertEquals(0, t0 % (2 * HOUR));
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir))) {
            append(db, series(1), t0, (int) (4 * HOUR / STEP));
            Exposition before = Exposition.of(db);
            assertEquals(0.0, before.samples().get("prometheus_tsdb_compaction_chunk_samples_count"));
            assertEquals(1, db.compactor().compactHead());
            Map<String, Double> m = Exposition.of(db).samples();
            assertEquals(4.0, m.get("prometheus_tsdb_compaction_chunk_samples_count"));
            assertEquals(480.0, m.get("prometheus_tsdb_compaction_chunk_samples_sum"));
            assertEquals(0.0, m.get("prometheus_tsdb_compaction_chunk_samples_bucket{le=\"102.515625\"}"));
            assertEquals(4.0, m.get("prometheus_tsdb_compaction_chunk_samples_bucket{le=\"153.7734375\"}"));
            assertEquals(4.0, m.get("prometheus_tsdb_compaction_chunk_range_seconds_count"));
            // Milliseconds, as 2.42 observes them.
            assertEquals(4 * 119 * STEP, m.get("prometheus_tsdb_compaction_chunk_range_seconds_sum"));
            assertEquals(0.0, m.get("prometheus_tsdb_compaction_chunk_range_seconds_bucket{le=\"1.6384e+06\"}"));
            assertEquals(4.0, m.get("prometheus_tsdb_compaction_chunk_range_seconds_bucket{le=\"6.5536e+06\"}"));
            assertEquals(4.0, m.get("prometheus_tsdb_compaction_chunk_size_bytes_count"));
            // Each chunk in chunks/000001: 8-byte header, then len (2-byte uvarint) | encoding | data | CRC.
            long file = Files.size(db.blocks().get(0).dir().resolve("chunks/000001"));
            assertEquals(file - 8 - 4 * (2 + 1 + 4), m.get("prometheus_tsdb_compaction_chunk_size_bytes_sum"));
            assertEquals(1.0, m.get("prometheus_tsdb_compactions_total"));
            assertEquals(1.0, m.get("prometheus_tsdb_compaction_duration_seconds_count"));
        }
    }

    @Test
    void chunkHistogramsAndCompactionFamiliesMatchPrometheusCuttingTheSameSamples() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        Labels[] series = series(6);
        int samples = (int) (4 * HOUR / STEP);
        // Recent enough for Prometheus's head, from a 2h boundary: one block is cut, [t0, t0 + 2h).
        long t0 = (System.currentTimeMillis() - 6 * HOUR) / (2 * HOUR) * (2 * HOUR);
        Exposition theirs;
        Path work = Files.createDirectories(dir.resolve("prom"));
        try (RealPrometheus prometheus = new RealPrometheus(work, dir.resolve("prom-data"),
                "--web.enable-remote-write-receiver")) {
            for (int from = 0; from < samples; from += 60) {
                byte[] body = RemoteWriteBodies.request(series, t0, STEP, from, Math.min(samples, from + 60),
                        CompactionMetricsTest::value);
                assertEquals(204, prometheus.post("/api/v1/write", body, RemoteWriteBodies.headers()), prometheus.log());
            }
            // A commit leaving the head compactable triggers its compaction.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            do {
                theirs = Exposition.parse(prometheus.metrics());
                if (theirs.samples().get("prometheus_tsdb_compactions_total") >= 1) {
                    break;
                }
                Thread.sleep(200);
            } while (System.nanoTime() < deadline);
            assertEquals(1.0, theirs.samples().get("prometheus_tsdb_compactions_total"), prometheus.log());
        }
        Exposition ours;
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(dir.resolve("ignis-data")))) {
            append(db, series, t0, samples);
            assertEquals(1, db.compactor().compactHead());
            ours = Exposition.of(db);
        }
        assertEquals(theirs.families(), ours.families(), "names, types and help texts");
        assertEquals(theirs.samples().keySet(), ours.samples().keySet(), "samples and buckets");
        int compared = 0;
        for (Map.Entry<String, Double> e : theirs.samples().entrySet()) {
            String k = e.getKey();
            // Run times differ; Prometheus counts a trigger per compactable commit, Ignis per run.
            if (k.startsWith("prometheus_tsdb_compaction_duration_seconds") || k.startsWith("prometheus_tsdb_compactions_triggered")) {
                continue;
            }
            assertEquals(e.getValue(), ours.samples().get(k), k);
            compared++;
        }
        assertTrue(theirs.samples().get("prometheus_tsdb_compaction_chunk_size_bytes_count") > 6 * 4 - 1);
        assertTrue(compared > 40, "compared " + compared);
    }
}
