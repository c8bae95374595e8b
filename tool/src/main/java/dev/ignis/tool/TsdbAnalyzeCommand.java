package dev.ignis.tool;

import dev.ignis.api.labels.Labels;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockIndex;
import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ignistool tsdb analyze [<db path>] [<block id>]}: promtool 2.42's churn and cardinality
 * report of one block (default the last). Equal counts are ordered by name here; promtool's order
 * among equal counts is arbitrary. {@code --extended} is not implemented.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true, description = "Analyze churn, label pair cardinality.")
final class TsdbAnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<db path>", defaultValue = "data/",
            description = "Database path (default is data/).")
    Path dbPath;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<block id>",
            description = "Block to analyze (default is the last block).")
    String blockId;

    @Option(names = "--limit", defaultValue = "20", description = "How many items to show in each list.")
    int limit;

    @Option(names = "--extended", description = "Run extended analysis.")
    boolean extended;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Path> dirs = TsdbListCommand.blockDirs(dbPath);
            Path chosen = null;
            if (blockId == null) {
                if (!dirs.isEmpty()) {
                    chosen = dirs.get(dirs.size() - 1);
                }
            } else {
                for (Path d : dirs) {
                    if (d.getFileName().toString().equals(blockId)) {
                        chosen = d;
                    }
                }
            }
            if (chosen == null) {
                err.println(blockId == null ? "no blocks found" : "block " + blockId + " not found");
                return 1;
            }
            try (Block b = Block.open(chosen)) {
                analyze(b, out);
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private void analyze(Block b, PrintWriter out) throws IOException {
        BlockMeta meta = b.meta();
        long span = meta.maxTime() - meta.minTime();
        Map<String, Long> pairUncovered = new HashMap<>();
        Map<String, Long> nameUncovered = new HashMap<>();
        Map<String, Long> pairCount = new HashMap<>();
        Map<String, Set<String>> values = new HashMap<>();
        Map<String, Long> metricCount = new HashMap<>();
        long series = 0;
        long entries = 0;
        BlockIndex index = b.index();
        for (long ref : index.allPostings()) {
            BlockIndex.Series s = index.series(ref);
            series++;
            int n = s.chunkRefs().length;
            long uncovered = n == 0 ? span : span - (s.maxT()[n - 1] - s.minT()[0]);
            Labels l = s.labels();
            for (int i = 0; i < l.size(); i++) {
                String pair = l.name(i) + "=" + l.value(i);
                pairUncovered.merge(pair, uncovered, Long::sum);
                nameUncovered.merge(l.name(i), uncovered, Long::sum);
                pairCount.merge(pair, 1L, Long::sum);
                values.computeIfAbsent(l.name(i), k -> new HashSet<>()).add(l.value(i));
                entries++;
            }
            String metric = l.get(Labels.METRIC_NAME);
            if (metric != null) {
                metricCount.merge(metric, 1L, Long::sum);
            }
        }
        long pairs = 0;
        Map<String, Long> valueLength = new HashMap<>();
        Map<String, Long> cardinality = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : values.entrySet()) {
            pairs += e.getValue().size();
            long len = 0;
            for (String v : e.getValue()) {
                len += v.getBytes(StandardCharsets.UTF_8).length;
            }
            valueLength.put(e.getKey(), len);
            cardinality.put(e.getKey(), (long) e.getValue().size());
        }
        out.println("Block ID: " + meta.ulid());
        out.println("Duration: " + GoDuration.format(span));
        out.println("Series: " + series);
        out.println("Label names: " + values.size());
        out.println("Postings (unique label pairs): " + pairs);
        out.println("Postings entries (total label pairs): " + entries);
        section(out, "Label pairs most involved in churning:", perBlock(pairUncovered, span));
        section(out, "Label names most involved in churning:", perBlock(nameUncovered, span));
        section(out, "Most common label pairs:", pairCount);
        section(out, "Label names with highest cumulative label value length:", valueLength);
        section(out, "Highest cardinality labels:", cardinality);
        section(out, "Highest cardinality metric names:", metricCount);
        if (extended) {
            compaction(b, out);
        }
    }

    /** Samples per chunk against a full chunk of 120, in tenths, each as a bar of one '#' per whole percent. */
    private static void compaction(Block b, PrintWriter out) throws IOException {
        int full = 120;
        long[] buckets = new long[10];
        long chunks = 0;
        BlockIndex index = b.index();
        for (long ref : index.allPostings()) {
            for (long chunkRef : index.series(ref).chunkRefs()) {
                byte[] data = b.chunks().chunk(chunkRef).data();
                int samples = Math.min(((data[0] & 0xff) << 8) | (data[1] & 0xff), full);
                buckets[Math.max(0, (samples * 10 + full - 1) / full - 1)]++;
                chunks++;
            }
        }
        out.println();
        out.println("Compaction analysis:");
        out.println("Fullness: Amount of samples in chunks (100% is 120 samples)");
        for (int i = 0; i < buckets.length; i++) {
            out.printf("%7d%%: %s%n", (i + 1) * 10, "#".repeat(chunks == 0 ? 0 : (int) (100 * buckets[i] / chunks)));
        }
    }

    /** Uncovered milliseconds summed, in whole block durations. */
    private static Map<String, Long> perBlock(Map<String, Long> uncovered, long span) {
        Map<String, Long> out = new HashMap<>();
        uncovered.forEach((k, v) -> out.put(k, span <= 0 ? 0 : Long.divideUnsigned(v, span)));
        return out;
    }

    private void section(PrintWriter out, String title, Map<String, Long> counts) {
        out.println();
        out.println(title);
        List<Map.Entry<String, Long>> list = new ArrayList<>(counts.entrySet());
        list.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        for (int i = 0; i < list.size() && i < limit; i++) {
            out.println(list.get(i).getValue() + " " + list.get(i).getKey());
        }
    }
}
