package dev.ignis.launcher;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards entries of the OSGi Log Service (where SCR, ConfigAdmin and FileInstall report, e.g.
 * a component that failed to activate) to the launcher's SLF4J log, warn and above.
 *
 * <p>The log API lives in the org.apache.felix.log bundle, not on the launcher's class path, so
 * the listener is a dynamic proxy of the bundle's own {@code LogListener} interface and entries
 * are read reflectively.
 */
final class OsgiLogBridge implements ServiceListener {

    private static final String READER = "org.osgi.service.log.LogReaderService";
    private final BundleContext ctx;

    private OsgiLogBridge(BundleContext ctx) {
        this.ctx = ctx;
    }

    /** Starts forwarding from any Log Reader service present now or registered later. */
    static void install(BundleContext ctx) {
        OsgiLogBridge bridge = new OsgiLogBridge(ctx);
        try {
            ctx.addServiceListener(bridge, "(objectClass=" + READER + ")");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("BUG: filter", e);
        }
        ServiceReference<?> ref = ctx.getServiceReference(READER);
        if (ref != null) {
            bridge.attach(ref);
        }
    }

    @Override
    public void serviceChanged(ServiceEvent event) {
        if (event.getType() == ServiceEvent.REGISTERED) {
            attach(event.getServiceReference());
        }
    }

    private void attach(ServiceReference<?> ref) {
        Object reader = ctx.getService(ref);
        if (reader == null) {
            return;
        }
        try {
            Class<?> listenerType = ref.getBundle().loadClass("org.osgi.service.log.LogListener");
            Class<?> readerType = ref.getBundle().loadClass(READER);
            EntryReader entries = EntryReader.of(ref.getBundle().loadClass("org.osgi.service.log.LogEntry"));
            Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[] {listenerType},
                    handler(entries));
            readerType.getMethod("addLogListener", listenerType).invoke(reader, listener);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger("main").atWarn().addKeyValue("err", e.toString())
                    .log("Cannot forward the OSGi log");
        }
    }

    private static InvocationHandler handler(EntryReader entries) {
        return (proxy, method, args) -> {
            switch (method.getName()) {
                case "logged" -> forward(entries, args[0]);
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "OsgiLogBridge";
                }
                default -> {
                    // LogListener has a single method.
                }
            }
            return null;
        };
    }

    /** OSGi log levels (R4 ints): 1 error, 2 warning, 3 info, 4 debug. */
    private static void forward(EntryReader entries, Object entry) {
        try {
            int level = (Integer) entries.level().invoke(entry);
            if (level > 2) {
                return;
            }
            Bundle bundle = (Bundle) entries.bundle().invoke(entry);
            String name = bundle == null ? "osgi" : bundle.getSymbolicName();
            Logger log = LoggerFactory.getLogger(name);
            Throwable t = (Throwable) entries.exception().invoke(entry);
            String msg = String.valueOf(entries.message().invoke(entry));
            var event = level == 1 ? log.atError() : log.atWarn();
            if (t != null) {
                event = event.addKeyValue("err", t.toString());
            }
            event.log(msg);
        } catch (ReflectiveOperationException e) {
            // A log entry we cannot read is dropped rather than failing the logging thread.
        }
    }

    /** LogEntry's accessors, looked up once on the interface (implementations are not public). */
    private record EntryReader(Method level, Method bundle, Method exception, Method message) {
        static EntryReader of(Class<?> entryType) throws NoSuchMethodException {
            return new EntryReader(entryType.getMethod("getLevel"), entryType.getMethod("getBundle"),
                    entryType.getMethod("getException"), entryType.getMethod("getMessage"));
        }
    }
}
