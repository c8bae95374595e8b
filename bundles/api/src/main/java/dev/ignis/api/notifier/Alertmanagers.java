package dev.ignis.api.notifier;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Read side of the notifier for {@code /api/v1/alertmanagers} and the status page: the
 * Alertmanager endpoints discovered from {@code alerting.alertmanagers}. Thread-safe; each call
 * returns a snapshot.
 */
@ProviderType
public interface Alertmanagers {
    /**
     * The endpoints alerts are sent to, as full URLs including the API path
     * ({@code http://host:9093/api/v2/alerts}), in discovery order.
     */
    List<String> active();

    /** The endpoints relabeling dropped, as URLs in the same form, in discovery order. */
    List<String> dropped();
}
