package dev.ignis.launcher.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogfmtLoggerTest {
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    private String capture(String level, String format, Runnable r) {
        LogConfig.configure(level, format);
        LogConfig.output(new PrintStream(buf, true, StandardCharsets.UTF_8));
        r.run();
        return buf.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void reset() {
        LogConfig.configure("info", "logfmt");
        LogConfig.output(System.err);
    }

    @Test
    void writesPrometheusLogfmtShape() {
        LogfmtLogger log = new LogfmtLogger("dev.ignis.config.internal.ConfigLoader");
        String line = capture("info", "logfmt", () -> log.atInfo().addKeyValue("file", "/etc/p y.yml")
                .addKeyValue("n", 3).log("Loading configuration file"));
        assertTrue(line.matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z caller=ConfigLoader level=info "
                + "msg=\"Loading configuration file\" file=\"/etc/p y.yml\" n=3\\n"), line);
    }

    @Test
    void writesJsonWhenAsked() {
        LogfmtLogger log = new LogfmtLogger("main");
        String line = capture("info", "json", () -> log.atWarn().addKeyValue("err", "a \"b\"").log("oops"));
        assertTrue(line.startsWith("{\"caller\":\"main\",\"level\":\"warn\",\"msg\":\"oops\",\"err\":\"a \\\"b\\\"\",\"ts\":\""),
                line);
    }

    @ParameterizedTest(name = "level {0}")
    @CsvSource({"debug, 4", "info, 3", "warn, 2", "error, 1"})
    void filtersBelowThreshold(String level, int lines) {
        LogfmtLogger log = new LogfmtLogger("x");
        String out = capture(level, "logfmt", () -> {
            log.debug("d");
            log.info("i");
            log.warn("w");
            log.error("e");
        });
        assertEquals(lines, out.lines().count(), out);
    }

    @Test
    void librariesAreQuietBelowWarnUnlessDebug() {
        LogfmtLogger jetty = new LogfmtLogger("org.eclipse.jetty.server.Server");
        assertEquals("", capture("info", "logfmt", () -> jetty.info("Started")));
        assertTrue(capture("debug", "logfmt", () -> jetty.info("Started")).contains("msg=Started"));
    }
}
