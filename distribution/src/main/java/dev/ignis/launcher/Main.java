package dev.ignis.launcher;

import dev.ignis.launcher.log.LogConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Entry point of {@code bin/ignis}: parses Prometheus's flags, picks the feature set and runs
 * the OSGi framework until it stops (signal, /-/quit, or a fatal start-up error).
 */
public final class Main {

    /** Exit status for usage errors and flags of the wrong mode, as Prometheus uses. */
    static final int EXIT_USAGE = 3;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        BuildInfo build = BuildInfo.load();
        CommandSpec spec = commandSpec();
        CommandLine cl = new CommandLine(spec);
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("ignis: error: " + e.getMessage() + ", try --help");
            return EXIT_USAGE;
        }
        if (parsed.isUsageHelpRequested()) {
            cl.usage(out);
            return 0;
        }
        if (parsed.isVersionHelpRequested()) {
            out.print(build.versionText("ignis"));
            out.flush();
            return 0;
        }
        Flags flags = new Flags();
        for (OptionSpec o : parsed.matchedOptions()) {
            String name = o.longestName().substring(2);
            if (name.equals("agent")) {
                flags.setAgent(Boolean.TRUE.equals(o.getValue()));
            } else if (name.equals("enable-feature")) {
                List<String> values = o.getValue();
                values.forEach(v -> flags.set(name, v));
            } else {
                Object value = o.getValue();
                flags.set(name, String.valueOf(value));
            }
        }
        List<String> problems = flags.validate();
        if (!problems.isEmpty()) {
            problems.forEach(err::println);
            return EXIT_USAGE;
        }

        LogConfig.configure(flags.get("log.level"), flags.get("log.format"));
        Logger log = LoggerFactory.getLogger("main");
        for (String f : flags.unknownFeatures()) {
            log.atWarn().addKeyValue("option", f).log("Unknown option for --enable-feature");
        }
        if (flags.agentMode()) {
            log.info("Experimental agent mode enabled.");
        }
        log.atInfo().addKeyValue("mode", flags.agentMode() ? "agent" : "server")
                .addKeyValue("version", build.versionSummary())
                .log(flags.agentMode() ? "Starting Ignis Agent" : "Starting Ignis Server");

        Path home = Paths.get(System.getProperty("ignis.home", ".")).toAbsolutePath().normalize();
        try {
            FrameworkRunner runner = new FrameworkRunner(home, flags, build);
            return runner.runUntilStopped();
        } catch (Exception e) {
            log.atError().addKeyValue("err", e.toString()).log("Fatal error during start-up");
            return 1;
        }
    }

    /** The picocli model, generated from {@link Flags#ALL} so the table stays the one source. */
    static CommandSpec commandSpec() {
        CommandSpec spec = CommandSpec.create().name("ignis");
        spec.usageMessage().description("The Ignis monitoring server, compatible with Prometheus 2.42.");
        spec.mixinStandardHelpOptions(true);
        // Kingpin's --no-<flag> for every boolean: picocli's default negation only knows names
        // of word characters and dashes, and all of Prometheus's flags have dots.
        spec.negatableOptionTransformer(new CommandLine.RegexTransformer.Builder()
                .addPattern("^--no-([\\w.-]+)$", "--$1", "--$1")
                .addPattern("^--([\\w.-]+)$", "--no-$1", "--$1")
                .build());
        for (Flag f : Flags.ALL) {
            OptionSpec.Builder b = OptionSpec.builder("--" + f.name()).description(f.help());
            switch (f.kind()) {
                case BOOL -> b.type(boolean.class).arity("0..1").negatable(true);
                case LIST -> b.type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel("<feature>");
                default -> b.type(String.class).arity("1").paramLabel("<" + f.kind().name().toLowerCase() + ">");
            }
            if (!f.defaultValue().isEmpty() && f.kind() != Flag.Kind.BOOL) {
                b.description(f.help() + " Default: " + f.defaultValue());
            }
            spec.addOption(b.build());
        }
        spec.addOption(OptionSpec.builder("--agent").type(boolean.class).arity("0")
                .description("Run in agent mode (same as --enable-feature=agent).").build());
        return spec;
    }

    /** Version facts from the build, for --version and the build-info endpoint. */
    record BuildInfo(String version, String revision, String branch, String buildDate, String buildUser) {
        static BuildInfo load() {
            Properties p = new Properties();
            try (var in = Main.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // Build facts are cosmetic; carry on with "unknown".
            }
            return new BuildInfo(p.getProperty("version", "unknown"), p.getProperty("revision", "unknown"),
                    p.getProperty("branch", "unknown"), p.getProperty("buildDate", "unknown"),
                    p.getProperty("buildUser", "unknown"));
        }

        String versionSummary() {
            return "(version=" + version + ", branch=" + branch + ", revision=" + revision + ")";
        }

        String versionText(String program) {
            return program + ", version " + version + " (branch: " + branch + ", revision: " + revision + ")\n"
                    + "  build user:       " + buildUser + "\n"
                    + "  build date:       " + buildDate + "\n"
                    + "  java version:     " + System.getProperty("java.version") + "\n"
                    + "  platform:         " + System.getProperty("os.name").toLowerCase() + "/"
                    + System.getProperty("os.arch") + "\n";
        }
    }
}
