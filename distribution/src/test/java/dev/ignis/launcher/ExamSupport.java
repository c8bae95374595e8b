package dev.ignis.launcher;

import static dev.ignis.launcher.ProcessWaits.freePort;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Constants;

/**
 * Pax Exam set-up shared by the feature-set tests: the same bundles (from the built
 * distribution's feature lists) and the same framework properties (from the launcher's own
 * code) as bin/ignis, with a free port, a temporary config and a temporary deploy directory.
 */
final class ExamSupport {

    private ExamSupport() {
    }

    /** Options for booting feature set {@code set} ("server" or "agent"). */
    static Option[] featureSet(String set) {
        try {
            Path home = Path.of(System.getProperty("ignis.dist", "target/ignis")).toAbsolutePath();
            Path work = Files.createTempDirectory("ignis-it-" + set + "-");
            Path config = work.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 15s\nscrape_configs:\n"
                    + "  - job_name: ignis\n    static_configs:\n      - targets: ['localhost:9090']\n");
            Path deploy = Files.createDirectories(work.resolve("deploy"));

            Flags flags = new Flags();
            boolean agent = set.equals("agent");
            flags.setAgent(agent);
            flags.set("web.listen-address", "127.0.0.1:" + freePort());
            flags.set("config.file", config.toString());
            flags.set("web.enable-lifecycle", "true");
            flags.set(agent ? "storage.agent.path" : "storage.tsdb.path", work.resolve("data").toString());
            Map<String, String> props = FrameworkRunner.frameworkProperties(home, work.resolve("cache"), flags,
                    Main.BuildInfo.load());
            // Pax Exam owns the framework's storage and system packages; a test framework must
            // never stop itself on a config error.
            props.remove(Constants.FRAMEWORK_STORAGE);
            props.remove(Constants.FRAMEWORK_STORAGE_CLEAN);
            props.remove(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA);
            props.put("ignis.exit.on.config.error", "false");
            props.put("felix.fileinstall.dir", deploy.toString());
            props.put("felix.fileinstall.poll", "200");

            List<Option> options = new ArrayList<>();
            props.forEach((k, v) -> options.add(frameworkProperty(k).value(v)));
            options.add(systemPackages(FrameworkRunner.SYSTEM_PACKAGES_EXTRA.split(",")));
            // Pax Exam's own bundles import org.slf4j [1.4,2); SLF4J 2's API serves 1.x callers.
            options.add(systemPackages("org.slf4j;version=1.7.36", "org.slf4j.spi;version=1.7.36",
                    "org.slf4j.helpers;version=1.7.36"));
            options.add(systemProperty("pax.exam.logging").value("none"));
            options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository")
                    .value(System.getProperty("org.ops4j.pax.url.mvn.localRepository", "")));
            options.add(systemProperty("org.ops4j.pax.url.mvn.offline").value("true"));
            options.add(cleanCaches());
            options.add(junitBundles());
            for (Path jar : FeatureSet.bundles(home, set)) {
                options.add(bundle(jar.toUri().toString()).start());
            }
            return options.toArray(new Option[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
