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
        return backfill(input, output, maxBlockDuration, quiet, humanReadable, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * The plain invocations ({@code tsdb create-blocks-from openmetrics}, then {@code -q},
     * {@code --quiet}, {@code -r}, {@code --human-readable} each at most once, and one or two
     * paths) run without picocli, whose classes take about as long to load and set up as the
     * backfill of a million samples: the result is the same as through picocli. Anything else
     * (help, other options, at-files, clustered flags, paths starting with '-' or '@') returns
     * null and goes through picocli.
     *
     * @return the exit code, or null when picocli must handle the command line
     */
    static Integer direct(String[] args, PrintWriter out, PrintWriter err) {
        if (args.length < 4 || !args[0].equals("tsdb") || !args[1].equals("create-blocks-from")
                || !args[2].equals("openmetrics")) {
            return null;
        }
        boolean quiet = false;
        boolean humanReadable = false;
        List<String> paths = new ArrayList<>(2);
        for (int i = 3; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-q", "--quiet" -> {
                    if (quiet) {
                        return null;
                    }
                    quiet = true;
                }
                case "-r", "--human-readable" -> {
                    if (humanReadable) {
                        return null;
                    }
                    humanReadable = true;
                }
                default -> {
                    if (a.isEmpty() || a.startsWith("-") || a.startsWith("@") || paths.size() == 2) {
                        return null;
                    }
                    paths.add(a);
                }
            }
        }
        if (paths.isEmpty()) {
            return null;
        }
        Path output = Path.of(paths.size() == 2 ? paths.get(1) : "data/");
        int code = backfill(Path.of(paths.get(0)), output, 0, quiet, humanReadable, out, err);
        out.flush();
        err.flush();
        return code;
    }

    private static int backfill(Path input, Path output, long maxBlockDuration, boolean quiet, boolean humanReadable,
            PrintWriter out, PrintWriter err) {
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
