package dev.ignis.tool;

import dev.ignis.tsdb.internal.block.Block;
import dev.ignis.tsdb.internal.block.BlockMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ignistool tsdb list [<db path>]}: the blocks of a data dir in promtool's table, oldest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List tsdb blocks.")
final class TsdbListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "<db path>", defaultValue = "data/",
            description = "Database path (default is data/).")
    Path dbPath;

    @Option(names = {"-r", "--human-readable"}, description = "Print human readable values.")
    boolean humanReadable;

    @Override
    public Integer call() {
        if (!Files.exists(dbPath)) {
            spec.commandLine().getErr().println("opening the db dir: stat " + dbPath + ": no such file or directory");
            return 1;
        }
        try {
            List<BlockTable.Row> rows = new ArrayList<>();
            for (Path dir : blockDirs(dbPath)) {
                rows.add(new BlockTable.Row(BlockMeta.read(dir), BlockTable.size(dir)));
            }
            BlockTable.print(spec.commandLine().getOut(), rows, humanReadable);
            return 0;
        } catch (IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** The block directories of a data dir, by min time then ULID (as Prometheus orders its blocks). */
    static List<Path> blockDirs(Path db) throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(db)) {
            dirs = new ArrayList<>(s.filter(Files::isDirectory).filter(Block::isBlockDir).toList());
        }
        List<BlockMeta> metas = new ArrayList<>();
        for (Path d : dirs) {
            metas.add(BlockMeta.read(d));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> metas.get(i).minTime())
                .thenComparing(i -> dirs.get(i).getFileName().toString()));
        List<Path> out = new ArrayList<>();
        for (int i : order) {
            out.add(dirs.get(i));
        }
        return out;
    }
}
