package dev.ignis.tool;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ignistool check rules <files>...}: each rule file checked as the server loads it, then
 * linted. Output and exit status as promtool 2.42: 1 when a file has errors, 3 when only lint
 * failed and {@code --lint-fatal} is given, 0 otherwise.
 */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Check if the rule files are valid or not.")
final class CheckRulesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--lint", defaultValue = "duplicate-rules", description = "Linting checks to apply. Available "
            + "options are: all, duplicate-rules, none. Use --lint=none to disable linting")
    String lint;

    @Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
    boolean lintFatal;

    @Parameters(arity = "1..*", paramLabel = "rule-files", description = "The rule files to check.")
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String f : files) {
            if (!Files.exists(Path.of(f))) {
                err.println("ignistool: error: path '" + f + "' does not exist, try --help");
                return 1;
            }
        }
        RuleLint ls = RuleLint.parse(lint, lintFatal, out);
        Outcome outcome = new Outcome();
        for (String f : files) {
            out.println("Checking " + f);
            checkFile(Path.of(f), ls, "", out, err, outcome);
            out.println();
        }
        out.flush();
        return outcome.exitCode(ls);
    }

    /** What the checks of several rule files came to. */
    static final class Outcome {
        boolean failed;
        boolean hasErrors;

        int exitCode(RuleLint ls) {
            return failed && hasErrors ? 1 : failed && ls.fatal ? 3 : 0;
        }
    }

    /**
     * Checks one rule file and prints its result as promtool does; {@code indent} goes before the
     * first line of each error ({@code check config} indents them).
     */
    static void checkFile(Path file, RuleLint ls, String indent, PrintWriter out, PrintWriter err, Outcome outcome) {
        RuleFileCheck.Result r = RuleFileCheck.check(file);
        List<String> errors = r.errors();
        boolean lintOnly = false;
        if (errors.isEmpty()) {
            String report = ls.report(r.keys());
            if (report != null) {
                errors = List.of(report);
                lintOnly = true;
            }
        }
        if (errors.isEmpty()) {
            out.println("  SUCCESS: " + r.rules() + " rules found");
            return;
        }
        out.flush();
        err.println("  FAILED:");
        for (String e : errors) {
            err.println(indent + e);
        }
        err.flush();
        outcome.failed = true;
        outcome.hasErrors |= !lintOnly;
    }
}
