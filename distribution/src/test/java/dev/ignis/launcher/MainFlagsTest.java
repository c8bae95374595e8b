package dev.ignis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Command-line handling up to the point where the framework would start. */
class MainFlagsTest {

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("tsdbPathInAgentModeViaFeature",
                        new String[] {"--enable-feature=agent", "--storage.tsdb.path=x"},
                        "The following flag(s) can not be used in agent mode: [\"--storage.tsdb.path\"]"),
                Arguments.of("tsdbPathInAgentModeViaAgentFlag",
                        new String[] {"--agent", "--storage.tsdb.retention.time=1d"},
                        "The following flag(s) can not be used in agent mode: [\"--storage.tsdb.retention.time\"]"),
                Arguments.of("queryFlagInAgentMode",
                        new String[] {"--agent", "--query.timeout=1m", "--rules.alert.resend-delay=2m"},
                        "The following flag(s) can not be used in agent mode: [\"--rules.alert.resend-delay\" \"--query.timeout\"]"),
                Arguments.of("agentPathInServerMode",
                        new String[] {"--storage.agent.path=x"},
                        "The following flag(s) can only be used in agent mode: [\"--storage.agent.path\"]"),
                Arguments.of("badDuration",
                        new String[] {"--query.timeout=1.5s"},
                        "invalid value \"1.5s\" for flag --query.timeout: not a valid duration string: \"1.5s\""),
                Arguments.of("durationUnitsOutOfOrder",
                        new String[] {"--query.lookback-delta=5m1h"},
                        "invalid value \"5m1h\" for flag --query.lookback-delta: not a valid duration string: \"5m1h\""),
                Arguments.of("badLogLevel",
                        new String[] {"--log.level=verbose"},
                        "enum value must be one of debug,info,warn,error, got 'verbose'"),
                Arguments.of("badLogFormat",
                        new String[] {"--log.format=xml"},
                        "enum value must be one of logfmt,json, got 'xml'"),
                Arguments.of("badRetentionSize",
                        new String[] {"--storage.tsdb.retention.size=12 apples"},
                        "invalid value \"12 apples\" for flag --storage.tsdb.retention.size: invalid size"),
                Arguments.of("unknownFlag",
                        new String[] {"--no.such.flag=1"},
                        "ignis: error: Unknown option: '--no.such.flag=1', try --help"),
                Arguments.of("negatedNonBoolean",
                        new String[] {"--no-storage.tsdb.path"},
                        "ignis: error: Unknown option: '--no-storage.tsdb.path', try --help"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsBadFlagsWithExitStatus3(String name, String[] args, String message) {
        StringWriter err = new StringWriter();
        int rc = Main.run(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(Main.EXIT_USAGE, rc);
        assertEquals(message, err.toString().strip());
    }

    static Stream<Arguments> booleans() {
        return Stream.of(
                // args, the flag, the value the launcher passes on (as kingpin parses them)
                Arguments.of(new String[] {"--no-storage.tsdb.wal-compression"}, "storage.tsdb.wal-compression", false),
                Arguments.of(new String[] {"--storage.tsdb.wal-compression"}, "storage.tsdb.wal-compression", true),
                Arguments.of(new String[] {"--no-storage.agent.wal-compression"}, "storage.agent.wal-compression", false),
                Arguments.of(new String[] {"--no-web.enable-lifecycle"}, "web.enable-lifecycle", false),
                Arguments.of(new String[] {"--web.enable-admin-api"}, "web.enable-admin-api", true),
                Arguments.of(new String[] {"--no-storage.tsdb.use-lockfile", "--storage.tsdb.path=x"}, "storage.tsdb.use-lockfile",
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("booleans")
    void booleanFlagsTakeKingpinsNegation(String[] args, String flag, boolean want) {
        picocli.CommandLine.ParseResult parsed = new picocli.CommandLine(Main.commandSpec()).parseArgs(args);
        assertEquals(want, parsed.matchedOptionValue("--" + flag, !want));
    }

    @Test
    void versionNamesProgramAndJava() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--version"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().startsWith("ignis, version "), out.toString());
        assertTrue(out.toString().contains("java version:     " + System.getProperty("java.version")), out.toString());
    }

    @Test
    void helpListsPrometheusFlags() {
        StringWriter out = new StringWriter();
        assertEquals(0, Main.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter())));
        for (Flag f : Flags.ALL) {
            assertTrue(out.toString().contains("--" + f.name()), f.name());
        }
        assertTrue(out.toString().contains("--agent"));
    }
}
