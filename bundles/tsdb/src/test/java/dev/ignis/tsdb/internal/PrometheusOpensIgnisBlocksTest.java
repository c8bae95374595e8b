package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ignis.api.labels.Labels;
import dev.ignis.api.storage.Appender;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.MetaFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus 2.42 started on a data directory Ignis wrote: blocks cut from the head and
 * the head, or blocks Ignis compacted to higher levels.
 */
class PrometheusOpensIgnisBlocksTest {


    @TempDir
    Path dir;

    @Test
    void prometheusCountsEverySampleOfTheBlockAndTheHead() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        long now = System.currentTimeMillis();
        long t0 = now - 4 * 3_600_000L;
        int samples = 4 * 60;
        Path data = dir.resolve("data");
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            for (int i = 0; i < samples; i++) {
                Appender app = db.appender();
                for (int s = 0; s < 3; s++) {
                    app.append(0, Labels.of("__name__", "ignis_cut", "series", "s" + s), t0 + i * 60_000L, s * 1000 + i);
                }
                app.commit();
            }
            assertTrue(db.compactor().compactHead() >= 1);
        }
        try (RealPrometheus prometheus = new RealPrometheus(dir, data)) {
            double at = (t0 + (samples - 1) * 60_000L) / 1000.0;
            String body = prometheus.query("count_over_time(ignis_cut{series=\"s1\"}[5h])", at);
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9]+)\"\\]").matcher(body);
            assertTrue(m.find(), body);
            assertEquals(samples, Integer.parseInt(m.group(1)), body);
            String log = prometheus.log();
            assertTrue(!log.contains("level=error") && !log.contains("corrupt"), log);
        }
    }

    @Test
    void prometheusReadsBlocksIgnisCompacted() throws Exception {
        assumeTrue(Files.isExecutable(RealPrometheus.BINARY), "prometheus 2.42 not installed");
        long sixHours = 6 * 3_600_000L;
        long now = System.currentTimeMillis();
        long t0 = Math.floorDiv(now - 16 * 3_600_000L, sixHours) * sixHours;
        int samples = (int) ((now - 60_000 - t0) / 60_000);
        Path data = dir.resolve("data");
        List<String> levels = new ArrayList<>();
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            for (int i = 0; i < samples; i++) {
                Appender app = db.appender();
                for (int s = 0; s < 3; s++) {
                    app.append(0, Labels.of("__name__", "ignis_compacted", "series", "s" + s), t0 + i * 60_000L, s * 1000 + i);
                }
                app.commit();
            }
            assertTrue(db.compactor().compactHead() >= 5);
            assertTrue(db.blockLifecycle().compactBlocks() >= 1);
            for (Block b : db.blocks()) {
                levels.add(b.meta().minTime() + ":" + MetaFile.read(b.dir()).compaction().level());
            }
            // [t0, t0 + 6h) and [t0 + 6h, t0 + 12h) at level 2 at least (level 3 when t0 starts an
            // 18h range and the head reached far enough), later blocks as cut.
            assertTrue(levels.get(0).startsWith(t0 + ":") && !levels.get(0).endsWith(":1"), levels.toString());
            assertTrue(levels.stream().filter(l -> !l.endsWith(":1")).count() >= 1, levels.toString());
        }
        try (RealPrometheus prometheus = new RealPrometheus(dir, data)) {
            double at = (t0 + (samples - 1) * 60_000L) / 1000.0;
            String body = prometheus.query("count_over_time(ignis_compacted{series=\"s2\"}[1d])", at);
            Matcher m = Pattern.compile("\"value\":\\[[0-9.]+,\"([0-9]+)\"\\]").matcher(body);
            assertTrue(m.find(), body);
            assertEquals(samples, Integer.parseInt(m.group(1)), body);
            body = prometheus.query("sum(ignis_compacted)", (t0 + 3_600_000L) / 1000.0);
            assertTrue(body.contains("\"" + (60 + 1060 + 2060) + "\""), body);
            String log = prometheus.log();
            assertTrue(!log.contains("level=error") && !log.contains("corrupt") && !log.contains("overlapping"), log);
        }
    }
}
