package dev.ignis.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ignistool tsdb ...}: TSDB tooling, as promtool's {@code tsdb} commands. */
@Command(name = "tsdb", mixinStandardHelpOptions = true, description = "Run tsdb commands.",
        subcommands = {CreateBlocksFromCommand.class, TsdbListCommand.class, TsdbDumpCommand.class, TsdbAnalyzeCommand.class})
final class TsdbCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected command but got none");
    }
}
