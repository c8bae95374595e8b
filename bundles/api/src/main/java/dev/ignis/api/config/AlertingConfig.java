package dev.ignis.api.config;

import java.util.List;

/** The {@code alerting} section; both lists empty when absent. */
public record AlertingConfig(List<RelabelConfig> alertRelabelConfigs, List<AlertmanagerConfig> alertmanagers) {
    /** No alerting. */
    public static final AlertingConfig EMPTY = new AlertingConfig(List.of(), List.of());

    public AlertingConfig {
        alertRelabelConfigs = List.copyOf(alertRelabelConfigs);
        alertmanagers = List.copyOf(alertmanagers);
    }

    /** Whether nothing is configured. */
    public boolean isEmpty() {
        return alertRelabelConfigs.isEmpty() && alertmanagers.isEmpty();
    }
}
