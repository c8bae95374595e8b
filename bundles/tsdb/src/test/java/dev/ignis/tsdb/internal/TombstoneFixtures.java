package dev.ignis.tsdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.tsdb.internal.backfill.Backfill;
import dev.ignis.tsdb.internal.backfill.OpenMetricsLines;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Fixtures of {@code prometheus-2.42/tombstones/} (what the real Prometheus 2.42 did:
 * {@code blocks.om} backfilled by promtool into two blocks, then {@code delete_series} of
 * {@code a{job="j1"}} in [1600001000, 1600002000] s and of all of {@code b_total}, then
 * {@code clean_tombstones}; and the WAL of a Prometheus whose head had series deleted) and
 * helpers to compare with them.
 */
final class TombstoneFixtures {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final String FIXTURES = "/prometheus-2.42/tombstones/";
    static final String[] PROMETHEUS_BLOCKS = {"01M8E9F9F56VJF5N2XPJBG4ZVG", "01M8E9F9H0W1R0SXBZV4XFDF3T"};
    static final LabelMatcher ALL = new LabelMatcher(LabelMatcher.Type.REGEX, "__name__", ".+");

    private TombstoneFixtures() {
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = TombstoneFixtures.class.getResourceAsStream(FIXTURES + name)) {
            if (in == null) {
                throw new IOException("no fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static String gunzip(String name) throws IOException {
        try (InputStream in = new GZIPInputStream(TombstoneFixtures.class.getResourceAsStream(FIXTURES + name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** {@code promtool tsdb dump} text as labels -> "t=v" in order. */
    static Map<String, List<String>> parseDump(String text) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int sp2 = line.lastIndexOf(' ');
            int sp1 = line.lastIndexOf(' ', sp2 - 1);
            out.computeIfAbsent(line.substring(0, sp1), k -> new ArrayList<>())
                    .add(line.substring(sp2 + 1) + "=" + Double.parseDouble(line.substring(sp1 + 1, sp2)));
        }
        return out;
    }

    /** Every sample a querier over everything returns, as {@link #parseDump}; series without samples left out. */
    static Map<String, List<String>> dump(Querier q) {
        Map<String, List<String>> out = new TreeMap<>();
        SeriesSet ss = q.select(ALL);
        while (ss.next()) {
            List<String> samples = new ArrayList<>();
            SampleIterator it = ss.iterator();
            while (it.next()) {
                samples.add(it.t() + "=" + it.v());
            }
            if (!samples.isEmpty()) {
                out.put(ss.labels().toString(), samples);
            }
        }
        return out;
    }

    static Map<String, List<String>> dump(Tsdb db) {
        try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
            return dump(q);
        }
    }

    /** promtool's dump of a data directory, or null when promtool is not installed. */
    static Map<String, List<String>> promtoolDump(Path data) throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            return null;
        }
        Files.createDirectories(data.resolve("wal")); // promtool opens the head too
        Path out = Files.createTempFile("dump", ".txt");
        try {
            Process p = new ProcessBuilder(PROMTOOL.toString(), "tsdb", "dump", data.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "promtool tsdb dump " + data);
            return parseDump(Files.readString(out));
        } finally {
            Files.delete(out);
        }
    }

    /** {@code blocks.om} backfilled by Ignis into {@code tmp/data}: the same two blocks (same index bytes) as promtool wrote. */
    static Path backfilledInto(Path tmp) throws IOException {
        Path data = tmp.resolve("data");
        List<BlockMeta> metas = Backfill.createBlocks(OpenMetricsLines.parse(gunzip("blocks.om.gz")), data, 0, m -> { });
        assertEquals(2, metas.size());
        return data;
    }

    /**
     * {@link #backfilledInto} with each block's {@code tombstones} replaced by its Prometheus
     * twin's, which deletes whole series and ranges.
     */
    static Path backfilledWithPrometheusTombstones(Path tmp) throws IOException {
        Path data = backfilledInto(tmp);
        try (Tsdb db = Tsdb.open(TsdbOptions.defaults(data))) {
            for (Block b : db.blocks()) {
                Files.write(b.dir().resolve("tombstones"), resource("deleted/" + prometheusTwin(b) + "/tombstones"));
            }
        }
        return data;
    }

    /** The Prometheus block fixture with the same min time as {@code b}. */
    static String prometheusTwin(Block b) throws IOException {
        for (String u : PROMETHEUS_BLOCKS) {
            String meta = new String(resource("deleted/" + u + "/meta.json"), StandardCharsets.UTF_8);
            if (meta.contains("\"minTime\": " + b.meta().minTime() + ",")) {
                return u;
            }
        }
        throw new AssertionError("no twin for " + b.meta());
    }
}
