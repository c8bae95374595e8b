package dev.ignis.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ignis.api.config.ConfigSource;
import dev.ignis.api.config.LoadedConfig;
import dev.ignis.api.config.RuntimeInfo;
import dev.ignis.api.labels.Labels;
import dev.ignis.api.metrics.MetricType;
import dev.ignis.api.metrics.MetricWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class ConfigSourceComponentTest {
    @TempDir
    Path dir;

    /** A BundleContext that records registrations and system bundle stops. */
    static final class FakeFramework {
        final Map<String, String> properties = new HashMap<>();
        final List<Object> registered = new ArrayList<>();
        int unregistered;
        int systemStops;

        BundleContext context() {
            Bundle system = (Bundle) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Bundle.class},
                    (p, m, a) -> {
                        if (m.getName().equals("stop")) {
                            systemStops++;
                        }
                        return null;
                    });
            ServiceRegistration<?> reg = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                        if (m.getName().equals("unregister")) {
                            unregistered++;
                        }
                        return null;
                    });
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {BundleContext.class}, (p, m, a) -> switch (m.getName()) {
                        case "getProperty" -> properties.get((String) a[0]);
                        case "getBundle" -> system;
                        case "registerService" -> {
                            registered.add(a[1]);
                            yield reg;
                        }
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private RuntimeInfo runtime(Path config, String mode) {
        return new RuntimeInfoComponent(Map.of("ignis.mode", mode, "ignis.flag.names", "config.file",
                "ignis.flag.config.file", config.toString())::get);
    }

    @AfterEach
    void clearExitCode() {
        System.clearProperty(ConfigSourceComponent.EXIT_CODE);
    }

    @Test
    void registersConfigSourceAfterFirstSuccessfulLoad() throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, "scrape_configs: [{job_name: a}]\n");
        FakeFramework fw = new FakeFramework();
        ConfigSourceComponent c = new ConfigSourceComponent(fw.context(), runtime(file, "server"), Clock.systemUTC());
        assertEquals(1, fw.registered.size());
        ConfigSource source = (ConfigSource) fw.registered.get(0);
        assertSame(c.manager(), source);
        assertEquals("a", source.current().config().scrapeConfigs().get(0).jobName());
        assertTrue(source.lastReloadSuccessful());

        List<LoadedConfig> seen = new ArrayList<>();
        c.addListener(seen::add, Map.of());
        assertEquals(List.of(source.current()), seen, "listener bound after load gets the config at once");
        c.deactivate();
        assertEquals(1, fw.unregistered);
    }

    @Test
    void badFirstLoadStaysUnregisteredWithoutExitProperty() throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, "global: {scrape_interval: x}\n");
        FakeFramework fw = new FakeFramework();
        new ConfigSourceComponent(fw.context(), runtime(file, "server"), Clock.systemUTC()).deactivate();
        assertTrue(fw.registered.isEmpty());
        assertEquals(0, fw.systemStops);
        assertNull(System.getProperty(ConfigSourceComponent.EXIT_CODE));
    }

    @Test
    void badFirstLoadStopsFrameworkWithExitCodeOneWhenAsked() throws Exception {
        FakeFramework fw = new FakeFramework();
        fw.properties.put(ConfigSourceComponent.EXIT_ON_ERROR, "true");
        new ConfigSourceComponent(fw.context(), runtime(dir.resolve("missing.yml"), "server"), Clock.systemUTC());
        assertTrue(fw.registered.isEmpty());
        assertEquals(1, fw.systemStops);
        assertEquals("1", System.getProperty(ConfigSourceComponent.EXIT_CODE));
    }

    @Test
    void agentModeRejectsRuleFiles() throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, "rule_files: [r.yml]\n");
        FakeFramework fw = new FakeFramework();
        new ConfigSourceComponent(fw.context(), runtime(file, "agent"), Clock.systemUTC());
        assertTrue(fw.registered.isEmpty());
        FakeFramework server = new FakeFramework();
        new ConfigSourceComponent(server.context(), runtime(file, "server"), Clock.systemUTC());
        assertEquals(1, server.registered.size());
    }

    @Test
    void exporterReportsReloadState() throws Exception {
        Path file = dir.resolve("p.yml");
        Files.writeString(file, "");
        FakeFramework fw = new FakeFramework();
        ConfigSourceComponent c = new ConfigSourceComponent(fw.context(), runtime(file, "server"), Clock.systemUTC());
        ConfigMetricsExporter exporter = new ConfigMetricsExporter(c.manager());
        Map<String, Double> values = new HashMap<>();
        List<String> families = new ArrayList<>();
        MetricWriter w = new MetricWriter() {
            @Override
            public void family(String name, MetricType type, String help) {
                assertEquals(MetricType.GAUGE, type);
                families.add(name);
            }

            @Override
            public void sample(String name, Labels labels, double value) {
                values.put(name, value);
            }
        };
        exporter.collect(w);
        assertEquals(List.of(ConfigMetricsExporter.SUCCESSFUL, ConfigMetricsExporter.TIMESTAMP), families);
        assertEquals(1.0, values.get(ConfigMetricsExporter.SUCCESSFUL));
        double ts = values.get(ConfigMetricsExporter.TIMESTAMP);
        assertTrue(Math.abs(ts - System.currentTimeMillis() / 1000.0) < 60, "timestamp in seconds: " + ts);

        Files.writeString(file, "foo: 1\n");
        try {
            c.manager().reload();
        } catch (dev.ignis.api.config.ConfigException expected) {
            // the gauge must flip
        }
        exporter.collect(w);
        assertEquals(0.0, values.get(ConfigMetricsExporter.SUCCESSFUL));
        assertFalse(c.manager().lastReloadSuccessful());
    }
}
