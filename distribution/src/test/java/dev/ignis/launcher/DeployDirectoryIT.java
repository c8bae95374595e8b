package dev.ignis.launcher;

import static dev.ignis.launcher.InFramework.eventually;
import static dev.ignis.launcher.InFramework.get;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.ignis.api.metrics.Exporter;
import dev.ignis.testplugin.TestPluginExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * A plugin dropped into deploy/ is installed, updated and removed while the server runs, and
 * its exporter shows on /metrics each time. The plugin jar is built here: a manifest, a DS
 * descriptor and the compiled {@link TestPluginExporter}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployDirectoryIT {

    private static final String BSN = "dev.ignis.test.plugin";

    @Inject
    private BundleContext ctx;

    @Configuration
    public Option[] config() {
        return ExamSupport.featureSet("server");
    }

    @Test
    public void pluginIsInstalledUpdatedAndRemovedLive() throws Exception {
        Path deploy = Path.of(ctx.getProperty("felix.fileinstall.dir"));
        Path target = deploy.resolve("test-plugin.jar");

        dropIn(deploy, target, "1");
        assertTrue("v1 exporter registered", eventually(15, () -> "1".equals(pluginVersion())));
        assertTrue("v1 on /metrics", eventually(10, () -> metrics().contains("ignis_test_plugin_info{version=\"1\"} 1")));

        dropIn(deploy, target, "2");
        assertTrue("v2 exporter registered", eventually(15, () -> "2".equals(pluginVersion())));
        assertEquals("1.0.2", bundle().getVersion().toString());
        assertTrue("v2 on /metrics", eventually(10, () -> metrics().contains("ignis_test_plugin_info{version=\"2\"} 1")));
        assertFalse(metrics().contains("ignis_test_plugin_info{version=\"1\"}"));

        Files.delete(target);
        assertTrue("bundle uninstalled", eventually(15, () -> bundle() == null));
        assertTrue("gone from /metrics", eventually(10, () -> !metrics().contains("ignis_test_plugin_info")));
    }

    @Test
    public void aFileStillBeingCopiedIsNotPickedUp() throws Exception {
        Path deploy = Path.of(ctx.getProperty("felix.fileinstall.dir"));
        Path partial = deploy.resolve("other-plugin.jar.part");
        byte[] jar = pluginJar("9");
        Files.write(partial, java.util.Arrays.copyOf(jar, jar.length / 2));
        // Several FileInstall polls (200 ms each) go by without anything being installed.
        assertFalse(eventually(2, () -> bundle() != null));
        Files.delete(partial);
    }

    /** Copy under a temporary name, then rename: the documented safe way to deploy. */
    private static void dropIn(Path deploy, Path target, String version) throws IOException {
        Path tmp = deploy.resolve(".test-plugin.jar.tmp");
        Files.write(tmp, pluginJar(version));
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static byte[] pluginJar(String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", BSN);
        a.putValue("Bundle-Version", "1.0." + version);
        a.putValue("Import-Package", "dev.ignis.api.labels;version=\"[1.0,2)\",dev.ignis.api.metrics;version=\"[1.0,2)\"");
        a.putValue("Service-Component", "OSGI-INF/plugin.xml");
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + BSN + "\""
                + " immediate=\"true\" activate=\"activate\">\n"
                + "  <implementation class=\"" + TestPluginExporter.class.getName() + "\"/>\n"
                + "  <property name=\"plugin.version\" type=\"String\" value=\"" + version + "\"/>\n"
                + "  <service><provide interface=\"" + Exporter.class.getName() + "\"/></service>\n"
                + "</scr:component>\n";
        String classFile = TestPluginExporter.class.getName().replace('.', '/') + ".class";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf);
                InputStream cls = TestPluginExporter.class.getClassLoader().getResourceAsStream(classFile)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/plugin.xml"));
            jar.write(xml.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry(classFile));
            cls.transferTo(jar);
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private Bundle bundle() {
        for (Bundle b : ctx.getBundles()) {
            if (BSN.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    private String pluginVersion() {
        try {
            for (ServiceReference<Exporter> ref : ctx.getServiceReferences(Exporter.class, "(plugin.version=*)")) {
                return String.valueOf(ref.getProperty("plugin.version"));
            }
            return null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("BUG: bad filter", e);
        }
    }

    private String metrics() {
        try {
            return get(ctx, "/metrics").body();
        } catch (Exception e) {
            return "";
        }
    }
}
