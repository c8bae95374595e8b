package dev.ignis.tool;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ignistool check ...}: checks of resource validity. */
@Command(name = "check", mixinStandardHelpOptions = true, description = "Check the resources for validity.",
        subcommands = {CheckConfigCommand.class, CheckRulesCommand.class})
final class CheckCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected command but got none");
    }
}
