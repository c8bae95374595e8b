package dev.ignis.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FlagsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        Map<String, String> eff = new Flags().effective();
        assertEquals("prometheus.yml", eff.get("config.file"));
        assertEquals("0.0.0.0:9090", eff.get("web.listen-address"));
        assertEquals("data/", eff.get("storage.tsdb.path"));
        assertEquals("5m", eff.get("query.lookback-delta"));
        assertEquals("2m", eff.get("query.timeout"));
        assertEquals("50000000", eff.get("query.max-samples"));
        assertEquals("20", eff.get("query.max-concurrency"));
        assertEquals("1h", eff.get("rules.alert.for-outage-tolerance"));
        assertEquals("false", eff.get("web.enable-lifecycle"));
        assertEquals("/", eff.get("web.route-prefix"));
        assertEquals("logfmt", eff.get("log.format"));
    }

    @Test
    void enableFeatureAccumulatesCommaSeparatedValues() {
        Flags f = new Flags();
        f.set("enable-feature", "exemplar-storage,agent");
        f.set("enable-feature", "bogus");
        assertTrue(f.agentMode());
        assertEquals("exemplar-storage,agent,bogus", f.effective().get("enable-feature"));
        assertEquals(java.util.List.of("bogus"), f.unknownFeatures());
    }

    @Test
    void agentFlagAddsAgentFeature() {
        Flags f = new Flags();
        assertFalse(f.agentMode());
        f.setAgent(true);
        assertTrue(f.agentMode());
        assertTrue(f.features().contains("agent"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'', /",
        "http://example.com, /",
        "http://example.com/, /",
        "http://example.com/prometheus, /prometheus",
        "http://example.com/a/b/, /a/b",
    })
    void routePrefixComesFromExternalUrlPath(String external, String prefix) {
        Flags f = new Flags();
        if (!external.isEmpty()) {
            f.set("web.external-url", external);
        }
        assertEquals(prefix, f.routePrefix());
    }

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "0, 0",
        "100ms, 100",
        "5m, 300000",
        "1h30m, 5400000",
        "1d12h, 129600000",
        "2w, 1209600000",
        "1y, 31536000000",
    })
    void parsesPrometheusDurations(String s, long millis) {
        assertEquals(millis, Durations.parseMillis(s));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource({"''", "1.5s", "5m1h", "10", "1hh", "-1m", "1 m"})
    void rejectsInvalidDurations(String s) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parseMillis(s));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.0.0.0:9090, '', 9090", "127.0.0.1:19090, 127.0.0.1, 19090", "[::1]:80, ::1, 80", ":9090, '', 9090"})
    void parsesListenAddress(String addr, String host, int port) {
        assertEquals(new FrameworkRunner.HostPort(host, port), FrameworkRunner.HostPort.parse(addr));
    }

    @Test
    void frameworkPropertiesCarryEveryFlag() {
        Flags f = new Flags();
        f.set("web.listen-address", "127.0.0.1:19191");
        f.set("web.enable-lifecycle", "true");
        Map<String, String> p = FrameworkRunner.frameworkProperties(Path.of("/opt/ignis"), Path.of("/tmp/c"), f,
                new Main.BuildInfo("1.0", "abc", "main", "d", "u"));
        // Felix's own connector is a loopback placeholder; the web bundle's serves the address.
        assertEquals("0", p.get("org.osgi.service.http.port"));
        assertEquals("127.0.0.1", p.get("org.apache.felix.http.host"));
        assertEquals("web", p.get("ignis.http.connector"));
        assertEquals("127.0.0.1:19191", p.get("ignis.flag.web.listen-address"));
        assertEquals("300000", p.get("org.apache.felix.http.timeout"));
        assertEquals("server", p.get("ignis.mode"));
        assertEquals("true", p.get("ignis.flag.web.enable-lifecycle"));
        assertEquals("/opt/ignis/deploy", p.get("felix.fileinstall.dir"));
        for (String name : p.get("ignis.flag.names").split(",")) {
            assertTrue(p.containsKey("ignis.flag." + name), name);
        }
    }
}
