package dev.ignis.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ignistool tsdb create-blocks-from ...}. */
@Command(name = "create-blocks-from", mixinStandardHelpOptions = true, description = "[Experimental] Import samples from input and produce TSDB blocks. Please refer to the storage docs for more details.",
        subcommands = {OpenMetricsBackfillCommand.class})
final class CreateBlocksFromCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected command but got none");
    }
}
