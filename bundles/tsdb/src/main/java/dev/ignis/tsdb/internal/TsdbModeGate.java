package dev.ignis.tsdb.internal;

import dev.ignis.tsdb.internal.agent.AgentComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Enables the server storage component unless the framework runs in agent mode (framework
 * property {@code ignis.mode} is {@code agent}), where it enables the WAL-only agent storage.
 */
@Component(name = "dev.ignis.tsdb.modegate", immediate = true, service = {})
public final class TsdbModeGate {

    /** Framework property naming the mode: {@code server} or {@code agent}. */
    public static final String MODE_PROPERTY = "ignis.mode";

    @Activate
    public TsdbModeGate(ComponentContext cc, BundleContext bc) {
        if (serverMode(bc.getProperty(MODE_PROPERTY))) {
            cc.enableComponent(TsdbComponent.NAME);
        } else {
            cc.enableComponent(AgentComponent.NAME);
        }
    }

    /** Whether the head-backed storage runs for this mode value (absent means server). */
    static boolean serverMode(String mode) {
        return mode == null || !mode.trim().equalsIgnoreCase("agent");
    }
}
