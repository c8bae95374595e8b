package dev.ignis.tool;

import dev.ignis.tsdb.internal.backfill.Backfill;
import dev.ignis.tsdb.internal.backfill.BackfillSamples;
import dev.ignis.tsdb.internal.block.BlockMeta;
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
 * {@code ignistool tsdb create-blocks-from openmetrics <input file> [<output directory>]}: as
 * promtool 2.42, prints the blocks it created in promtool's table unless {@code -q}. Progress
 * ("block N written: ULID") goes to stderr, also silenced by {@code -q}; promtool prints none.
 */
@Command(name = "openmetrics", mixinStandardHelpOptions = true,
        description = "Import samples from OpenMetrics input and produce TSDB blocks. Please refer to the storage docs "
                + "for more details.")
final class OpenMetricsBackfillCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<input file>", description = "OpenMetrics file to read samples from.")
    Path input;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<output directory>", defaultValue = "data/",
            description = "Output directory for generated blocks.")
    Path output;

    @Option(names = {"-r", "--human-readable"}, description = "Print human readable values.")
    boolean humanReadable;

    @Option(names = {"-q", "--quiet"}, description = "Do not print created blocks.")
    boolean quiet;

    @Option(names = "--max-block-duration", hidden = true, defaultValue = "0s", converter = GoDuration.Converter.class,
            description = "Maximum duration created blocks may span. Anything less than 2h is ignored.")
    long maxBlockDuration;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<BlockMeta> created = new ArrayList<>();
        BackfillSamples samples;
        try {
            samples = OpenMetricsInput.read(input);
        } catch (OpenMetricsInput.InputException e) {
            err.println("getting min and max timestamp: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("create blocks: " + e.getMessage());
            return 1;
        }
        try {
            Backfill.createBlocks(samples, output, maxBlockDuration, meta -> {
                created.add(meta);
                if (!quiet) {
                    err.println("block " + created.size() + " written: " + meta.ulid());
                    err.flush();
                }
            });
            if (!quiet) {
                List<BlockTable.Row> rows = new ArrayList<>();
                for (BlockMeta m : created) {
                    rows.add(new BlockTable.Row(m, BlockTable.size(output.resolve(m.ulid()))));
                }
                BlockTable.print(out, rows, humanReadable);
            }
        } catch (IOException e) {
            err.println("block creation: " + e.getMessage());
            return 1;
        }
        return 0;
    }
}
