package dev.ignis.tool;

import dev.ignis.api.config.AlertmanagerConfig;
import dev.ignis.api.config.Authorization;
import dev.ignis.api.config.ConfigException;
import dev.ignis.api.config.GoQuote;
import dev.ignis.api.config.PrometheusConfig;
import dev.ignis.api.config.ScrapeConfig;
import dev.ignis.api.config.SdConfig;
import dev.ignis.api.config.TlsConfig;
import dev.ignis.config.parser.ConfigParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ignistool check config <files>...}: parses each config file as the server would and,
 * unless {@code --syntax-only}, checks the files it refers to (rule files, credentials files,
 * TLS key pairs, file_sd files), then checks and lints every rule file. Output and exit status
 * as promtool 2.42: 0 when all is valid, 1 otherwise, 3 for lint failures only with {@code --lint-fatal}.
 */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Check if the config files are valid or not.")
final class CheckConfigCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--syntax-only",
            description = "Only check the config file syntax, ignoring file and content validation referenced in the config")
    boolean syntaxOnly;

    @Option(names = "--lint", defaultValue = "duplicate-rules", description = "Linting checks to apply to the "
            + "rules specified in the config. Available options are: all, duplicate-rules, none. Use --lint=none to "
            + "disable linting")
    String lint;

    @Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
    boolean lintFatal;

    @Option(names = "--agent", description = "Check config file for Prometheus in Agent mode.")
    boolean agent;

    @Parameters(arity = "1..*", paramLabel = "config-files", description = "The config files to check.")
    List<String> files = new ArrayList<>();

    /** A problem found outside the parser (referenced files). */
    static final class CheckException extends Exception {
        private static final long serialVersionUID = 1L;

        CheckException(String message) {
            super(message);
        }
    }

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
        CheckRulesCommand.Outcome outcome = new CheckRulesCommand.Outcome();
        for (String f : files) {
            out.println("Checking " + f);
            List<String> ruleFiles = List.of();
            try {
                ruleFiles = checkConfig(f, out);
                if (!ruleFiles.isEmpty()) {
                    out.println("  SUCCESS: " + ruleFiles.size() + " rule files found");
                }
                out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
            } catch (ConfigException | CheckException e) {
                out.flush();
                err.println("  FAILED: " + e.getMessage());
                err.flush();
                outcome.failed = true;
                outcome.hasErrors = true;
            }
            out.println();
            for (String rf : ruleFiles) {
                out.println("Checking " + rf);
                CheckRulesCommand.checkFile(Path.of(rf), ls, "     ", out, err, outcome);
                out.println();
            }
        }
        out.flush();
        return outcome.exitCode(ls);
    }

    private List<String> checkConfig(String file, PrintWriter out) throws ConfigException, CheckException {
        ConfigParser.Options opts = ConfigParser.Options.defaults().withAgentMode(agent);
        PrometheusConfig cfg = ConfigParser.parseFile(Path.of(file), opts).config();
        List<String> ruleFiles = new ArrayList<>();
        if (!syntaxOnly) {
            for (String rf : cfg.ruleFiles()) {
                List<String> matches = glob(rf);
                if (!rf.contains("*") && matches.isEmpty()) {
                    throw new CheckException(GoQuote.quote(rf) + " does not point to an existing file");
                }
                ruleFiles.addAll(matches);
            }
        }
        for (ScrapeConfig sc : cfg.scrapeConfigs()) {
            Authorization auth = sc.httpClient().authorization();
            if (!syntaxOnly && auth != null && !auth.credentialsFile().isEmpty()
                    && !Files.exists(Path.of(auth.credentialsFile()))) {
                throw new CheckException("error checking authorization credentials or bearer token file "
                        + GoQuote.quote(auth.credentialsFile()) + ": stat " + auth.credentialsFile()
                        + ": no such file or directory");
            }
            checkTls(sc.httpClient().tlsConfig());
            if (!syntaxOnly) {
                fileSdWarnings(sc.sdConfigs(), "scrape job " + GoQuote.quote(sc.jobName()), out);
            }
        }
        for (AlertmanagerConfig am : cfg.alerting().alertmanagers()) {
            if (!syntaxOnly) {
                fileSdWarnings(am.sdConfigs(), "alertmanager config", out);
            }
        }
        return ruleFiles;
    }

    private void checkTls(TlsConfig tls) throws CheckException {
        if (!tls.certFile().isEmpty() && tls.keyFile().isEmpty()) {
            throw new CheckException("client cert file " + GoQuote.quote(tls.certFile())
                    + " specified without client key file");
        }
        if (!tls.keyFile().isEmpty() && tls.certFile().isEmpty()) {
            throw new CheckException("client key file " + GoQuote.quote(tls.keyFile())
                    + " specified without client cert file");
        }
        if (syntaxOnly) {
            return;
        }
        for (String[] f : new String[][] {{"cert", tls.certFile()}, {"key", tls.keyFile()}}) {
            if (!f[1].isEmpty() && !Files.exists(Path.of(f[1]))) {
                throw new CheckException("error checking client " + f[0] + " file " + GoQuote.quote(f[1]) + ": stat "
                        + f[1] + ": no such file or directory");
            }
        }
    }

    private static void fileSdWarnings(List<SdConfig> sds, String where, PrintWriter out) {
        for (SdConfig sd : sds) {
            if (!sd.key().equals("file_sd_configs") || !(sd.raw().get("files") instanceof List<?> files)) {
                continue;
            }
            for (Object o : files) {
                if (o == null) {
                    continue;
                }
                String pattern = o.toString();
                String joined = Path.of(pattern).isAbsolute() || Path.of(sd.file()).getParent() == null ? pattern
                        : Path.of(sd.file()).getParent().resolve(pattern).normalize().toString();
                if (glob(joined).isEmpty()) {
                    out.println("  WARNING: file " + GoQuote.quote(joined) + " for file_sd in " + where
                            + " does not exist");
                }
            }
        }
    }

    /** Go's filepath.Glob for a pattern whose wildcards are in the last element only. */
    static List<String> glob(String pattern) {
        Path p = Path.of(pattern);
        Path name = p.getFileName();
        if (name == null) {
            return List.of();
        }
        String last = name.toString();
        if (last.chars().noneMatch(c -> c == '*' || c == '?' || c == '[')) {
            return Files.exists(p) ? List.of(pattern) : List.of();
        }
        Path dir = p.getParent();
        PathMatcher m = p.getFileSystem().getPathMatcher("glob:" + last.replace("{", "\\{").replace("}", "\\}"));
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir == null ? Path.of(".") : dir)) {
            for (Path e : ds) {
                if (m.matches(e.getFileName())) {
                    out.add(dir == null ? e.getFileName().toString() : dir.resolve(e.getFileName()).toString());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        out.sort(null);
        return out;
    }
}
