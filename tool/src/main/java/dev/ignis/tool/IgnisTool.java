package dev.ignis.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * ignistool: Ignis's counterpart of promtool. Output formats and exit codes follow promtool
 * 2.42 so scripts written for promtool keep working.
 */
@Command(name = "ignistool", mixinStandardHelpOptions = true, versionProvider = IgnisTool.Version.class,
        description = "Tooling for the Ignis monitoring system.", subcommands = {CheckCommand.class, TsdbCommand.class})
public final class IgnisTool implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line and returns the exit code, writing to the given streams. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Integer direct = OpenMetricsBackfillCommand.direct(args, out, err);
        return direct != null ? direct : runParsed(args, out, err);
    }

    /** Runs a command line through picocli. */
    static int runParsed(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new IgnisTool());
        cmd.setOut(out);
        cmd.setErr(err);
        int code = cmd.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "expected command but got none");
    }

    /** Build facts from the filtered {@code build.properties}. */
    record BuildInfo(String version, String branch, String revision, String buildUser, String buildDate) {
        static BuildInfo load() {
            Properties p = new Properties();
            try (InputStream in = IgnisTool.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall back to "unknown" below
            }
            return new BuildInfo(get(p, "version"), get(p, "branch"), get(p, "revision"), get(p, "buildUser"),
                    get(p, "buildDate"));
        }

        private static String get(Properties p, String key) {
            String v = p.getProperty(key, "");
            return v.isBlank() || v.startsWith("${") ? "unknown" : v.trim();
        }
    }

    /** {@code --version} in promtool's layout, with the Java runtime in place of Go's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {
                "ignistool, version " + b.version() + " (branch: " + b.branch() + ", revision: " + b.revision() + ")",
                "  build user:       " + b.buildUser(),
                "  build date:       " + b.buildDate(),
                "  java version:     " + System.getProperty("java.version"),
                "  platform:         " + System.getProperty("os.name").toLowerCase(Locale.ROOT) + "/"
                        + System.getProperty("os.arch"),
            };
        }
    }
}
