package dev.ignis.launcher;

import java.io.IOException;
import java.net.URL;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Felix with a feature set and the flags as framework properties; runs until it stops. */
final class FrameworkRunner {

    private static final Logger LOG = LoggerFactory.getLogger("main");

    /** Set by SIGTERM/SIGINT; bundles not yet started are then left alone. */
    private static volatile boolean stopRequested;

    /** Packages the launcher's class path exports to bundles (SLF4J 2 without SPI Fly). */
    static final String SYSTEM_PACKAGES_EXTRA =
            "org.slf4j;version=2.0.17,org.slf4j.spi;version=2.0.17,org.slf4j.event;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17";

    private final Path home;
    private final Flags flags;
    private final Main.BuildInfo build;

    FrameworkRunner(Path home, Flags flags, Main.BuildInfo build) {
        this.home = home;
        this.flags = flags;
        this.build = build;
    }

    /** Framework properties for these flags: Felix, FileInstall, HTTP, and the ignis.* contract. */
    static Map<String, String> frameworkProperties(Path home, Path cache, Flags flags, Main.BuildInfo build) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SYSTEM_PACKAGES_EXTRA);
        p.put("felix.log.level", "1");
        p.put("ds.loglevel", "warn");

        // Plugins: only finished files count; copy under another name, then rename.
        p.put("felix.fileinstall.dir", home.resolve("deploy").toString());
        p.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "1");

        // The web bundle's ConnectorFactory serves --web.listen-address (TLS, max connections,
        // read timeout); Felix HTTP starts Jetty only with a connector of its own, so it gets a
        // placeholder on a free loopback port that the web bundle's connector replaces.
        HostPort.parse(flags.get("web.listen-address"));
        p.put("org.osgi.service.http.port", "0");
        p.put("org.apache.felix.http.host", "127.0.0.1");
        p.put("ignis.http.connector", "web");
        p.put("org.apache.felix.http.timeout", Long.toString(Durations.parseMillis(flags.get("web.read-timeout"))));
        p.put("org.apache.felix.http.context_path", flags.routePrefix());
        p.put("org.apache.felix.jetty.gziphandler.enable", "true");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        p.put("org.apache.felix.http.name", "ignis");

        Map<String, String> effective = flags.effective();
        p.put("ignis.mode", flags.agentMode() ? "agent" : "server");
        p.put("ignis.flag.names", String.join(",", effective.keySet()));
        effective.forEach((k, v) -> p.put("ignis.flag." + k, v));
        p.put("ignis.features", String.join(",", flags.features()));
        p.put("ignis.start.time", Long.toString(System.currentTimeMillis()));
        p.put("ignis.version", build.version());
        p.put("ignis.revision", build.revision());
        p.put("ignis.branch", build.branch());
        p.put("ignis.build.date", build.buildDate());
        p.put("ignis.build.user", build.buildUser());
        p.put("ignis.home", home.toString());
        p.put("ignis.exit.on.config.error", "true");
        return p;
    }

    int runUntilStopped() throws IOException, BundleException, InterruptedException {
        String set = flags.agentMode() ? "agent" : "server";
        List<Path> jars = FeatureSet.bundles(home, set);
        Path cache = Files.createTempDirectory("ignis-felix-");
        Framework fw = new FrameworkFactory().newFramework(frameworkProperties(home, cache, flags, build));
        try {
            fw.init();
            BundleContext ctx = fw.getBundleContext();
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
            fw.start();
            OsgiLogBridge.install(ctx);
            // Before the bundles start: a termination request while they start (e.g. right
            // after /-/ready answers) must still stop gracefully, not with the JVM's exit 143.
            installSignalHandlers(fw);
            for (Bundle b : installed) {
                if (stopRequested) {
                    break;
                }
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    Thread thread = Thread.currentThread();
                    ClassLoader previous = thread.getContextClassLoader();
                    // ServiceLoader lookups during a bundle's start (static initialisers, threads
                    // it creates) see that bundle's META-INF/services: Jetty's HTTP/2 header
                    // encoder is found this way, and HTTP/2 fails without it.
                    thread.setContextClassLoader(new BundleClassLoader(b));
                    try {
                        b.start();
                    } catch (BundleException | IllegalStateException e) {
                        if (stopRequested) {
                            // The framework is stopping under it: not a start failure.
                            break;
                        }
                        LOG.atError().addKeyValue("bundle", b.getSymbolicName()).addKeyValue("err", e.getMessage())
                                .log("Bundle failed to start");
                        throw e;
                    } finally {
                        thread.setContextClassLoader(previous);
                    }
                }
            }
            if (!stopRequested) {
                LOG.atInfo().addKeyValue("set", set).addKeyValue("bundles", installed.size())
                        .log("Feature set started");
            }
            Thread hook = new Thread(() -> {
                LOG.info("Received termination request, stopping");
                stopQuietly(fw);
            }, "ignis-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            FrameworkEvent ev = fw.waitForStop(0);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
            if (ev.getType() == FrameworkEvent.ERROR) {
                LOG.atError().addKeyValue("err", String.valueOf(ev.getThrowable())).log("Framework stopped with an error");
                return 1;
            }
            LOG.info("See you next time!");
            return Integer.getInteger("ignis.exit.code", 0);
        } finally {
            if (fw.getState() == Bundle.ACTIVE || fw.getState() == Bundle.STARTING) {
                stopQuietly(fw);
            }
            deleteTree(cache);
        }
    }

    private static void stopQuietly(Framework fw) {
        try {
            if (fw.getState() == Bundle.ACTIVE || fw.getState() == Bundle.STARTING) {
                fw.stop();
                fw.waitForStop(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (BundleException | InterruptedException e) {
            LOG.atWarn().addKeyValue("err", e.toString()).log("Error while stopping");
        }
    }

    /**
     * SIGHUP reloads the configuration, as in Prometheus. SIGTERM and SIGINT stop the framework
     * and the process exits 0 once it has stopped, as Prometheus exits after a graceful
     * shutdown; the JVM's own handling would exit 143 or 130. sun.misc.Signal is reached by
     * reflection: javac warns on any direct use of it and the build has zero warnings.
     */
    private static void installSignalHandlers(Framework fw) {
        onSignal("HUP", () -> reloadConfig(fw));
        Runnable stop = () -> {
            stopRequested = true;
            LOG.warn("Received SIGTERM, exiting gracefully...");
            stopQuietly(fw);
        };
        onSignal("TERM", stop);
        onSignal("INT", stop);
    }

    /** Runs {@code action} on a new thread each time the signal arrives. */
    private static void onSignal(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler ih = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    Thread t = new Thread(action, "ignis-sig" + name.toLowerCase(Locale.ROOT));
                    t.setDaemon(true);
                    t.start();
                }
                return null;
            };
            Object handler = Proxy.newProxyInstance(FrameworkRunner.class.getClassLoader(), new Class<?>[] {handlerClass}, ih);
            Object previous = signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            // The JVM keeps a signal the process started with ignored (bin/ignis resets SIGHUP).
            if (previous != null && previous == handlerClass.getField("SIG_IGN").get(null)) {
                LOG.atWarn().addKeyValue("signal", name).log("Signal is ignored by this process and has no effect");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.atWarn().addKeyValue("signal", name).addKeyValue("err", e.toString()).log("Signal handling not available");
        }
    }

    /** Calls {@code ConfigSource.reload()} through the service registry, without the api on the class path. */
    static void reloadConfig(Framework fw) {
        BundleContext ctx = fw.getBundleContext();
        ServiceReference<?> ref = ctx.getServiceReference("dev.ignis.api.config.ConfigSource");
        if (ref == null) {
            LOG.warn("Reload requested but no configuration service is running");
            return;
        }
        Object source = ctx.getService(ref);
        try {
            Class<?> api = ref.getBundle().loadClass("dev.ignis.api.config.ConfigSource");
            Method reload = api.getMethod("reload");
            reload.invoke(source);
        } catch (InvocationTargetException e) {
            // The config service logs the failure itself, with file and line.
            LOG.atDebug().addKeyValue("err", String.valueOf(e.getCause())).log("Reload failed");
        } catch (ReflectiveOperationException e) {
            LOG.atError().addKeyValue("err", e.toString()).log("BUG: cannot call ConfigSource.reload");
        } finally {
            ctx.ungetService(ref);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.atDebug().addKeyValue("dir", dir).log("Could not delete framework cache");
        }
    }

    /** A class loader over one bundle: its classes and resources as the bundle sees them. */
    static final class BundleClassLoader extends ClassLoader {
        private final Bundle bundle;

        BundleClassLoader(Bundle bundle) {
            super(null);
            this.bundle = bundle;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            return bundle.loadClass(name);
        }

        @Override
        protected URL findResource(String name) {
            return bundle.getResource(name);
        }

        @Override
        protected Enumeration<URL> findResources(String name) throws IOException {
            Enumeration<URL> e = bundle.getResources(name);
            return e == null ? Collections.emptyEnumeration() : e;
        }
    }

    /** host:port of --web.listen-address; an empty host means all interfaces. */
    record HostPort(String host, int port) {
        static HostPort parse(String s) {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("address " + s + ": missing port in address");
            }
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.equals("0.0.0.0") || host.equals("::")) {
                host = "";
            }
            int port;
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("address " + s + ": invalid port");
            }
            return new HostPort(host, port);
        }
    }
}
