package dev.ignis.tool;

import dev.ignis.api.storage.LabelMatcher;
import dev.ignis.api.storage.Querier;
import dev.ignis.api.storage.SampleIterator;
import dev.ignis.api.storage.SeriesSet;
import dev.ignis.promql.internal.parser.ParseException;
import dev.ignis.promql.internal.parser.PromQL;
import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.head.Head;
import dev.ignis.tsdb.internal.query.MergeQuerier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ignistool tsdb dump [<db path>]}: every sample in [min-time, max-time] of the series
 * matching the selector, as {@code {labels} value timestamp} lines, series in label order,
 * samples in time order, a timestamp present in several blocks printed once. Reads the blocks
 * and the head rebuilt from {@code wal/} (checkpoint and segments, never written to); WAL
 * tombstones are not applied. Unlike promtool, a data dir without {@code wal/} is not an error.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Dump samples from a TSDB.")
final class TsdbDumpCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<db path>", defaultValue = "data/",
            description = "Database path (default is data/).")
    Path dbPath;

    @Option(names = "--min-time", defaultValue = "-9223372036854775808",
            description = "Minimum timestamp to dump.")
    long minTime;

    @Option(names = "--max-time", defaultValue = "9223372036854775807",
            description = "Maximum timestamp to dump.")
    long maxTime;

    @Option(names = "--match", defaultValue = "{__name__=~'(?s:.*)'}", description = "Series selector.")
    String match;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LabelMatcher[] matchers;
        try {
            matchers = PromQL.parseSelector(match).toArray(new LabelMatcher[0]);
        } catch (ParseException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<Block> blocks = new ArrayList<>();
        try {
            for (Path dir : TsdbListCommand.blockDirs(dbPath)) {
                Block b = Block.open(dir);
                blocks.add(b);
            }
            List<Querier> queriers = new ArrayList<>();
            long newest = Long.MIN_VALUE;
            for (Block b : blocks) {
                newest = Math.max(newest, b.meta().maxTime());
                if (b.overlaps(minTime, maxTime)) {
                    queriers.add(b.querier(minTime, maxTime));
                }
            }
            Head head = WalHead.read(dbPath.resolve("wal"), newest, err);
            if (head != null && head.maxTime() != Long.MIN_VALUE && head.minTime() <= maxTime
                    && head.maxTime() >= minTime) {
                queriers.add(head.querier(minTime, maxTime));
            }
            StringBuilder sb = new StringBuilder(1 << 16);
            // A selector without matchers ({}) selects nothing, as in promtool.
            try (Querier q = new MergeQuerier(queriers)) {
                SeriesSet ss = matchers.length == 0 ? null : q.select(matchers);
                while (ss != null && ss.next()) {
                    String labels = ss.labels().toString();
                    SampleIterator it = ss.iterator();
                    while (it.next()) {
                        long t = it.t();
                        if (t < minTime || t > maxTime) {
                            continue;
                        }
                        sb.append(labels).append(' ').append(GoFloat.formatG(it.v())).append(' ').append(t).append('\n');
                        if (sb.length() > 1 << 16) {
                            out.print(sb);
                            sb.setLength(0);
                        }
                    }
                }
            }
            out.print(sb);
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            for (Block b : blocks) {
                try {
                    b.close();
                } catch (IOException e) {
                    // reading is done
                }
            }
        }
    }
}
